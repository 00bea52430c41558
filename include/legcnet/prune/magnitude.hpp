#pragma once
// Magnitude pruning: the smallest |w| go first.
#include <cstddef>
#include <vector>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"
#include "legcnet/prune/units.hpp"

namespace legcnet::prune {

// The `count` weights of smallest |w| over the whole network (global), or per layer that layer's
// share of `count` (layer_shares: proportional to its size, adding up to `count` exactly). Ties go
// to the earlier weight in name order.
enum class MagnitudeScope { global, layer };
nn::Mask magnitude_mask(const nn::Mlp& trained, std::size_t count, MagnitudeScope scope);

// Node level: in each hidden layer l, the counts[l] units whose outgoing weights have the smallest
// L1 norm (sum over the next layer of |w{L+1}_*_{j}|). Ties go to the earlier unit.
UnitSet magnitude_units(const nn::Mlp& trained, const std::vector<std::size_t>& counts);

}  // namespace legcnet::prune
