// Lag selection by Sidak-adjusted min-p, residual degrees of freedom, --min-df and the decision's
// log p-value, each against the plain per-lag tests (granger_causality_tests, one QR per model,
// itself matched to statsmodels in test_granger.cpp) and the formulas written out here.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "legcnet/error.hpp"
#include "legcnet/stats/distributions.hpp"
#include "legcnet/stats/granger.hpp"

namespace legcnet::stats {
namespace {

std::vector<double> noise(std::size_t n, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  std::vector<double> v(n);
  for (auto& value : v) value = normal(engine);
  return v;
}

const GrangerOptions kLevels{.stationarity = Stationarity::none};

TEST(GrangerLagRules, SidakAdjustsTheSmallestPForTheNumberOfLagsTested) {
  for (const std::size_t n : {std::size_t{30}, std::size_t{120}}) {
    const auto x = noise(n, 1), y = noise(n, 2);
    GrangerOptions options = kLevels;
    options.lag_selection = LagSelection::min_p_sidak;
    const GrangerDecision d = GrangerTester(x, options).test(y);
    const GrangerDecision min_p = GrangerTester(x, kLevels).test(y);
    ASSERT_TRUE(d.testable);
    double smallest = 1.0;
    int tested = 0, lag = 0;
    for (const auto& t : granger_causality_tests(x, y, n == 30 ? 9 : 14)) {
      if (t.status != LagStatus::ok) continue;
      ++tested;
      if (t.chi2_p_value < smallest) smallest = t.chi2_p_value, lag = t.lag;
    }
    EXPECT_EQ(tested, n == 30 ? 9 : 14);  // 30 points: lags 1..9 have a residual degree of freedom
    EXPECT_EQ(d.lag, lag);
    EXPECT_EQ(d.lag, min_p.lag);
    EXPECT_EQ(d.stat, min_p.stat);
    // At 30 points the chi2 form gives p ~ 1e-113 (2 residual degrees of freedom at lag 9), where
    // 1 - (1 - p)^m is 0 in doubles; there the binomial expansion m p - C(m, 2) p^2 is exact.
    const double m = tested;
    const double sidak = smallest < 1e-8 ? m * smallest - m * (m - 1) / 2 * smallest * smallest
                                         : 1.0 - std::pow(1.0 - smallest, tested);
    EXPECT_NEAR(d.p_value, sidak, 1e-9 * sidak);
    EXPECT_GE(d.p_value, min_p.p_value);
  }
}

TEST(GrangerLagRules, ResidualDegreesOfFreedomAreThoseOfTheChosenLag) {
  const auto x = noise(40, 3), y = noise(40, 4);
  for (int lag = 1; lag <= 12; ++lag) {
    GrangerOptions options = kLevels;
    options.lag_selection = LagSelection::fixed;
    options.fixed_lag = lag;
    const GrangerDecision d = GrangerTester(x, options).test(y);
    ASSERT_TRUE(d.testable) << lag;
    EXPECT_EQ(d.df_resid, 40 - 3 * lag - 1) << lag;
  }
  const GrangerDecision chosen = GrangerTester(x, kLevels).test(y);
  EXPECT_EQ(chosen.df_resid, 40 - 3 * chosen.lag - 1);
  EXPECT_TRUE(std::isnan(GrangerTester(x, kLevels).test(std::vector<double>(40, 2.0)).df_resid));
}

TEST(GrangerLagRules, MinDfLeavesLongerLagsUntestedAndAPairWithoutAnyLagFewDf) {
  const auto x = noise(30, 5), y = noise(30, 6);
  GrangerOptions options = kLevels;
  options.min_df = 10;
  options.keep_lag_details = true;
  const GrangerDecision d = GrangerTester(x, options).test(y);
  ASSERT_TRUE(d.testable);
  ASSERT_EQ(d.lags.size(), 9u);  // lags beyond 9 are clamped away: no 30 points can test them
  for (const auto& t : d.lags) {
    // 30 - 3L - 1 >= 10 up to lag 6; >= 1 up to lag 9.
    const LagStatus expected = t.lag <= 6 ? LagStatus::ok : LagStatus::few_df;
    EXPECT_EQ(t.status, expected) << t.lag;
  }
  EXPECT_LE(d.lag, 6);
  EXPECT_GE(d.df_resid, 10.0);
  // The chosen lag is the smallest p among lags 1..6 of the plain tests.
  const auto plain = granger_causality_tests(x, y, 6);
  const auto best = std::min_element(plain.begin(), plain.end(), [](const GrangerLagTest& a, const GrangerLagTest& b) {
    return a.chi2_p_value < b.chi2_p_value;
  });
  EXPECT_EQ(d.lag, best->lag);
  // With min_df 1 (the default) the same pair may use lags up to 9.
  EXPECT_LE(GrangerTester(x, kLevels).test(y).lag, 9);

  // 12 points: lag 1 leaves 8 residual degrees of freedom, fewer than 10.
  const GrangerDecision few = GrangerTester(noise(12, 7), options).test(noise(12, 8));
  EXPECT_FALSE(few.testable);
  EXPECT_EQ(few.reason, GrangerReason::few_df);
  EXPECT_EQ(to_string(few.reason), "few_df");
  // 4 points: not even one degree of freedom, too_short as before.
  EXPECT_EQ(GrangerTester(noise(4, 7), options).test(noise(4, 8)).reason, GrangerReason::too_short);
  // A fixed lag beyond what min_df allows.
  GrangerOptions fixed = options;
  fixed.lag_selection = LagSelection::fixed;
  fixed.fixed_lag = 8;
  EXPECT_EQ(GrangerTester(x, fixed).test(y).reason, GrangerReason::few_df);
  EXPECT_THROW(GrangerTester(x, {.min_df = 0}), InputError);
}

TEST(GrangerLagRules, LogPValueIsTheLogOfPAndStaysFiniteWhereItUnderflows) {
  const auto y = noise(150, 9);
  const auto e = noise(150, 10);
  std::vector<double> weak(150), strong(150);
  for (std::size_t t = 1; t < 150; ++t) {
    weak[t] = 0.3 * y[t - 1] + e[t];
    strong[t] = y[t - 1] + 1e-5 * e[t];  // p underflows to 0 in either form
  }
  for (const GrangerForm form : {GrangerForm::chi2, GrangerForm::f}) {
    GrangerOptions options = kLevels;
    options.form = form;
    options.keep_lag_details = true;
    const GrangerDecision d = GrangerTester(weak, options).test(y);
    ASSERT_GT(d.p_value, 0.0);
    EXPECT_DOUBLE_EQ(d.log_p_value, std::log(d.p_value));

    const GrangerDecision s = GrangerTester(strong, options).test(y);
    ASSERT_TRUE(s.testable);
    EXPECT_EQ(s.p_value, 0.0);
    ASSERT_TRUE(std::isfinite(s.log_p_value));
    EXPECT_LT(s.log_p_value, -700.0);
    // min-p's statistic is the smallest log p over the lags, from the log tails directly.
    double smallest = 0.0;
    for (const auto& t : s.lags) {
      if (t.status != LagStatus::ok) continue;
      const double log_p = form == GrangerForm::chi2 ? chi2_log_sf(t.chi2_stat, t.lag) : f_log_sf(t.f_stat, t.lag, t.df_denom);
      smallest = std::min(smallest, log_p);
    }
    EXPECT_DOUBLE_EQ(s.log_p_value, smallest);
  }
}

}  // namespace
}  // namespace legcnet::stats
