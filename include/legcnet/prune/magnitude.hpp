#pragma once
// Magnitude pruning: the smallest |w| go first.
#include <cstddef>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::prune {

// The `count` weights of smallest |w| over the whole network (global), or per layer the share
// `count / weights` of that layer, rounded (layer). Ties go to the earlier weight in name order.
enum class MagnitudeScope { global, layer };
nn::Mask magnitude_mask(const nn::Mlp& trained, std::size_t count, MagnitudeScope scope);

}  // namespace legcnet::prune
