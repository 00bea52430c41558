#include "legcnet/error.hpp"
#include "legcnet/stats/adf.hpp"
#include "legcnet/stats/mackinnon.hpp"

#include "stats_reference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace legcnet::stats {
namespace {

using reference::ErrorTracker;
using reference::reference_rtol;
using reference::ReferenceTable;

TEST(AdfReference, MatchesStatsmodelsAdfuller) {
  const ReferenceTable inputs("adf_inputs.csv");
  const ReferenceTable expected("adf_expected.csv");
  ASSERT_GE(expected.size(), 10U);
  ErrorTracker errors;
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const std::string name = expected.text(r, "case");
    SCOPED_TRACE(name);
    const std::vector<double> x = reference::series(inputs, name, "x");
    ASSERT_EQ(static_cast<int>(x.size()), expected.integer(r, "n"));
    const AdfResult result = adf(x);
    ASSERT_EQ(result.status, AdfStatus::ok);
    EXPECT_EQ(result.used_lag, expected.integer(r, "used_lag"));
    EXPECT_EQ(result.nobs, expected.integer(r, "nobs"));
    EXPECT_TRUE(errors.near(result.statistic, expected.number(r, "stat"), reference_rtol, "stat"));
    EXPECT_TRUE(errors.near(result.p_value, expected.number(r, "p_value"), reference_rtol, "p"));
    EXPECT_TRUE(errors.near(result.critical.one_percent, expected.number(r, "crit_1"), reference_rtol, "1%"));
    EXPECT_TRUE(errors.near(result.critical.five_percent, expected.number(r, "crit_5"), reference_rtol, "5%"));
    EXPECT_TRUE(errors.near(result.critical.ten_percent, expected.number(r, "crit_10"), reference_rtol, "10%"));
    EXPECT_TRUE(errors.near(result.icbest, expected.number(r, "icbest"), reference_rtol, "icbest"));
  }
  errors.record("max_relative_error");
}

TEST(AdfMackinnon, MatchesStatsmodelsTables) {
  const ReferenceTable expected("mackinnon_expected.csv");
  ErrorTracker errors;
  for (std::size_t r = 0; r < expected.size(); ++r) {
    const std::string what = expected.text(r, "what");
    const double arg = expected.number(r, "arg");
    const double want = expected.number(r, "value");
    double got = 0.0;
    if (what == "p") {
      got = mackinnon_p(arg);
    } else {
      const CriticalValues c = mackinnon_crit(arg);
      got = what == "crit1" ? c.one_percent : what == "crit5" ? c.five_percent : c.ten_percent;
    }
    EXPECT_TRUE(errors.near(got, want, reference_rtol, what + " at " + expected.text(r, "arg")));
  }
  EXPECT_TRUE(std::isnan(mackinnon_p(std::numeric_limits<double>::quiet_NaN())));
  errors.record("max_relative_error");
}

TEST(AdfDegenerate, StatusesInsteadOfExceptions) {
  EXPECT_EQ(adf(std::vector<double>(50, 0.25)).status, AdfStatus::constant);
  EXPECT_EQ(adf(std::vector<double>{1.0, 2.0, 0.5}).status, AdfStatus::too_short);
  EXPECT_EQ(adf(std::vector<double>{}).status, AdfStatus::too_short);

  std::vector<double> with_nan{0.1, 0.5, -0.2, 0.3, std::numeric_limits<double>::quiet_NaN(), 0.4, 0.2, 0.0};
  EXPECT_EQ(adf(with_nan).status, AdfStatus::nonfinite);
  with_nan[4] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(adf(with_nan).status, AdfStatus::nonfinite);

  // A straight line: its differences are a nonzero constant regressor, the regression is exact.
  std::vector<double> line(40);
  for (std::size_t i = 0; i < line.size(); ++i) line[i] = 0.5 * static_cast<double>(i);
  const AdfResult straight = adf(line);
  EXPECT_EQ(straight.status, AdfStatus::degenerate);
  EXPECT_TRUE(std::isnan(straight.p_value));
}

TEST(AdfOptions, MaxLagAndAutolag) {
  std::vector<double> x(60);
  double level = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    level = 0.6 * level + std::sin(1.7 * static_cast<double>(i)) + 0.3 * std::cos(0.37 * static_cast<double>(i * i));
    x[i] = level;
  }
  const AdfResult fixed = adf(x, {.max_lag = 3, .autolag = AdfAutolag::none});
  ASSERT_EQ(fixed.status, AdfStatus::ok);
  EXPECT_EQ(fixed.used_lag, 3);
  EXPECT_EQ(fixed.nobs, 60 - 1 - 3);
  EXPECT_TRUE(std::isnan(fixed.icbest));
  // Default max lag: ceil(12 (60/100)^(1/4)) = 11, capped at 60 // 2 - 2 = 28.
  EXPECT_EQ(adf(x).max_lag, 11);
  EXPECT_EQ(adf(x, {.max_lag = 29}).status, AdfStatus::too_short);
  EXPECT_THROW((void)adf(x, {.max_lag = -1}), legcnet::InputError);
}

}  // namespace
}  // namespace legcnet::stats
