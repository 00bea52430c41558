// prune --method spectral: each layer's bipartite graph of |W| sparsified by effective-resistance
// sampling, at a budget (--fraction or --match).
#include <spdlog/spdlog.h>

#include <cmath>
#include <string>
#include <vector>

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/prune/spectral.hpp"
#include "legcnet/stages/common.hpp"
#include "prune_methods.hpp"

namespace legcnet::stages::prune_method {
namespace {

// weight,resistance,leverage,kept in weight order (a weight's row j and column i, row-major).
std::string scores_csv(const std::vector<prune::LayerLeverage>& layers, const nn::Mask& mask, const nn::Mlp& net) {
  const auto names = net.weight_names();
  std::string csv = "weight,resistance,leverage,kept\n";
  std::size_t k = 0;
  for (const auto& layer : layers)
    for (Eigen::Index j = 0; j < layer.leverage.rows(); ++j)
      for (Eigen::Index i = 0; i < layer.leverage.cols(); ++i, ++k) {
        csv += names[k] + ",";
        io::append_double(csv, layer.resistance(j, i));
        csv += ",";
        io::append_double(csv, layer.leverage(j, i));
        csv += mask.keep[k] ? ",1\n" : ",0\n";
      }
  return csv;
}

}  // namespace

Result spectral(const PruneOptions& options) {
  const bool at_init = options.spectral_weights == "init";
  if (!at_init && options.spectral_weights != "model") throw InputError("--spectral-weights must be model or init");
  if (options.spectral_select != "sample" && options.spectral_select != "top")
    throw InputError("--spectral-select must be sample or top");
  const std::string scope = options.scope.empty() ? default_scope("spectral") : options.scope;
  if (scope != "layer" && scope != "global") throw InputError("--scope must be layer or global");
  const std::string& source = at_init ? options.init : options.model;
  if (source.empty())
    throw InputError(at_init ? "--spectral-weights init needs --init FILE (init.csv)" : "--method spectral needs --model FILE");
  if (at_init && !options.model.empty()) spdlog::warn("prune: --model is ignored with --spectral-weights init");
  if (options.spectral_select == "top" && options.seed != PruneOptions{}.seed)
    spdlog::warn("prune: --prune-seed is ignored with --spectral-select top (no random choice)");

  nn::Mlp net = network_from_parameters(source);
  for (const auto& w : net.weights)
    if (!w.allFinite()) throw InputError(source + ": a weight is not finite; no graph to sparsify");
  const std::size_t count = budget_count(options, net);
  std::vector<prune::LayerLeverage> layers;
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    layers.push_back(prune::layer_leverage(net.weights[l]));
    const auto& layer = layers.back();
    // Foster's theorem, a free check of every run: the leverages sum to vertices - components.
    spdlog::info("spectral: layer {}: {} vertices, {} component{}, leverages sum to {:.6f} (Foster: {})", l + 1,
                 layer.vertices, layer.components, layer.components == 1 ? "" : "s", layer.leverage.sum(),
                 layer.vertices - layer.components);
  }
  auto mask = prune::spectral_mask(layers, count,
                                   scope == "global" ? prune::SpectralScope::global : prune::SpectralScope::layer,
                                   options.spectral_select == "top" ? prune::SpectralSelect::top : prune::SpectralSelect::sample,
                                   options.seed);
  std::string scores = scores_csv(layers, mask, net);
  return {std::move(mask), std::move(net), std::move(scores), {}};
}

}  // namespace legcnet::stages::prune_method
