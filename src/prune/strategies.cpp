#include "legcnet/prune/strategies.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "legcnet/random.hpp"

namespace legcnet::prune {

nn::Mask legc_mask(const std::vector<GrangerVerdict>& verdicts, PruneWhich which, UntestablePolicy untestable) {
  nn::Mask mask;
  for (const auto& verdict : verdicts) {
    bool prune = false;
    if (!verdict.testable) prune = untestable == UntestablePolicy::prune;
    else prune = which == PruneWhich::non_causal ? !verdict.causal : verdict.causal;
    mask.keep.push_back(prune ? 0 : 1);
  }
  return mask;
}

nn::Mask random_mask(std::size_t weights, std::size_t count, std::uint64_t seed) {
  std::vector<std::size_t> order(weights);
  std::iota(order.begin(), order.end(), std::size_t{0});
  RandomStream stream(seed, "prune-random");
  stream.shuffle(std::span<std::size_t>(order));
  nn::Mask mask{std::vector<std::uint8_t>(weights, 1)};
  for (std::size_t k = 0; k < std::min(count, weights); ++k) mask.keep[order[k]] = 0;
  return mask;
}

std::size_t count_for_fraction(double fraction, std::size_t weights) {
  return static_cast<std::size_t>(std::llround(fraction * static_cast<double>(weights)));
}

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
