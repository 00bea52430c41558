#pragma once
// The prune stage: one mask.csv (and optionally a scores file) from one of the pruning methods.
// Options are grouped by the methods that read them; the budget options serve every method
// that prunes a set number of weights.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "legcnet/stages/common.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {

struct PruneOptions {
  std::string method;                    // legc | random | magnitude | spectral | mip
  std::string out;                       // mask.csv (+ mask.toml, its record)
  bool force = false;                    // combine granger/model/match files of different runs (recorded)
  Provenance provenance{"prune", ""};
  std::string scores;                    // per-weight (or per-unit) scores, for the methods that have them
  bool allow_disconnected = false;

  // Budget: --fraction or --match (random, magnitude, and every method with a budget).
  double fraction = std::numeric_limits<double>::quiet_NaN();  // share to prune, in [0, 1); NaN: not given
  std::string match;                     // prune as many weights as this mask does
  std::string model;                     // model.csv (magnitude); random: any name,value file of the net
  std::uint64_t seed = 1;                // --prune-seed: every random choice of a method
  // random, magnitude: prune weights, or whole hidden units (node: --fraction of each hidden layer's
  // units, or --match the per-layer unit counts another mask removes).
  std::string level = "weight";          // weight | node (whole hidden units): random, magnitude, mils
  std::string neuron_mask = "inout";     // node level and mip: a removed unit loses inout or in weights

  // legc
  std::vector<std::string> granger;      // granger.csv; several (one per perturbed run): their consensus
  double min_share = 0.5;                // with several: causal when at least this share of the tests say so
  std::string prune_which = "non-causal";  // non-causal (the paper's tables) | causal
  std::string untestable = "keep";       // keep | prune the untestable weights

  // magnitude, random and spectral: global | layer; empty means the method's own default
  // (magnitude and random: global, spectral: layer), resolved by default_scope.
  std::string scope;

  // spectral
  std::string spectral_select = "sample";   // sample (proportional to leverage) | top (largest leverages)
  std::string spectral_weights = "model";   // model: |W| of --model | init: |W| of --init (pruning at initialisation)
  std::string init;                          // init.csv, with --spectral-weights init

  // mip: the samples come from the training split of --config's dataset (and --seed's split).
  DataOptions data;
  NetworkOptions network;                // must describe --model's network (its activation decides the form)
  std::uint64_t run_seed = 1;            // --seed: the split, and the draw of the samples
  std::string mip_form;                  // relu | linear | pwl; empty: relu for ReLU nets, linear otherwise
  int mip_per_class = 1;                 // correctly classified training samples per class
  double mip_lambda = 5.0;
  double mip_threshold = 0.1;            // a unit with score below this is pruned
  double mip_eps = 1e-5;                 // half-width of the input box of the interval bounds
  std::string mip_layer_penalty = "code";  // code (the authors' sum_largest) | sum
  double mip_time_limit = 0.0;           // seconds, 0: none
  std::string write_lp;                  // the final program, cuts included (CPLEX LP)
  std::string solver_log;                // one CSV row: form,samples,variables,binaries,rows,status,...

  // mils (docs/mils.md): --fraction counts hidden units at node level, --match the units the mask cuts off
  std::string measure = "bdm";           // bdm | entropy (of the sign pattern's 4x4 blocks)
  std::string strategy = "min_absolute"; // min_absolute | max_absolute | min_increase | max_increase | min_decrease | max_decrease
  std::size_t mils_step = 1;             // candidates removed per step (deltas taken at the step's start)
  std::string bdm_boundary = "ignore";   // ignore | recursive (leftover parts cut into 3x3 and 2x2 blocks)
  std::string ctm;                       // CTM table; empty: $LEGCNET_CTM, the installed copy, the source tree's
};

// The --scope a method uses when none is given: layer for spectral, global for the others.
std::string default_scope(const std::string& method);

// Writes mask.csv (and the scores file) and returns the per-layer table (total, pruned, kept,
// % pruned) as text.
std::string prune(const PruneOptions& options);

}  // namespace legcnet::stages
