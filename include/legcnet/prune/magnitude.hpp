#pragma once
// Magnitude pruning: the smallest |w| go first.
#include <cstddef>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::prune {

// The `count` weights of smallest |w| over the whole network (global), or per layer that layer's
// share of `count` (layer_shares: proportional to its size, adding up to `count` exactly). Ties go
// to the earlier weight in name order.
enum class MagnitudeScope { global, layer };
nn::Mask magnitude_mask(const nn::Mlp& trained, std::size_t count, MagnitudeScope scope);

}  // namespace legcnet::prune
