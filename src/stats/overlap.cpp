#include "legcnet/stats/overlap.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "legcnet/error.hpp"

namespace legcnet::stats {

namespace {

double ratio(std::size_t numerator, std::size_t denominator) {
  return denominator == 0 ? std::numeric_limits<double>::quiet_NaN()
                          : static_cast<double>(numerator) / static_cast<double>(denominator);
}

// log of a + b for logs, exact when either is -inf.
double log_add(double a, double b) {
  if (a < b) std::swap(a, b);
  return b == -std::numeric_limits<double>::infinity() ? a : a + std::log1p(std::exp(b - a));
}

}  // namespace

Overlap overlap(std::size_t items, std::size_t first, std::size_t second, std::size_t both) {
  const std::size_t lowest = first + second > items ? first + second - items : 0;
  const std::size_t highest = std::min(first, second);
  if (first > items || second > items || both > highest || both < lowest)
    throw InputError("overlap: " + std::to_string(both) + " in common is impossible for sets of " +
                     std::to_string(first) + " and " + std::to_string(second) + " of " + std::to_string(items));
  Overlap o{items, first, second, both};
  o.jaccard = ratio(both, first + second - both);
  if (first + second == 0) return o;  // both empty: no Jaccard, and K = 0 surely
  // Unnormalised log P(K = j) from the ratio P(j + 1) / P(j) = (a - j)(b - j) / ((j + 1)(N - a - b + j + 1)),
  // normalised by their sum: no factorials, so nothing of the size of log N! loses the digits.
  const auto a = static_cast<double>(first), b = static_cast<double>(second), n = static_cast<double>(items);
  std::vector<double> log_weight(highest - lowest + 1);
  log_weight[0] = 0.0;
  for (std::size_t j = lowest; j < highest; ++j) {
    const auto jj = static_cast<double>(j);
    log_weight[j - lowest + 1] =
        log_weight[j - lowest] + std::log((a - jj) * (b - jj)) - std::log((jj + 1.0) * (n - a - b + jj + 1.0));
  }
  double log_total = -std::numeric_limits<double>::infinity(), log_tail = log_total;
  for (std::size_t j = highest + 1; j-- > lowest;) {
    log_total = log_add(log_total, log_weight[j - lowest]);
    if (j == both) log_tail = log_total;  // the sum over j >= k, taken from the top down
  }
  double expected = 0.0;
  for (std::size_t j = lowest; j <= highest; ++j)
    if (j > 0) expected += std::exp(log_weight[j - lowest] - log_total) * ratio(j, first + second - j);
  o.expected_jaccard = expected;
  o.p_value = std::min(1.0, std::exp(log_tail - log_total));
  return o;
}

}  // namespace legcnet::stats
