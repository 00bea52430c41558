#include "legcnet/prune/spectral.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "legcnet/prune/budget.hpp"
#include "legcnet/prune/resistance.hpp"
#include "legcnet/random.hpp"

namespace legcnet::prune {
namespace {

// Keeps the `keep` largest keys among positions first..first+size-1 (ties to the earlier weight)
// and prunes the rest.
void keep_largest(const std::vector<double>& keys, std::size_t first, std::size_t size, std::size_t keep, nn::Mask& mask) {
  std::vector<std::size_t> order(size);
  std::iota(order.begin(), order.end(), first);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] > keys[b]; });
  for (std::size_t k = std::min(keep, size); k < size; ++k) mask.keep[order[k]] = 0;
}

}  // namespace

LayerLeverage layer_leverage(const Eigen::MatrixXd& weights) {
  LayerLeverage layer;
  layer.resistance = effective_resistances(weights);
  layer.leverage = Eigen::MatrixXd::Zero(weights.rows(), weights.cols());
  for (Eigen::Index j = 0; j < weights.rows(); ++j)
    for (Eigen::Index i = 0; i < weights.cols(); ++i)
      if (weights(j, i) != 0.0) layer.leverage(j, i) = std::abs(weights(j, i)) * layer.resistance(j, i);
  layer.vertices = static_cast<int>(weights.rows() + weights.cols());
  layer.components = bipartite_components(weights).count;
  return layer;
}

nn::Mask spectral_mask(const std::vector<LayerLeverage>& layers, std::size_t count, SpectralScope scope,
                       SpectralSelect select, std::uint64_t seed) {
  // One key per weight in weight order; the largest keys are kept. Sampling: Efraimidis-Spirakis,
  // key = u^(1/l) with u uniform on (0, 1], compared as log(u) / l; the K largest keys are a draw of
  // K distinct edges, each with probability proportional to l among those not yet drawn. A zero
  // leverage gets -inf: never kept while any edge is left.
  RandomStream stream(seed, "prune-spectral");
  std::vector<double> keys;
  std::vector<std::size_t> sizes;
  for (const auto& layer : layers) {
    const auto& leverage = layer.leverage;
    sizes.push_back(static_cast<std::size_t>(leverage.size()));
    for (Eigen::Index j = 0; j < leverage.rows(); ++j)
      for (Eigen::Index i = 0; i < leverage.cols(); ++i) {
        const double l = leverage(j, i);
        if (select == SpectralSelect::top) {
          keys.push_back(l);
          continue;
        }
        const double u = 1.0 - stream.uniform();
        keys.push_back(l > 0.0 ? std::log(u) / l : -std::numeric_limits<double>::infinity());
      }
  }
  nn::Mask mask{std::vector<std::uint8_t>(keys.size(), 1)};
  count = std::min(count, keys.size());
  if (scope == SpectralScope::global) {
    keep_largest(keys, 0, keys.size(), keys.size() - count, mask);
    return mask;
  }
  const auto shares = layer_shares(count, sizes);
  std::size_t first = 0;
  for (std::size_t l = 0; l < sizes.size(); ++l) {
    keep_largest(keys, first, sizes[l], sizes[l] - shares[l], mask);
    first += sizes[l];
  }
  return mask;
}

}  // namespace legcnet::prune
