#include "legcnet/error.hpp"
#include "legcnet/stats/distributions.hpp"
#include "legcnet/stats/granger.hpp"

#include "stats_reference.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <thread>
#include <vector>

namespace legcnet::stats {
namespace {

using reference::ErrorTracker;
using reference::reference_rtol;
using reference::ReferenceTable;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Case {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  int max_lag = 0;
};

std::vector<Case> reference_cases() {
  const ReferenceTable inputs("granger_inputs.csv");
  const ReferenceTable meta("granger_cases.csv");
  std::vector<Case> cases;
  for (std::size_t r = 0; r < meta.size(); ++r) {
    Case c{meta.text(r, "case"), {}, {}, meta.integer(r, "maxlag")};
    c.x = reference::series(inputs, c.name, "x");
    c.y = reference::series(inputs, c.name, "y");
    EXPECT_EQ(static_cast<int>(c.x.size()), meta.integer(r, "n"));
    cases.push_back(std::move(c));
  }
  return cases;
}

// `errors` tracks everything but F and chi2, `stat_errors` those two.
void expect_lag_matches(const GrangerLagTest& got, const ReferenceTable& expected, std::size_t r,
                        ErrorTracker& errors, ErrorTracker& stat_errors) {
  ASSERT_EQ(got.status, LagStatus::ok);
  EXPECT_EQ(got.nobs, expected.integer(r, "nobs"));
  EXPECT_TRUE(errors.near(got.rss_restricted, expected.number(r, "ssr_restricted"), reference_rtol, "rss_r"));
  EXPECT_TRUE(errors.near(got.rss_unrestricted, expected.number(r, "ssr_unrestricted"), reference_rtol, "rss_u"));
  // F and chi2 are proportional to rss_r - rss_u. When y explains almost nothing that difference
  // cancels: each RSS is accurate to ~n eps relative (1e-13 for n <= ~200, either side), so the
  // statistic is only determined to 1e-13 rss_r / (rss_r - rss_u) relative, by statsmodels too.
  const double rss_r = expected.number(r, "ssr_restricted");
  const double explained = rss_r - expected.number(r, "ssr_unrestricted");
  const double stat_rtol = std::max(reference_rtol, 1e-13 * rss_r / explained);
  EXPECT_TRUE(stat_errors.near(got.f_stat, expected.number(r, "f_stat"), stat_rtol, "F"));
  EXPECT_TRUE(errors.near(got.f_p_value, expected.number(r, "f_p"), reference_rtol, "F p"));
  EXPECT_EQ(got.df_denom, expected.number(r, "f_df_denom"));
  EXPECT_EQ(got.lag, expected.integer(r, "f_df_num"));
  EXPECT_TRUE(stat_errors.near(got.chi2_stat, expected.number(r, "chi2_stat"), stat_rtol, "chi2"));
  EXPECT_TRUE(errors.near(got.chi2_p_value, expected.number(r, "chi2_p"), reference_rtol, "chi2 p"));
  EXPECT_EQ(got.lag, expected.integer(r, "chi2_df"));
}

TEST(GrangerReference, PlainTestsMatchStatsmodels) {
  const ReferenceTable expected("granger_expected.csv");
  ErrorTracker errors;
  ErrorTracker stat_errors;
  const auto cases = reference_cases();
  ASSERT_GE(cases.size(), 10U);
  for (const Case& c : cases) {
    const auto tests = granger_causality_tests(c.x, c.y, c.max_lag);
    const auto rows = expected.rows_where("case", c.name);
    ASSERT_EQ(rows.size(), tests.size()) << c.name;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      SCOPED_TRACE(c.name + " lag " + std::to_string(i + 1));
      expect_lag_matches(tests[i], expected, rows[i], errors, stat_errors);
    }
  }
  errors.record("max_relative_error");
  stat_errors.record("max_relative_error_statistics");
}

TEST(GrangerReference, TesterMatchesStatsmodelsAtEveryLag) {
  const ReferenceTable expected("granger_expected.csv");
  ErrorTracker errors;
  ErrorTracker stat_errors;
  for (const Case& c : reference_cases()) {
    const GrangerTester tester(
        c.x, {.max_lag = c.max_lag, .stationarity = Stationarity::none, .keep_lag_details = true});
    const GrangerDecision d = tester.test(c.y);
    ASSERT_TRUE(d.testable) << c.name;
    const auto rows = expected.rows_where("case", c.name);
    ASSERT_EQ(rows.size(), d.lags.size()) << c.name;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      SCOPED_TRACE(c.name + " lag " + std::to_string(i + 1));
      expect_lag_matches(d.lags[i], expected, rows[i], errors, stat_errors);
    }
  }
  errors.record("max_relative_error");
  stat_errors.record("max_relative_error_statistics");
}

TEST(GrangerReference, DecisionMatchesStatsmodelsProcedure) {
  const ReferenceTable expected("granger_decision_expected.csv");
  ErrorTracker errors;
  const auto cases = reference_cases();
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const std::string name = expected.text(r, "case");
    const std::string form = expected.text(r, "form");
    const std::string select = expected.text(r, "select");
    SCOPED_TRACE(name + " " + form + " " + select);
    const Case& c = *std::find_if(cases.begin(), cases.end(), [&](const Case& k) { return k.name == name; });
    GrangerOptions options;
    options.max_lag = c.max_lag;
    options.form = form == "chi2" ? GrangerForm::chi2 : GrangerForm::f;
    options.lag_selection = select == "min_p" ? LagSelection::min_p
                            : select == "aic" ? LagSelection::aic
                                              : LagSelection::bic;
    const GrangerDecision d = GrangerTester(c.x, options).test(c.y);
    ASSERT_TRUE(d.testable);
    EXPECT_EQ(d.reason, GrangerReason::none);
    EXPECT_EQ(d.differenced, expected.integer(r, "differenced") == 1);
    EXPECT_EQ(d.n, expected.integer(r, "n"));
    EXPECT_EQ(d.lag, expected.integer(r, "lag"));
    EXPECT_TRUE(errors.near(d.stat, expected.number(r, "stat"), reference_rtol, "stat"));
    EXPECT_TRUE(errors.near(d.p_value, expected.number(r, "p_value"), reference_rtol, "p"));
    EXPECT_TRUE(errors.near(d.adf_p_x, expected.number(r, "adf_p_x"), reference_rtol, "adf p x"));
    EXPECT_TRUE(errors.near(d.adf_p_y, expected.number(r, "adf_p_y"), reference_rtol, "adf p y"));
  }
  errors.record("max_relative_error");
}

std::vector<double> noise(std::size_t n, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  std::vector<double> v(n);
  for (auto& value : v) value = normal(engine);
  return v;
}

TEST(GrangerDegenerate, BadSeriesAreUntestableWithAReason) {
  const auto x = noise(60, 1);
  const GrangerTester tester(x);
  auto y = noise(60, 2);
  EXPECT_TRUE(tester.test(y).testable);

  const GrangerDecision constant = tester.test(std::vector<double>(60, 0.125));
  EXPECT_FALSE(constant.testable);
  EXPECT_EQ(constant.reason, GrangerReason::y_constant);
  EXPECT_TRUE(std::isnan(constant.p_value));
  EXPECT_FALSE(describe(constant.reason).empty());

  y[17] = nan;
  EXPECT_EQ(tester.test(y).reason, GrangerReason::y_nonfinite);
  y[17] = -std::numeric_limits<double>::infinity();
  EXPECT_EQ(tester.test(y).reason, GrangerReason::y_nonfinite);

  EXPECT_EQ(GrangerTester(std::vector<double>(60, 0.3)).test(noise(60, 3)).reason, GrangerReason::x_constant);
  auto x_nan = x;
  x_nan[0] = nan;
  EXPECT_EQ(GrangerTester(x_nan).test(noise(60, 3)).reason, GrangerReason::x_nonfinite);

  // A straight line is not shown stationary, so both are differenced, and then y is constant.
  std::vector<double> line(60);
  for (std::size_t i = 0; i < line.size(); ++i) line[i] = 0.25 * static_cast<double>(i);  // exact differences
  const GrangerDecision linear = tester.test(line);
  EXPECT_TRUE(linear.differenced);
  EXPECT_EQ(linear.reason, GrangerReason::y_constant);
}

TEST(GrangerDegenerate, TooFewPointsForTheLag) {
  // n = 4: lag 1 needs n - 3 - 1 >= 1.
  const GrangerDecision tiny =
      GrangerTester(noise(4, 4), {.stationarity = Stationarity::none}).test(noise(4, 5));
  EXPECT_FALSE(tiny.testable);
  EXPECT_EQ(tiny.reason, GrangerReason::too_short);

  // n = 12 allows lags 1..3 of 14 (12 - 3*4 - 1 < 1): max_lag is clamped to 3, the others are
  // never tested (nor allocated).
  const GrangerTester short_tester(noise(12, 6), {.stationarity = Stationarity::none, .keep_lag_details = true});
  EXPECT_EQ(short_tester.options().max_lag, 3);
  const GrangerDecision short_run = short_tester.test(noise(12, 7));
  ASSERT_TRUE(short_run.testable);
  ASSERT_EQ(short_run.lags.size(), 3U);
  for (const auto& lag : short_run.lags) EXPECT_EQ(lag.status, LagStatus::ok) << lag.lag;
  EXPECT_LE(short_run.lag, 3);
  EXPECT_EQ(granger_lag_test(noise(12, 6), noise(12, 7), 4).status, LagStatus::too_short);
  EXPECT_EQ(short_run.lags[2].df_denom, 2.0);  // 12 - 3*3 - 1

  // A fixed lag no series of this length can test is an error, not a column of untestable weights.
  EXPECT_THROW(GrangerTester(noise(12, 6), {.lag_selection = LagSelection::fixed,
                                            .fixed_lag = 5,
                                            .stationarity = Stationarity::none}),
               InputError);
  // One that only the differenced series is too short for is data: untestable.
  const GrangerDecision fixed_differenced = GrangerTester(noise(11, 6), {.lag_selection = LagSelection::fixed,
                                                                         .fixed_lag = 3,
                                                                         .stationarity = Stationarity::adf})
                                                .test(noise(11, 7));
  ASSERT_TRUE(fixed_differenced.differenced);  // ADF on 11 points shows no stationarity
  EXPECT_FALSE(fixed_differenced.testable);
  EXPECT_EQ(fixed_differenced.reason, GrangerReason::too_short);
}

TEST(GrangerDegenerate, PerfectFitAndConstantRegressor) {
  const auto y = noise(40, 8);
  std::vector<double> x(40, 0.0);
  for (std::size_t t = 1; t < x.size(); ++t) x[t] = 2.0 * y[t - 1];
  const GrangerOptions levels{.max_lag = 3, .stationarity = Stationarity::none, .keep_lag_details = true};
  const GrangerDecision exact = GrangerTester(x, levels).test(y);
  EXPECT_FALSE(exact.testable);
  EXPECT_EQ(exact.reason, GrangerReason::perfect_fit);
  EXPECT_EQ(granger_lag_test(x, y, 2).status, LagStatus::perfect_fit);

  // y[0..n-2] constant: every lagged y column is constant over the rows used.
  std::vector<double> flat(40, 1.5);
  flat.back() = 2.5;
  const auto x2 = noise(40, 9);
  const GrangerDecision flat_columns = GrangerTester(x2, levels).test(flat);
  EXPECT_FALSE(flat_columns.testable);
  EXPECT_EQ(flat_columns.reason, GrangerReason::constant_regressor);
  EXPECT_EQ(granger_lag_test(x2, flat, 1).status, LagStatus::constant_regressor);
}

TEST(GrangerDegenerate, CollinearYFallsBackToTheReferenceFit) {
  // y = x: the y lags repeat the x lags, the unrestricted design has rank lag + 1.
  const auto x = noise(50, 10);
  const GrangerDecision d =
      GrangerTester(x, {.max_lag = 4, .stationarity = Stationarity::none, .keep_lag_details = true}).test(x);
  for (const auto& lag : d.lags) {
    const GrangerLagTest plain = granger_lag_test(x, x, lag.lag);
    ASSERT_EQ(lag.status, plain.status);
    if (lag.status != LagStatus::ok) continue;
    EXPECT_EQ(lag.df_denom, 50.0 - lag.lag - (lag.lag + 1));
    EXPECT_NEAR(lag.f_stat, 0.0, 1e-9);
    EXPECT_NEAR(lag.chi2_p_value, 1.0, 1e-6);
  }
}

TEST(GrangerOptionsTest, FixedLagIsThePlainTestAtThatLag) {
  const auto x = noise(80, 11);
  const auto y = noise(80, 12);
  const GrangerDecision d = GrangerTester(x, {.form = GrangerForm::f,
                                              .lag_selection = LagSelection::fixed,
                                              .fixed_lag = 5,
                                              .stationarity = Stationarity::none})
                                .test(y);
  const GrangerLagTest plain = granger_lag_test(x, y, 5);
  ASSERT_TRUE(d.testable);
  EXPECT_EQ(d.lag, 5);
  EXPECT_NEAR(d.stat, plain.f_stat, 1e-10 * plain.f_stat);
  EXPECT_NEAR(d.p_value, plain.f_p_value, 1e-10 * plain.f_p_value);
}

TEST(GrangerOptionsTest, InvalidOptionsAndMismatchedLengthsThrow) {
  const auto x = noise(30, 13);
  EXPECT_THROW(GrangerTester(x, {.max_lag = 0}), legcnet::InputError);
  EXPECT_THROW(GrangerTester(x, {.lag_selection = LagSelection::fixed, .fixed_lag = 15}), legcnet::InputError);
  EXPECT_THROW(GrangerTester(x, {.adf_alpha = 1.5}), legcnet::InputError);
  EXPECT_THROW((void)GrangerTester(x).test(noise(29, 14)), legcnet::InputError);
  EXPECT_THROW((void)granger_lag_test(x, noise(29, 14), 1), legcnet::InputError);
}

TEST(GrangerTesterThreads, ConcurrentTestsEqualSerialOnes) {
  const auto x = noise(170, 15);
  const GrangerTester tester(x);
  std::vector<std::vector<double>> ys;
  for (unsigned i = 0; i < 16; ++i) ys.push_back(noise(170, 100 + i));
  std::vector<GrangerDecision> serial;
  for (const auto& y : ys) serial.push_back(tester.test(y));
  std::vector<GrangerDecision> parallel(ys.size());
  const auto work = [&](std::size_t begin) {
    for (std::size_t i = begin; i < ys.size(); i += 2) parallel[i] = tester.test(ys[i]);
  };
  std::thread a(work, 0);
  std::thread b(work, 1);
  a.join();
  b.join();
  for (std::size_t i = 0; i < ys.size(); ++i) {
    EXPECT_EQ(parallel[i].lag, serial[i].lag);
    EXPECT_EQ(parallel[i].p_value, serial[i].p_value);
  }
}

TEST(GrangerDistributions, MatchScipy) {
  const ReferenceTable expected("distributions_expected.csv");
  ErrorTracker errors;
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const std::string dist = expected.text(r, "dist");
    const double x = expected.number(r, "x");
    const double got = dist == "f"      ? f_sf(x, expected.number(r, "df1"), expected.number(r, "df2"))
                       : dist == "chi2" ? chi2_sf(x, expected.number(r, "df1"))
                                        : normal_cdf(x);
    EXPECT_TRUE(errors.near(got, expected.number(r, "sf"), reference_rtol, dist + " at " + expected.text(r, "x")));
  }
  errors.record("max_relative_error");
}

TEST(GrangerDistributions, InvalidArgumentsGiveNanNotExceptions) {
  EXPECT_TRUE(std::isnan(f_sf(nan, 1, 2)));
  EXPECT_TRUE(std::isnan(f_sf(1.0, 0, 2)));
  EXPECT_TRUE(std::isnan(f_sf(1.0, 1, -3)));
  EXPECT_TRUE(std::isnan(f_sf(1.0, nan, 3)));
  EXPECT_TRUE(std::isnan(chi2_sf(1.0, 0)));
  EXPECT_TRUE(std::isnan(chi2_sf(1.0, std::numeric_limits<double>::infinity())));
  EXPECT_EQ(f_sf(-0.5, 2, 3), 1.0);
  EXPECT_EQ(chi2_sf(-1e-18, 2), 1.0);
  EXPECT_EQ(f_sf(std::numeric_limits<double>::infinity(), 2, 3), 0.0);
  EXPECT_EQ(chi2_sf(std::numeric_limits<double>::infinity(), 2), 0.0);
  EXPECT_EQ(normal_cdf(-std::numeric_limits<double>::infinity()), 0.0);
}

}  // namespace
}  // namespace legcnet::stats
