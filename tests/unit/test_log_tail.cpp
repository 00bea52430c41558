// log tails of chi-squared and F against mpmath (tests/reference/make_log_tail_reference.py), from
// the body, where log of Boost's tail is used, to far past where the tail underflows to 0.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "legcnet/stats/distributions.hpp"
#include "stats_reference.hpp"

namespace legcnet::stats {
namespace {

// Tolerance 1e-11 relative: Boost's tails are good to ~1e-14 relative, so their logs to ~1e-14
// absolute (and log1p of the lower tail where the upper one is near 1, where log p itself is tiny);
// the continued fractions converge to 1e-16 and lgamma is good to a few ulps.
TEST(LogTail, ChiSquaredAndFMatchMpmathIncludingWhereTheTailUnderflows) {
  const reference::ReferenceTable table("log_tail_expected.csv");
  reference::ErrorTracker errors;
  std::size_t underflowing = 0;
  for (std::size_t r = 0; r < table.size(); ++r) {
    const bool chi2 = table.text(r, "distribution") == "chi2";
    const double x = table.number(r, "x"), d1 = table.number(r, "df1"), d2 = table.number(r, "df2");
    const double expected = table.number(r, "log_sf");
    const double got = chi2 ? chi2_log_sf(x, d1) : f_log_sf(x, d1, d2);
    const double tail = chi2 ? chi2_sf(x, d1) : f_sf(x, d1, d2);
    underflowing += tail == 0.0;
    EXPECT_TRUE(errors.near(got, expected, 1e-11,
                            table.text(r, "distribution") + " x=" + table.text(r, "x") + " df " + table.text(r, "df1") +
                                "," + table.text(r, "df2")));
  }
  EXPECT_GE(underflowing, 20u) << "the reference should reach far past double underflow";
  errors.record("max_relative_error");
}

TEST(LogTail, EdgesAndInvalidArguments) {
  EXPECT_EQ(chi2_log_sf(0.0, 3), 0.0);
  EXPECT_EQ(f_log_sf(-1.0, 3, 4), 0.0);
  EXPECT_EQ(chi2_log_sf(std::numeric_limits<double>::infinity(), 3), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(chi2_log_sf(std::nan(""), 3)));
  EXPECT_TRUE(std::isnan(f_log_sf(2.0, 0.0, 4)));
  EXPECT_TRUE(std::isnan(f_log_sf(2.0, 3, -1)));
}

}  // namespace
}  // namespace legcnet::stats
