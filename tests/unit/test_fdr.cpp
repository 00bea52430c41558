#include "legcnet/error.hpp"
#include "legcnet/stats/fdr.hpp"

#include "stats_reference.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace legcnet::stats {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(FdrBenjaminiHochberg, HandComputed) {
  // Sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4); p m / k = 0.02, 0.02, 0.04, 0.04.
  const std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  const BhResult at5 = benjamini_hochberg(p, 0.05);
  EXPECT_EQ(at5.tested, 4U);
  EXPECT_EQ(at5.rejections, 4U);  // 0.04 <= 4/4 * 0.05
  const std::vector<double> adjusted{0.02, 0.04, 0.04, 0.02};
  for (std::size_t i = 0; i < p.size(); ++i) EXPECT_DOUBLE_EQ(at5.adjusted[i], adjusted[i]) << i;

  // alpha 0.03: 0.04 > 0.03, 0.03 > 0.0225, 0.01 <= 0.015: the two smallest are rejected.
  const BhResult at3 = benjamini_hochberg(p, 0.03);
  EXPECT_EQ(at3.rejections, 2U);
  EXPECT_EQ(at3.rejected, (std::vector<std::uint8_t>{1, 0, 0, 1}));

  // Step-up: 0.03 (rank 2 of 2) passes 2/2 * 0.05 although 0.028 alone would not pass 1/2 * 0.05.
  const BhResult step_up = benjamini_hochberg(std::vector<double>{0.03, 0.028}, 0.05);
  EXPECT_EQ(step_up.rejections, 2U);
  EXPECT_DOUBLE_EQ(step_up.adjusted[1], 0.03);
}

TEST(FdrBenjaminiHochberg, NanEntriesAreIgnored) {
  const std::vector<double> p{0.01, nan, 0.04, 0.03, nan, 0.005};
  const BhResult r = benjamini_hochberg(p, 0.05);
  EXPECT_EQ(r.tested, 4U);
  EXPECT_EQ(r.rejections, 4U);
  EXPECT_TRUE(std::isnan(r.adjusted[1]));
  EXPECT_TRUE(std::isnan(r.adjusted[4]));
  EXPECT_EQ(r.rejected[1], 0);
  EXPECT_DOUBLE_EQ(r.adjusted[0], 0.02);
  EXPECT_DOUBLE_EQ(r.adjusted[5], 0.02);
  EXPECT_DOUBLE_EQ(r.adjusted[2], 0.04);

  const BhResult none = benjamini_hochberg(std::vector<double>{nan, nan}, 0.05);
  EXPECT_EQ(none.tested, 0U);
  EXPECT_EQ(none.rejections, 0U);
  EXPECT_TRUE(benjamini_hochberg(std::vector<double>{}, 0.05).adjusted.empty());
}

TEST(FdrBenjaminiHochberg, AdjustedValuesAreCappedAtOne) {
  const BhResult r = benjamini_hochberg(std::vector<double>{0.9, 0.95, 1.0}, 0.05);
  for (const double a : r.adjusted) EXPECT_LE(a, 1.0);
  EXPECT_DOUBLE_EQ(r.adjusted[2], 1.0);
  EXPECT_EQ(r.rejections, 0U);
}

TEST(FdrBenjaminiHochberg, MatchesStatsmodelsMultipletests) {
  const reference::ReferenceTable expected("fdr_expected.csv");
  reference::ErrorTracker errors;
  for (const auto& name : expected.distinct("case")) {
    const auto rows = expected.rows_where("case", name);
    std::vector<double> p;
    for (const auto r : rows) p.push_back(expected.number(r, "p"));
    const BhResult result = benjamini_hochberg(p, 0.05);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_TRUE(errors.near(result.adjusted[i], expected.number(rows[i], "adjusted"), reference::reference_rtol, name));
      EXPECT_EQ(result.rejected[i], expected.integer(rows[i], "reject")) << name << " " << i;
    }
  }
  errors.record("max_relative_error");
}

TEST(FdrBenjaminiHochberg, InvalidInputThrows) {
  EXPECT_THROW((void)benjamini_hochberg(std::vector<double>{0.1, 1.5}, 0.05), legcnet::InputError);
  EXPECT_THROW((void)benjamini_hochberg(std::vector<double>{-0.1}, 0.05), legcnet::InputError);
  EXPECT_THROW((void)benjamini_hochberg(std::vector<double>{0.1}, 0.0), legcnet::InputError);
}

}  // namespace
}  // namespace legcnet::stats
