// Consensus of Granger decisions over perturbed runs, on hand-made verdicts.
#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/error.hpp"
#include "legcnet/prune/legc.hpp"

namespace legcnet::prune {
namespace {

constexpr GrangerVerdict C{true, true}, N{true, false}, U{false, false};  // causal, non-causal, untestable

TEST(Consensus, ShareOfTheTestsThatTestedTheWeight) {
  // Weight 0: 3 of 3 causal; 1: 1 of 3; 2: 2 of 3; 3: 1 of 2 (one untestable); 4: untested.
  const std::vector<std::vector<GrangerVerdict>> decisions{{C, C, C, C, U}, {C, N, C, U, U}, {C, N, N, N, U}};
  const Consensus half = consensus(decisions, 0.5);
  EXPECT_EQ(half.tested, (std::vector<std::size_t>{3, 3, 3, 2, 0}));
  EXPECT_EQ(half.causal, (std::vector<std::size_t>{3, 1, 2, 1, 0}));
  EXPECT_DOUBLE_EQ(half.share[1], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(half.share[3], 0.5);
  EXPECT_TRUE(std::isnan(half.share[4]));
  auto causal = [](const Consensus& c) {
    std::vector<int> flags;
    for (const auto& v : c.verdicts) flags.push_back(v.testable ? (v.causal ? 1 : 0) : -1);
    return flags;
  };
  EXPECT_EQ(causal(half), (std::vector<int>{1, 0, 1, 1, -1}));             // share >= 1/2
  EXPECT_EQ(causal(consensus(decisions, 1.0)), (std::vector<int>{1, 0, 0, 0, -1}));   // unanimous
  EXPECT_EQ(causal(consensus(decisions, 0.3)), (std::vector<int>{1, 1, 1, 1, -1}));   // any one of three
  // The mask: non-causal pruned, untested kept (the paper's default policies).
  EXPECT_EQ(legc_mask(half.verdicts, PruneWhich::non_causal, UntestablePolicy::keep).keep,
            (std::vector<std::uint8_t>{1, 0, 1, 1, 1}));
}

TEST(Consensus, OneDecisionIsThatDecision) {
  const std::vector<GrangerVerdict> one{C, N, U, C};
  for (const double share : {0.01, 0.5, 1.0}) {
    const Consensus c = consensus({one}, share);
    for (std::size_t k = 0; k < one.size(); ++k) {
      EXPECT_EQ(c.verdicts[k].testable, one[k].testable);
      EXPECT_EQ(c.verdicts[k].causal, one[k].causal);
    }
  }
}

TEST(Consensus, RefusesBadShareAndMismatchedDecisions) {
  EXPECT_THROW((void)consensus({{C, N}}, 0.0), InputError);
  EXPECT_THROW((void)consensus({{C, N}}, 1.5), InputError);
  EXPECT_THROW((void)consensus({{C, N}, {C}}, 0.5), InputError);
  EXPECT_THROW((void)consensus({}, 0.5), InputError);
}

}  // namespace
}  // namespace legcnet::prune
