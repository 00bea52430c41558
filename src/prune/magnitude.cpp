#include "legcnet/prune/magnitude.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "legcnet/prune/budget.hpp"

namespace legcnet::prune {
namespace {

// Prunes the `count` smallest |w| among positions first..first+size-1 of `magnitudes`.
void prune_smallest(const std::vector<double>& magnitudes, std::size_t first, std::size_t size, std::size_t count,
                    nn::Mask& mask) {
  std::vector<std::size_t> order(size);
  std::iota(order.begin(), order.end(), first);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return magnitudes[a] < magnitudes[b]; });
  for (std::size_t k = 0; k < std::min(count, size); ++k) mask.keep[order[k]] = 0;
}

}  // namespace

nn::Mask magnitude_mask(const nn::Mlp& trained, std::size_t count, MagnitudeScope scope) {
  const std::size_t total = trained.weight_count();
  std::vector<double> magnitudes(total);
  trained.copy_weights(magnitudes.data());
  for (double& value : magnitudes) value = std::abs(value);
  nn::Mask mask{std::vector<std::uint8_t>(total, 1)};
  if (scope == MagnitudeScope::global) {
    prune_smallest(magnitudes, 0, total, count, mask);
    return mask;
  }
  const double share = total > 0 ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
  std::size_t first = 0;
  for (const auto& w : trained.weights) {
    const auto size = static_cast<std::size_t>(w.size());
    prune_smallest(magnitudes, first, size, count_for_fraction(share, size), mask);
    first += size;
  }
  return mask;
}

}  // namespace legcnet::prune
