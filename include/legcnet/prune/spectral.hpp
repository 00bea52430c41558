#pragma once
// One-shot pruning by spectral graph sparsification (after Laenen, TAG-ML at ICML 2023, whose code
// is not public): each layer is a bipartite graph with conductances |W|; every edge's leverage
// |w| R_e is its importance to the graph's spectrum, and the kept edges are drawn with probability
// proportional to it (Spielman-Srivastava sampling), without replacement. The reconstruction and
// its choices: docs/spectral.md.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "legcnet/nn/mask.hpp"

namespace legcnet::prune {

// One layer's effective resistances and leverages, both shaped like its weights (units x inputs).
struct LayerLeverage {
  Eigen::MatrixXd resistance;  // between unit j and input i; +inf across components
  Eigen::MatrixXd leverage;    // |W_ji| R_ji in (0, 1]; 0 where W_ji = 0 (no edge)
  int vertices = 0;            // inputs + units
  int components = 0;          // Foster's theorem: the leverages sum to vertices - components
};
LayerLeverage layer_leverage(const Eigen::MatrixXd& weights);

enum class SpectralScope { layer, global };
enum class SpectralSelect {
  sample,  // K distinct edges, each draw proportional to leverage among those left (Efraimidis-Spirakis keys)
  top,     // the K largest leverages; ties to the earlier weight
};

// Prunes `count` of the network's weights (layers in order, each row-major like weight_names()).
// layer scope: each layer loses its share of `count`, apportioned so that the shares add up to
// `count` exactly (layer_shares in budget.hpp); global: the kept edges are chosen over all layers
// at once. Sampling draws one uniform per weight, in weight order, from the seed's
// "prune-spectral" stream. Weights with leverage 0 (zero weights) go first, in weight order.
nn::Mask spectral_mask(const std::vector<LayerLeverage>& layers, std::size_t count, SpectralScope scope,
                       SpectralSelect select, std::uint64_t seed);

}  // namespace legcnet::prune
