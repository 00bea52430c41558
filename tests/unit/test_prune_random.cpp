// Random pruning per layer: exact per-layer counts and uniform choice within each layer.
#include <gtest/gtest.h>

#include <numeric>

#include "legcnet/prune/random.hpp"
#include "legcnet/stats/distributions.hpp"

using namespace legcnet;

TEST(RandomLayerMask, CountsPerLayerAndUniformWithinEachLayer) {
  const std::vector<std::size_t> sizes{8, 4};
  // 6 of 12: shares 4 and 2. Every weight of a layer is pruned with probability q = share / size
  // (1/2 here). The per-weight counts over N seeds have covariance N q (1 - q) size / (size - 1)
  // (I - J / size) (s of n drawn without replacement each time), so Pearson's statistic against
  // the equal expectations N q is (1 - q) size / (size - 1) times a chi-square on size - 1 df;
  // dividing by that factor gives the chi-square. 4,000 seeds; fails below p = 0.001 (fixed seeds:
  // the outcome is fixed too).
  const int seeds = 4000;
  std::vector<double> pruned(12, 0.0);
  for (int seed = 1; seed <= seeds; ++seed) {
    const auto mask = prune::random_layer_mask(sizes, 6, static_cast<std::uint64_t>(seed));
    ASSERT_EQ(std::count(mask.keep.begin(), mask.keep.begin() + 8, 0), 4);
    ASSERT_EQ(std::count(mask.keep.begin() + 8, mask.keep.end(), 0), 2);
    for (std::size_t k = 0; k < 12; ++k) pruned[k] += mask.keep[k] == 0;
  }
  for (const auto& [first, size, share] : {std::tuple{0, 8, 4}, std::tuple{8, 4, 2}}) {
    const double q = static_cast<double>(share) / size, expected = seeds * q;
    double statistic = 0;
    for (int k = first; k < first + size; ++k)
      statistic += (pruned[static_cast<std::size_t>(k)] - expected) * (pruned[static_cast<std::size_t>(k)] - expected) / expected;
    statistic /= (1 - q) * size / (size - 1.0);
    EXPECT_GT(stats::chi2_sf(statistic, size - 1), 0.001) << "layer starting at " << first;
  }
  EXPECT_EQ(prune::random_layer_mask(sizes, 6, 3).keep, prune::random_layer_mask(sizes, 6, 3).keep);
  EXPECT_NE(prune::random_layer_mask(sizes, 6, 3).keep, prune::random_layer_mask(sizes, 6, 4).keep);
}
