#include "legcnet/stages/prune.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/prune/budget.hpp"
#include "legcnet/prune/units.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages {
namespace {

// Per layer of weights: counts, % pruned, and in effect (nn::connectivity): weights on some
// input-to-output path, and the layer's units (those its weights lead to) on none.
std::string layer_table(const nn::Mask& mask, const nn::Mlp& net, const nn::Connectivity& paths) {
  std::string text = "layer,total,pruned,kept,pct_pruned,effective,pct_pruned_effective,dead_units\n";
  char line[192];
  std::size_t first = 0;
  auto add = [&](const std::string& label, std::size_t begin, std::size_t size, std::size_t dead) {
    std::size_t kept = 0, effective = 0;
    for (std::size_t k = begin; k < begin + size; ++k) kept += mask.keep[k], effective += paths.effective[k];
    auto pct = [&](std::size_t gone) { return size > 0 ? 100.0 * static_cast<double>(gone) / static_cast<double>(size) : 0.0; };
    std::snprintf(line, sizeof line, "%s,%zu,%zu,%zu,%.2f,%zu,%.2f,%zu\n", label.c_str(), size, size - kept, kept,
                  pct(size - kept), effective, pct(size - effective), dead);
    text += line;
  };
  std::size_t dead_total = 0;
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    const auto size = static_cast<std::size_t>(net.weights[l].size());
    add(std::to_string(l + 1), first, size, paths.dead_units(l + 1));
    dead_total += paths.dead_units(l + 1);
    first += size;
  }
  add("all", 0, mask.keep.size(), dead_total);
  return text;
}

// A warning when pruning left units on no input-output path: then more weights are gone in effect
// than the mask says.
void warn_dead_units(const nn::Mask& mask, const nn::Connectivity& paths) {
  std::string layers;
  for (std::size_t l = 0; l < paths.live.size(); ++l) {
    const std::size_t dead = paths.dead_units(l);
    if (dead == 0) continue;
    const std::string name = l == 0 ? "inputs" : l + 1 == paths.live.size() ? "outputs" : "layer " + std::to_string(l);
    layers += (layers.empty() ? "" : ", ") + name + " " + std::to_string(dead) + " of " + std::to_string(paths.live[l].size());
  }
  if (layers.empty()) return;
  const double total = static_cast<double>(mask.keep.size());
  spdlog::warn("prune: units on no input-output path: {}; {:.1f}% of the weights pruned, {:.1f}% in effect", layers,
               100.0 * static_cast<double>(mask.pruned()) / total,
               100.0 * (total - static_cast<double>(paths.effective_count())) / total);
}

using Method = std::function<prune_method::Result(const PruneOptions&)>;

const std::map<std::string, Method>& methods() {
  static const std::map<std::string, Method> table{
      {"legc", prune_method::legc},
      {"random", prune_method::random},
      {"magnitude", prune_method::magnitude},
      {"spectral", prune_method::spectral},
      {"mip", prune_method::mip},
      {"mils", prune_method::mils},
  };
  return table;
}

}  // namespace

namespace prune_method {

std::size_t budget_count(const PruneOptions& options, const nn::Mlp& net) {
  const bool fraction_given = !std::isnan(options.fraction);
  if (fraction_given && !options.match.empty()) throw InputError("give --fraction or --match, not both");
  if (!fraction_given && options.match.empty()) throw InputError("--method " + options.method + " needs --fraction or --match");
  if (fraction_given) {
    if (!(options.fraction >= 0.0 && options.fraction < 1.0)) throw InputError("--fraction must lie in [0, 1)");
    return prune::count_for_fraction(options.fraction, net.weight_count());
  }
  const auto matched = io::read_named_values(options.match, "weight", "keep");
  if (matched.names != net.weight_names())
    throw InputError(options.match + " and " + (options.model.empty() ? std::string("the network") : options.model) +
                     " do not fit: their weight names differ");
  return nn::read_mask(options.match, net).pruned();  // keep must be 0 or 1
}

std::vector<std::size_t> unit_budget(const PruneOptions& options, const nn::Mlp& net) {
  const bool fraction_given = !std::isnan(options.fraction);
  if (fraction_given && !options.match.empty()) throw InputError("give --fraction or --match, not both");
  if (!fraction_given && options.match.empty()) throw InputError("--method " + options.method + " needs --fraction or --match");
  if (fraction_given) {
    if (!(options.fraction >= 0.0 && options.fraction < 1.0)) throw InputError("--fraction must lie in [0, 1)");
    std::vector<std::size_t> counts;
    for (std::size_t l = 0; l + 1 < net.weights.size(); ++l)
      counts.push_back(prune::count_for_fraction(options.fraction, static_cast<std::size_t>(net.weights[l].rows())));
    return counts;
  }
  return prune::units_per_layer(prune::removed_units(net, nn::read_mask(options.match, net)));
}

}  // namespace prune_method

std::string default_scope(const std::string& method) { return method == "spectral" ? "layer" : "global"; }

std::string prune(const PruneOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  std::vector<std::string> inputs = options.granger;  // every granger.csv of a consensus belongs to one run
  inputs.insert(inputs.end(), {options.model, options.init, options.match});
  const ProvenanceCheck check = check_provenance(inputs, options.force);
  const auto method = methods().find(options.method);
  if (method == methods().end()) {
    std::string known;
    for (const auto& [name, run] : methods()) known += (known.empty() ? "" : ", ") + name;
    throw InputError("--method must be one of " + known);
  }
  auto result = method->second(options);
  if (!options.scores.empty() && result.scores_csv.empty())
    throw InputError("--scores: method " + options.method + " has no scores to write");
  for (const auto& [flag, path] : {std::pair{"--write-lp", options.write_lp}, std::pair{"--solver-log", options.solver_log}})
    if (!path.empty() && std::none_of(result.files.begin(), result.files.end(), [&](const auto& file) { return file.first == path; }))
      throw InputError(std::string(flag) + ": method " + options.method + " writes no such file (only mip does)");
  if (!options.allow_disconnected && !nn::outputs_connected(result.mask, result.net))
    throw InputError("this mask cuts every path from the inputs to some output; refusing (use --allow-disconnected to "
                     "write it anyway)");
  io::AtomicFileSet files;
  nn::write_mask(files.open(options.out).stream(), result.mask, result.net);
  if (!options.scores.empty()) files.open(options.scores).stream() << result.scores_csv;
  files.open(record_path_for(options.out)).stream() << file_record(options.provenance, result.provenance.value_or(check));
  for (const auto& [path, text] : result.files) files.open(path).stream() << text;
  files.commit_all();
  spdlog::info("prune ({}): {} of {} weights pruned -> {}", options.method, result.mask.pruned(), result.mask.keep.size(),
               options.out);
  const nn::Connectivity paths = nn::connectivity(result.mask, result.net);
  warn_dead_units(result.mask, paths);
  return layer_table(result.mask, result.net, paths);
}

}  // namespace legcnet::stages
