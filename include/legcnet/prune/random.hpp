#pragma once
// Random pruning, the baseline every method must beat.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "legcnet/nn/mask.hpp"
#include "legcnet/prune/units.hpp"

namespace legcnet::prune {

// `count` weights chosen uniformly at random without replacement (the seed's "prune-random" stream).
nn::Mask random_mask(std::size_t weights, std::size_t count, std::uint64_t seed);

// Per layer (layers of `sizes` weights, in weight order): layer l loses its share of `count`
// (layer_shares in budget.hpp), chosen uniformly at random; one shuffle per layer, in layer order,
// from the same stream. The per-layer control for spectral pruning, whose equal-weight limit it is.
nn::Mask random_layer_mask(const std::vector<std::size_t>& sizes, std::size_t count, std::uint64_t seed);

// Node level: counts[l] units of hidden layer l chosen uniformly at random without replacement,
// layer by layer from the seed's "prune-random-units" stream.
UnitSet random_units(const nn::Mlp& net, const std::vector<std::size_t>& counts, std::uint64_t seed);

}  // namespace legcnet::prune
