#include "legcnet/prune/random.hpp"

#include <algorithm>
#include <numeric>
#include <span>
#include <vector>

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

}  // namespace legcnet::prune
