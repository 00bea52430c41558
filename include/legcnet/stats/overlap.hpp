#pragma once
// Agreement of two pruned sets beyond chance: Jaccard index, its expectation when both sets are
// drawn at random with the same sizes, and the hypergeometric p-value of the overlap.
#include <cstddef>
#include <limits>

namespace legcnet::stats {

struct Overlap {
  std::size_t items = 0;   // N
  std::size_t first = 0;   // a: size of the first set
  std::size_t second = 0;  // b: size of the second
  std::size_t both = 0;    // k: in both
  double jaccard = std::numeric_limits<double>::quiet_NaN();           // k / (a + b - k); NaN when a = b = 0
  double expected_jaccard = std::numeric_limits<double>::quiet_NaN();  // E[K / (a + b - K)], K hypergeometric
  double p_value = std::numeric_limits<double>::quiet_NaN();           // P(K >= k): overlap at least this large
};

// For two subsets of sizes a and b of N items with k in common. Under the null both sets are
// uniform among the subsets of their sizes (equivalently, the second is, given the first), so the
// overlap K is hypergeometric: P(K = j) = C(a, j) C(N - a, b - j) / C(N, b). The expectation is
// the exact sum over j, not the ratio of expectations. Throws legcnet::InputError when a, b > N or
// k > min(a, b) or k < a + b - N.
[[nodiscard]] Overlap overlap(std::size_t items, std::size_t first, std::size_t second, std::size_t both);

}  // namespace legcnet::stats
