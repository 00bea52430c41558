#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "legcnet/dynamics/windows.hpp"

namespace {

using legcnet::dynamics::window_count;
using legcnet::dynamics::window_hop;
using legcnet::dynamics::window_options_problem;
using legcnet::dynamics::window_ranges;
using legcnet::dynamics::WindowRange;

TEST(WindowHop, RoundsTheStep) {
  EXPECT_EQ(window_hop(200, 0.1), 180u);  // the paper's settings
  EXPECT_EQ(window_hop(160, 0.1), 144u);
  EXPECT_EQ(window_hop(250, 0.1), 225u);
  EXPECT_EQ(window_hop(200, 0.0), 200u);
  EXPECT_EQ(window_hop(10, 0.26), 7u);    // 7.4
  EXPECT_EQ(window_hop(10, 0.24), 8u);    // 7.6
  EXPECT_EQ(window_hop(165, 0.1), 149u);  // 148.5: halves go away from zero
  EXPECT_EQ(window_hop(10, 0.99), 1u);    // 0.1 would round to 0: the hop is at least 1
  EXPECT_EQ(window_hop(1, 0.5), 1u);
}

TEST(WindowRanges, KeepsOnlyWholeWindows) {
  // l*180 + 199 <= 999 for l = 0..4 (l = 5 would end at row 1099).
  const std::vector<WindowRange> expected{{0, 199}, {180, 379}, {360, 559}, {540, 739}, {720, 919}};
  EXPECT_EQ(window_ranges(1000, 200, 0.1), expected);
  EXPECT_EQ(window_ranges(920, 200, 0.1), expected);  // the last window ends on the last row
  EXPECT_EQ(window_ranges(919, 200, 0.1).size(), 4u);
  EXPECT_EQ(window_ranges(1099, 200, 0.1).size(), 5u);
  EXPECT_EQ(window_ranges(1100, 200, 0.1).size(), 6u);
  for (const auto& range : window_ranges(1000, 200, 0.1)) EXPECT_EQ(range.length(), 200u);
}

TEST(WindowRanges, NoOverlapTilesTheRows) {
  const std::vector<WindowRange> expected{{0, 199}, {200, 399}, {400, 599}};
  EXPECT_EQ(window_ranges(600, 200, 0.0), expected);
  EXPECT_EQ(window_ranges(799, 200, 0.0), expected);
}

TEST(WindowRanges, FewerRowsThanOneWindow) {
  EXPECT_TRUE(window_ranges(199, 200, 0.1).empty());
  EXPECT_TRUE(window_ranges(0, 200, 0.1).empty());
  EXPECT_EQ(window_ranges(200, 200, 0.1), (std::vector<WindowRange>{{0, 199}}));
}

TEST(WindowRanges, CountMatchesTheList) {
  for (const std::size_t rows : {0, 1, 159, 160, 161, 1000, 12345})
    for (const std::size_t length : {1, 2, 160, 200, 250})
      for (const double overlap : {0.0, 0.1, 0.5, 0.9, 0.999})
        EXPECT_EQ(window_count(rows, length, overlap), window_ranges(rows, length, overlap).size());
  // Hop 1: every start row.
  EXPECT_EQ(window_count(10, 3, 0.9), 8u);
}

TEST(WindowOptions, Problems) {
  EXPECT_FALSE(window_options_problem(200, 0.1));
  EXPECT_FALSE(window_options_problem(1, 0.0));
  EXPECT_TRUE(window_options_problem(0, 0.1));
  EXPECT_TRUE(window_options_problem(200, 1.0));
  EXPECT_TRUE(window_options_problem(200, -0.1));
  EXPECT_TRUE(window_options_problem(200, std::numeric_limits<double>::quiet_NaN()));
  EXPECT_TRUE(window_options_problem(200, std::numeric_limits<double>::infinity()));
  // Unusable options give nothing rather than a guess; the caller asks window_options_problem.
  EXPECT_EQ(window_hop(0, 0.1), 0u);
  EXPECT_TRUE(window_ranges(1000, 200, 1.0).empty());
  EXPECT_TRUE(window_ranges(1000, 0, 0.1).empty());
}

}  // namespace
