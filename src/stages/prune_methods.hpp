#pragma once
// The prune stage's per-method parts (src/stages/prune_<method>.cpp), behind one signature: each
// reads the inputs its method needs and returns the mask, the network it applies to, and the
// method's scores as CSV text (empty when the method has none).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"
#include "legcnet/stages/prune.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages::prune_method {

struct Result {
  nn::Mask mask;
  nn::Mlp net;
  std::string scores_csv;
  std::vector<std::pair<std::string, std::string>> files;  // further outputs: path, text
  // A method that reads the run itself (--config, --seed: mip) checks its inputs against that run;
  // its check, not the stage's, is then the one recorded beside --out.
  std::optional<ProvenanceCheck> provenance = std::nullopt;
};

Result legc(const PruneOptions& options);
Result random(const PruneOptions& options);
Result magnitude(const PruneOptions& options);
Result spectral(const PruneOptions& options);
Result mip(const PruneOptions& options);
Result mils(const PruneOptions& options);

// The number of weights --fraction or --match asks `net` to lose; refuses a missing, doubled or
// out-of-range budget, and a --match mask of another network.
std::size_t budget_count(const PruneOptions& options, const nn::Mlp& net);
// --level node: the number of units to remove per hidden layer, round(fraction x units) or as
// many as the --match mask removes (units whose incoming weights it prunes all).
std::vector<std::size_t> unit_budget(const PruneOptions& options, const nn::Mlp& net);

}  // namespace legcnet::stages::prune_method
