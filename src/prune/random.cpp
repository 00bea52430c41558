#include "legcnet/prune/random.hpp"

#include <algorithm>
#include <numeric>
#include <span>
#include <vector>

#include "legcnet/prune/budget.hpp"
#include "legcnet/random.hpp"

namespace legcnet::prune {

nn::Mask random_mask(std::size_t weights, std::size_t count, std::uint64_t seed) {
  std::vector<std::size_t> order(weights);
  std::iota(order.begin(), order.end(), std::size_t{0});
  RandomStream stream(seed, "prune-random");
  stream.shuffle(std::span<std::size_t>(order));
  nn::Mask mask{std::vector<std::uint8_t>(weights, 1)};
  for (std::size_t k = 0; k < std::min(count, weights); ++k) mask.keep[order[k]] = 0;
  return mask;
}

nn::Mask random_layer_mask(const std::vector<std::size_t>& sizes, std::size_t count, std::uint64_t seed) {
  const auto shares = layer_shares(count, sizes);
  RandomStream stream(seed, "prune-random");
  nn::Mask mask{std::vector<std::uint8_t>(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}), 1)};
  std::size_t first = 0;
  for (std::size_t l = 0; l < sizes.size(); ++l) {
    std::vector<std::size_t> order(sizes[l]);
    std::iota(order.begin(), order.end(), first);
    stream.shuffle(std::span<std::size_t>(order));
    for (std::size_t k = 0; k < shares[l]; ++k) mask.keep[order[k]] = 0;
    first += sizes[l];
  }
  return mask;
}

UnitSet random_units(const nn::Mlp& net, const std::vector<std::size_t>& counts, std::uint64_t seed) {
  UnitSet units = no_units(net);
  RandomStream stream(seed, "prune-random-units");
  for (std::size_t l = 0; l < units.size(); ++l) {
    std::vector<std::size_t> order(units[l].size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    stream.shuffle(std::span<std::size_t>(order));
    for (std::size_t k = 0; k < std::min(counts.at(l), order.size()); ++k) units[l][order[k]] = true;
  }
  return units;
}

}  // namespace legcnet::prune
