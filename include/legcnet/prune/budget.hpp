#pragma once
// How many weights a pruning budget removes. Shared by every method that has a budget.
#include <cstddef>
#include <vector>

namespace legcnet::prune {

// round(fraction * weights), the number of weights a fraction prunes.
std::size_t count_for_fraction(double fraction, std::size_t weights);

// `count` split over layers of `sizes` weights in proportion to their sizes, by largest
// remainder: each layer gets floor(count * size / total), and the units still missing go to the
// largest remainders (ties to the earlier layer). The shares add up to `count` exactly, so a
// per-layer method prunes as many weights as --match asks.
std::vector<std::size_t> layer_shares(std::size_t count, const std::vector<std::size_t>& sizes);

}  // namespace legcnet::prune
