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
  std::vector<std::size_t> sizes;
  for (const auto& w : trained.weights) sizes.push_back(static_cast<std::size_t>(w.size()));
  const auto shares = layer_shares(count, sizes);
  std::size_t first = 0;
  for (std::size_t l = 0; l < sizes.size(); ++l) {
    prune_smallest(magnitudes, first, sizes[l], shares[l], mask);
    first += sizes[l];
  }
  return mask;
}

UnitSet magnitude_units(const nn::Mlp& trained, const std::vector<std::size_t>& counts) {
  UnitSet units = no_units(trained);
  for (std::size_t l = 0; l < units.size(); ++l) {
    const Eigen::VectorXd norms = trained.weights[l + 1].cwiseAbs().colwise().sum().transpose();
    std::vector<std::size_t> order(units[l].size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return norms(static_cast<Eigen::Index>(a)) < norms(static_cast<Eigen::Index>(b));
    });
    for (std::size_t k = 0; k < std::min(counts.at(l), order.size()); ++k) units[l][order[k]] = true;
  }
  return units;
}

}  // namespace legcnet::prune
