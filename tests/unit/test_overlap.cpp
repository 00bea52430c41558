// Jaccard, expected Jaccard and the overlap p-value against brute force: every pair of subsets of
// the given sizes enumerated, the Jaccard averaged and the overlaps counted in exact integers.
#include <gtest/gtest.h>

#include <boost/math/distributions/hypergeometric.hpp>

#include <bit>
#include <cmath>
#include <cstdint>

#include "legcnet/error.hpp"
#include "legcnet/stats/overlap.hpp"

namespace legcnet::stats {
namespace {

struct Brute {
  double expected_jaccard = 0.0;
  double p_value = 0.0;
};

// Fixing the first set (the count is the same for every first set of size a) and enumerating all
// second sets of size b as bitmasks.
Brute enumerate(unsigned items, unsigned a, unsigned b, unsigned k) {
  const std::uint32_t first = (1u << a) - 1u;
  std::uint64_t total = 0, at_least = 0;
  double jaccard_sum = 0.0;
  for (std::uint32_t second = 0; second < (1u << items); ++second) {
    if (static_cast<unsigned>(std::popcount(second)) != b) continue;
    const auto both = static_cast<unsigned>(std::popcount(first & second));
    const auto either = static_cast<unsigned>(std::popcount(first | second));
    ++total;
    at_least += both >= k;
    jaccard_sum += static_cast<double>(both) / static_cast<double>(either);
  }
  return {jaccard_sum / static_cast<double>(total), static_cast<double>(at_least) / static_cast<double>(total)};
}

// 1e-12 relative: the brute force sums at most C(14, 7) = 3432 ratios; the library's terms come
// from at most 14 multiplied ratios, each rounded once.
TEST(Overlap, MatchesEnumerationOfEverySubsetPair) {
  int cases = 0;
  for (unsigned items : {1u, 5u, 10u, 14u}) {
    for (unsigned a = 0; a <= items; a += (items > 5 ? 3 : 1)) {
      for (unsigned b = 0; b <= items; b += (items > 5 ? 2 : 1)) {
        if (a + b == 0) continue;
        const unsigned lowest = a + b > items ? a + b - items : 0;
        for (unsigned k = lowest; k <= std::min(a, b); ++k) {
          const Overlap got = overlap(items, a, b, k);
          const Brute want = enumerate(items, a, b, k);
          EXPECT_NEAR(got.expected_jaccard, want.expected_jaccard, 1e-12 * want.expected_jaccard + 1e-15)
              << items << " " << a << " " << b << " " << k;
          EXPECT_NEAR(got.p_value, want.p_value, 1e-12 * want.p_value) << items << " " << a << " " << b << " " << k;
          EXPECT_DOUBLE_EQ(got.jaccard, static_cast<double>(k) / static_cast<double>(a + b - k));
          ++cases;
        }
      }
    }
  }
  EXPECT_GT(cases, 200);
}

TEST(Overlap, ClosedFormsAndEdges) {
  // Identical sets of 3 in 6: P(K >= 3) = 1 / C(6, 3) = 1/20.
  const Overlap same = overlap(6, 3, 3, 3);
  EXPECT_DOUBLE_EQ(same.jaccard, 1.0);
  EXPECT_NEAR(same.p_value, 1.0 / 20.0, 1e-15);
  // Sets forced to overlap (a + b > N): K >= a + b - N surely.
  EXPECT_EQ(overlap(10, 8, 7, 5).p_value, 1.0);
  // Everything pruned by both: Jaccard 1, expected 1, p 1.
  const Overlap all = overlap(7, 7, 7, 7);
  EXPECT_DOUBLE_EQ(all.expected_jaccard, 1.0);
  EXPECT_DOUBLE_EQ(all.p_value, 1.0);
  // Nothing pruned by either: no Jaccard.
  const Overlap none = overlap(7, 0, 0, 0);
  EXPECT_TRUE(std::isnan(none.jaccard));
  EXPECT_TRUE(std::isnan(none.expected_jaccard));
  // One empty set: Jaccard 0 whatever happens.
  EXPECT_DOUBLE_EQ(overlap(7, 0, 3, 0).expected_jaccard, 0.0);
  // Large N (MNIST's 41,000 weights), against Boost.Math's hypergeometric tail (a second method:
  // prime factorisations and incomplete sums; 1e-9 relative): the expected Jaccard is close to
  // that of the mean overlap, ab/N / (a + b - ab/N), K being concentrated (sd ~ 14 around 267).
  const Overlap big = overlap(41000, 1580, 6925, 400);
  const double mean = 1580.0 * 6925.0 / 41000.0;
  EXPECT_NEAR(big.expected_jaccard, mean / (1580.0 + 6925.0 - mean), 1e-4);
  const boost::math::hypergeometric_distribution<double> boost_k(1580, 6925, 41000);
  const double tail = boost::math::cdf(boost::math::complement(boost_k, 399u));
  EXPECT_NEAR(big.p_value, tail, 1e-9 * tail);
  EXPECT_NEAR(overlap(41000, 1580, 6925, 250).p_value, boost::math::cdf(boost::math::complement(boost_k, 249u)), 1e-9);
  EXPECT_THROW((void)overlap(5, 6, 1, 0), InputError);
  EXPECT_THROW((void)overlap(5, 2, 2, 3), InputError);
  EXPECT_THROW((void)overlap(5, 4, 4, 2), InputError);  // at least 3 in common
}

}  // namespace
}  // namespace legcnet::stats
