#include "legcnet/prune/budget.hpp"

#include <cmath>

namespace legcnet::prune {

std::size_t count_for_fraction(double fraction, std::size_t weights) {
  return static_cast<std::size_t>(std::llround(fraction * static_cast<double>(weights)));
}

}  // namespace legcnet::prune
