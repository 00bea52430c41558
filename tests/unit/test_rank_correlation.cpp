#include "legcnet/diag/rank_correlation.hpp"
#include "legcnet/error.hpp"
#include "legcnet/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace legcnet::diag {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Tau-b by its definition, over all pairs.
double kendall_tau_b_by_pairs(const std::vector<double>& a, const std::vector<double>& b) {
  double concordant_minus_discordant = 0.0, untied_a = 0.0, untied_b = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      concordant_minus_discordant += (da * db > 0.0) ? 1.0 : (da * db < 0.0 ? -1.0 : 0.0);
      untied_a += da != 0.0 ? 1.0 : 0.0;
      untied_b += db != 0.0 ? 1.0 : 0.0;
    }
  }
  return concordant_minus_discordant / std::sqrt(untied_a * untied_b);
}

TEST(RankCorrelation, AverageRanksShareTies) {
  // scipy.stats.rankdata([1, 2, 2, 3, 3, 3, 4, 5])
  const std::vector<double> ranks = average_ranks(std::vector<double>{1, 2, 2, 3, 3, 3, 4, 5});
  EXPECT_EQ(ranks, (std::vector<double>{1.0, 2.5, 2.5, 5.0, 5.0, 5.0, 7.0, 8.0}));
  EXPECT_EQ(average_ranks(std::vector<double>{0.5, -1.0, 0.5}), (std::vector<double>{2.5, 1.0, 2.5}));
}

TEST(RankCorrelation, HandComputedWithoutTies) {
  // Ranks (2,5,1,6,3,4) and (1,4,2,6,5,3): sum d^2 = 8, rho = 1 - 6*8/(6*35) = 27/35.
  // Of 15 pairs 12 are concordant and 3 discordant: tau = 9/15.
  const std::vector<double> a{0.3, 1.2, -0.5, 2.0, 0.9, 1.1}, b{0.1, 0.8, 0.2, 1.5, 1.0, 0.7};
  EXPECT_NEAR(spearman_rho(a, b), 27.0 / 35.0, 1e-15);
  EXPECT_NEAR(kendall_tau_b(a, b), 0.6, 1e-15);
}

// Reference values from scipy 1.10.1 (Debian python3-scipy):
// scipy.stats.spearmanr(a, b).correlation and scipy.stats.kendalltau(a, b).correlation.
TEST(RankCorrelation, MatchesScipyWithTies) {
  struct Case {
    std::vector<double> a, b;
    double rho, tau;
  };
  const std::vector<Case> cases{
      {{1, 2, 2, 3, 3, 3, 4, 5}, {2, 1, 3, 3, 5, 4, 4, 6}, 0.8386549236063445, 0.7205766921228922},
      {{1, 1, 2, 2, 3, 4, 4, 4, 5, 0.5}, {3, 3, 1, 2, 2, 5, 5, 0, 7, 7}, 0.04062579348027782, 0.0},
      {{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4},
       {2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3},
       0.19073187020980284, 0.1502915281630456},
      {{0.9, 0.8, 0.7, 0.7, 0.1}, {0.1, 0.2, 0.3, 0.3, 0.9}, -1.0, -1.0},
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    EXPECT_NEAR(spearman_rho(cases[c].a, cases[c].b), cases[c].rho, 1e-14) << "case " << c;
    EXPECT_NEAR(kendall_tau_b(cases[c].a, cases[c].b), cases[c].tau, 1e-14) << "case " << c;
  }
}

TEST(RankCorrelation, KendallMatchesPairCountingOnTiedRandomData) {
  RandomStream stream(5, "kendall-test");
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 2 + stream.below(60);
    std::vector<double> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = static_cast<double>(stream.below(7));  // few levels: many ties
      b[i] = static_cast<double>(stream.below(5)) + 0.1 * a[i];
    }
    const double expected = kendall_tau_b_by_pairs(a, b);
    if (std::isnan(expected)) {
      EXPECT_TRUE(std::isnan(kendall_tau_b(a, b)));
    } else {
      EXPECT_NEAR(kendall_tau_b(a, b), expected, 1e-14) << "trial " << trial;
    }
  }
}

TEST(RankCorrelation, DegenerateInputsGiveNan) {
  const std::vector<double> constant{2, 2, 2}, other{1, 2, 3};
  EXPECT_TRUE(std::isnan(spearman_rho(constant, other)));
  EXPECT_TRUE(std::isnan(kendall_tau_b(other, constant)));
  EXPECT_TRUE(std::isnan(spearman_rho(std::vector<double>{1}, std::vector<double>{1})));
  EXPECT_TRUE(std::isnan(kendall_tau_b(std::vector<double>{1, nan, 3}, other)));
  EXPECT_TRUE(std::isnan(top_k_overlap(std::vector<double>{1, nan, 3}, other, 1)));
  EXPECT_THROW((void)spearman_rho(other, std::vector<double>{1, 2}), InputError);
  EXPECT_THROW((void)top_k_overlap(other, other, 0), InputError);
  EXPECT_THROW((void)top_k_overlap(other, other, 4), InputError);
}

TEST(RankCorrelation, TopKOverlap) {
  const std::vector<double> a{0.9, 0.1, 0.5, 0.7, 0.3}, b{0.2, 0.8, 0.6, 0.9, 0.1};
  // top2(a) = {0, 3}, top2(b) = {3, 1}; top3(a) = {0, 3, 2}, top3(b) = {3, 1, 2}.
  EXPECT_DOUBLE_EQ(top_k_overlap(a, b, 1), 0.0);
  EXPECT_DOUBLE_EQ(top_k_overlap(a, b, 2), 0.5);
  EXPECT_DOUBLE_EQ(top_k_overlap(a, b, 3), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(top_k_overlap(a, b, 5), 1.0);
  // A tie at the cut goes to the lower index: top1 of (1, 1) is {0}.
  EXPECT_DOUBLE_EQ(top_k_overlap(std::vector<double>{1, 1}, std::vector<double>{1, 2}, 1), 0.0);

  const RankAgreement all = rank_agreement(a, b, 2);
  EXPECT_EQ(all.k, 2U);
  EXPECT_DOUBLE_EQ(all.top_k_overlap, 0.5);
  EXPECT_DOUBLE_EQ(all.spearman_rho, spearman_rho(a, b));
  EXPECT_DOUBLE_EQ(all.kendall_tau_b, kendall_tau_b(a, b));
}

}  // namespace
}  // namespace legcnet::diag
