#pragma once
// How many weights a pruning budget removes. Shared by every method that has a budget.
#include <cstddef>

namespace legcnet::prune {

// round(fraction * weights), the number of weights a fraction prunes.
std::size_t count_for_fraction(double fraction, std::size_t weights);

}  // namespace legcnet::prune
