// prune --method random | magnitude: the baselines, at a budget (--fraction or --match), of
// weights or (--level node) of whole hidden units.
#include <string>
#include <vector>

#include "legcnet/error.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/prune/magnitude.hpp"
#include "legcnet/prune/random.hpp"
#include "legcnet/stages/common.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages::prune_method {
namespace {

bool node_level(const PruneOptions& options) {
  if (options.level != "weight" && options.level != "node") throw InputError("--level must be weight or node");
  return options.level == "node";
}

// The node-level mask of `units`: the per-unit scores file would say nothing the mask does not.
Result unit_result(const PruneOptions& options, nn::Mlp net, const prune::UnitSet& units) {
  auto mask = prune::unit_mask(net, units, prune::parse_neuron_mask(options.neuron_mask));
  return {std::move(mask), std::move(net), {}, {}};
}

}  // namespace

Result random(const PruneOptions& options) {
  // Random pruning needs only the network's shape: any name,value file of it, or the --match mask.
  nn::Mlp net = !options.model.empty() ? network_from_parameters(options.model)
                : !options.match.empty()
                    ? nn::Mlp(nn::Architecture{nn::layer_sizes_from_weight_names(
                          io::read_named_values(options.match, "weight", "keep").names, options.match)})
                    : throw InputError("--method random needs --model FILE (any name,value file of the network) or --match");
  if (node_level(options)) {
    if (net.weights.size() < 2) throw InputError("--level node: the network has no hidden units");
    const auto units = prune::random_units(net, unit_budget(options, net), options.seed);
    return unit_result(options, std::move(net), units);
  }
  const std::string scope = options.scope.empty() ? default_scope("random") : options.scope;
  if (scope != "global" && scope != "layer") throw InputError("--scope must be global or layer");
  const std::size_t count = budget_count(options, net);
  std::vector<std::size_t> sizes;
  for (const auto& w : net.weights) sizes.push_back(static_cast<std::size_t>(w.size()));
  auto mask = scope == "layer" ? prune::random_layer_mask(sizes, count, options.seed)
                               : prune::random_mask(net.weight_count(), count, options.seed);
  return {std::move(mask), std::move(net), {}, {}};
}

Result magnitude(const PruneOptions& options) {
  if (options.model.empty()) throw InputError("--method magnitude needs --model FILE");
  const std::string scope = options.scope.empty() ? default_scope("magnitude") : options.scope;
  if (scope != "global" && scope != "layer") throw InputError("--scope must be global or layer");
  nn::Mlp net = network_from_parameters(options.model);
  if (node_level(options)) {
    if (net.weights.size() < 2) throw InputError("--level node: the network has no hidden units");
    const auto units = prune::magnitude_units(net, unit_budget(options, net));
    return unit_result(options, std::move(net), units);
  }
  const std::size_t count = budget_count(options, net);
  auto mask = prune::magnitude_mask(
      net, count, scope == "layer" ? prune::MagnitudeScope::layer : prune::MagnitudeScope::global);
  return {std::move(mask), std::move(net), {}, {}};
}

}  // namespace legcnet::stages::prune_method
