// prune --method random | magnitude: the baselines, at a budget (--fraction or --match).
#include <string>
#include <vector>

#include "legcnet/error.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/prune/magnitude.hpp"
#include "legcnet/prune/random.hpp"
#include "legcnet/stages/common.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages::prune_method {

Result random(const PruneOptions& options) {
  // Random pruning needs only the network's shape: any name,value file of it, or the --match mask.
  nn::Mlp net = !options.model.empty() ? network_from_parameters(options.model)
                : !options.match.empty()
                    ? nn::Mlp(nn::Architecture{nn::layer_sizes_from_weight_names(
                          io::read_named_values(options.match, "weight", "keep").names, options.match)})
                    : throw InputError("--method random needs --model FILE (any name,value file of the network) or --match");
  const std::string scope = options.scope.empty() ? default_scope("random") : options.scope;
  if (scope != "global" && scope != "layer") throw InputError("--scope must be global or layer");
  const std::size_t count = budget_count(options, net);
  std::vector<std::size_t> sizes;
  for (const auto& w : net.weights) sizes.push_back(static_cast<std::size_t>(w.size()));
  auto mask = scope == "layer" ? prune::random_layer_mask(sizes, count, options.seed)
                               : prune::random_mask(net.weight_count(), count, options.seed);
  return {std::move(mask), std::move(net), {}};
}

Result magnitude(const PruneOptions& options) {
  if (options.model.empty()) throw InputError("--method magnitude needs --model FILE");
  const std::string scope = options.scope.empty() ? default_scope("magnitude") : options.scope;
  if (scope != "global" && scope != "layer") throw InputError("--scope must be global or layer");
  nn::Mlp net = network_from_parameters(options.model);
  const std::size_t count = budget_count(options, net);
  auto mask = prune::magnitude_mask(
      net, count, scope == "layer" ? prune::MagnitudeScope::layer : prune::MagnitudeScope::global);
  return {std::move(mask), std::move(net), {}};
}

}  // namespace legcnet::stages::prune_method
