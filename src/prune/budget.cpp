#include "legcnet/prune/budget.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace legcnet::prune {

std::size_t count_for_fraction(double fraction, std::size_t weights) {
  return static_cast<std::size_t>(std::llround(fraction * static_cast<double>(weights)));
}

std::vector<std::size_t> layer_shares(std::size_t count, const std::vector<std::size_t>& sizes) {
  const std::size_t total = std::accumulate(sizes.begin(), sizes.end(), std::size_t{0});
  std::vector<std::size_t> shares(sizes.size(), 0);
  if (total == 0) return shares;
  count = std::min(count, total);
  // Exact integer arithmetic: count * size fits easily (weights of one network, far below 2^32).
  std::vector<std::size_t> remainders(sizes.size());
  std::size_t given = 0;
  for (std::size_t l = 0; l < sizes.size(); ++l) {
    shares[l] = count * sizes[l] / total;
    remainders[l] = count * sizes[l] % total;
    given += shares[l];
  }
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < count; ++k, ++given) ++shares[order[k]];
  return shares;
}

}  // namespace legcnet::prune
