#pragma once
// Random pruning, the baseline every method must beat.
#include <cstddef>
#include <cstdint>

#include "legcnet/nn/mask.hpp"

namespace legcnet::prune {

// `count` weights chosen uniformly at random without replacement (the seed's "prune-random" stream).
nn::Mask random_mask(std::size_t weights, std::size_t count, std::uint64_t seed);

}  // namespace legcnet::prune
