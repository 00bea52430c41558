#include "legcnet/diag/rank_correlation.hpp"

#include "legcnet/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

namespace legcnet::diag {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_same_length(std::span<const double> a, std::span<const double> b, const char* caller) {
  if (a.size() != b.size()) {
    throw InputError(std::string(caller) + ": vectors of different lengths (" + std::to_string(a.size()) + " and " +
                     std::to_string(b.size()) + ")");
  }
}

bool has_nan(std::span<const double> values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

// Pairs i < j with keys[i] > keys[j] (strictly), counted while merge-sorting keys.
std::uint64_t count_inversions(std::vector<std::size_t>& keys) {
  std::vector<std::size_t> buffer(keys.size());
  std::uint64_t inversions = 0;
  for (std::size_t width = 1; width < keys.size(); width *= 2) {
    for (std::size_t left = 0; left < keys.size(); left += 2 * width) {
      const std::size_t middle = std::min(left + width, keys.size());
      const std::size_t right = std::min(left + 2 * width, keys.size());
      std::size_t i = left, j = middle, out = left;
      while (i < middle && j < right) {
        if (keys[j] < keys[i]) {
          inversions += middle - i;  // keys[j] is below every key left in the first half
          buffer[out++] = keys[j++];
        } else {
          buffer[out++] = keys[i++];
        }
      }
      while (i < middle) buffer[out++] = keys[i++];
      while (j < right) buffer[out++] = keys[j++];
    }
    keys.swap(buffer);
  }
  return inversions;
}

// Pairs tied in a sorted sequence: sum over runs of equal values of t(t-1)/2.
template <typename Equal>
std::uint64_t tied_pairs(std::size_t n, Equal equal) {
  std::uint64_t pairs = 0;
  std::size_t run = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
    } else {
      pairs += static_cast<std::uint64_t>(run) * (run - 1) / 2;
      run = 1;
    }
  }
  return pairs;
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
  std::vector<double> ranks(values.size());
  std::size_t first = 0;
  while (first < order.size()) {
    std::size_t last = first + 1;
    while (last < order.size() && values[order[last]] == values[order[first]]) ++last;
    // Ranks first+1 .. last share their mean.
    const double rank = 0.5 * static_cast<double>(first + 1 + last);
    for (std::size_t i = first; i < last; ++i) ranks[order[i]] = rank;
    first = last;
  }
  return ranks;
}

double spearman_rho(std::span<const double> a, std::span<const double> b) {
  check_same_length(a, b, "spearman_rho");
  if (a.size() < 2 || has_nan(a) || has_nan(b)) return nan;
  const std::vector<double> ra = average_ranks(a), rb = average_ranks(b);
  const double mean = 0.5 * static_cast<double>(a.size() + 1);  // mean of any average ranks
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    const double da = ra[i] - mean, db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa == 0.0 || sbb == 0.0) return nan;
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

double kendall_tau_b(std::span<const double> a, std::span<const double> b) {
  check_same_length(a, b, "kendall_tau_b");
  const std::size_t n = a.size();
  if (n < 2 || has_nan(a) || has_nan(b)) return nan;

  // Dense ranks of b, then order by (a, b): a discordant pair is then an inversion of b's ranks.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return b[i] < b[j]; });
  std::vector<std::size_t> b_rank(n);
  for (std::size_t i = 0, rank = 0; i < n; ++i) {
    if (i > 0 && b[order[i]] != b[order[i - 1]]) ++rank;
    b_rank[order[i]] = rank;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    return a[i] < a[j] || (a[i] == a[j] && b_rank[i] < b_rank[j]);
  });

  const std::uint64_t a_ties = tied_pairs(n, [&](std::size_t i, std::size_t j) { return a[order[i]] == a[order[j]]; });
  const std::uint64_t joint_ties = tied_pairs(n, [&](std::size_t i, std::size_t j) {
    return a[order[i]] == a[order[j]] && b_rank[order[i]] == b_rank[order[j]];
  });
  std::vector<std::size_t> keys(n);
  for (std::size_t i = 0; i < n; ++i) keys[i] = b_rank[order[i]];
  const std::uint64_t discordant = count_inversions(keys);  // leaves keys sorted
  const std::uint64_t b_ties = tied_pairs(n, [&](std::size_t i, std::size_t j) { return keys[i] == keys[j]; });

  const std::uint64_t total = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  if (a_ties == total || b_ties == total) return nan;
  // concordant - discordant = total - a_ties - b_ties + joint_ties - 2 discordant (scipy's form).
  const double difference = static_cast<double>(total - a_ties - b_ties + joint_ties) - 2.0 * static_cast<double>(discordant);
  const double tau = difference / std::sqrt(static_cast<double>(total - a_ties)) /
                     std::sqrt(static_cast<double>(total - b_ties));
  return std::clamp(tau, -1.0, 1.0);
}

double top_k_overlap(std::span<const double> a, std::span<const double> b, std::size_t k) {
  check_same_length(a, b, "top_k_overlap");
  if (k == 0 || k > a.size()) {
    throw InputError("top_k_overlap: k = " + std::to_string(k) + " is outside 1.." + std::to_string(a.size()));
  }
  if (has_nan(a) || has_nan(b)) return nan;
  auto top = [k](std::span<const double> values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] > values[j]; });
    std::vector<std::uint8_t> chosen(values.size(), 0);
    for (std::size_t i = 0; i < k; ++i) chosen[order[i]] = 1;
    return chosen;
  };
  const std::vector<std::uint8_t> in_a = top(a), in_b = top(b);
  std::size_t common = 0;
  for (std::size_t i = 0; i < a.size(); ++i) common += (in_a[i] != 0 && in_b[i] != 0) ? 1 : 0;
  return static_cast<double>(common) / static_cast<double>(k);
}

RankAgreement rank_agreement(std::span<const double> a, std::span<const double> b, std::size_t k) {
  return RankAgreement{spearman_rho(a, b), kendall_tau_b(a, b), top_k_overlap(a, b, k), k};
}

}  // namespace legcnet::diag
