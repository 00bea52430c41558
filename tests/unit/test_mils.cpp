// MILS pruning: the polarity split, the sign views, and whole runs against a naive reference that
// recomputes the measure from scratch for every candidate at every step (as the authors' code does).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "legcnet/error.hpp"
#include "legcnet/prune/mils.hpp"
#include "legcnet/random.hpp"
#include "unit/ctm_support.hpp"

using namespace legcnet;
using namespace legcnet::prune;
using complexity::Boundary;
using complexity::Measure;
using testkit::ctm_table;

namespace {

nn::Mlp random_net(std::vector<int> sizes, std::uint64_t seed, double zero_share = 0.0) {
  nn::Mlp net(nn::Architecture{std::move(sizes)});
  RandomStream stream(seed, "test-mils");
  for (auto& w : net.weights)
    for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = stream.uniform() < zero_share ? 0.0 : stream.normal();
  return net;
}

// The strategies of docs/mils.md, written out as a comparison of (delta, candidate) pairs.
bool before(MilsStrategy s, double a, std::size_t ia, double b, std::size_t ib) {
  auto key = [&](double d) -> std::pair<int, double> {
    switch (s) {
      case MilsStrategy::min_absolute: return {0, std::abs(d)};
      case MilsStrategy::max_absolute: return {0, -std::abs(d)};
      case MilsStrategy::max_increase: return {0, -d};
      case MilsStrategy::max_decrease: return {0, d};
      case MilsStrategy::min_increase: return d > 0 ? std::pair{0, d} : std::pair{1, std::abs(d)};
      case MilsStrategy::min_decrease: return d < 0 ? std::pair{0, -d} : std::pair{1, std::abs(d)};
    }
    return {0, 0};
  };
  return std::tuple(key(a), ia) < std::tuple(key(b), ib);
}

// Deltas from two full recomputations, rounded to 1e-9 bits so that mathematically equal deltas tie
// (the authors' base - after has rounding noise of ~1e-14) and fall back to weight order.
double rounded(long double delta) { return std::round(static_cast<double>(delta) * 1e9) / 1e9; }

std::vector<MilsRemoval> naive_weight_level(const nn::Mlp& net, std::size_t count, const MilsOptions& options) {
  const complexity::BlockLayout layout(weight_shapes(net), options.boundary);
  std::vector<double> w(net.weight_count());
  net.copy_weights(w.data());
  nn::Mask mask = nn::Mask::keep_all(net);
  std::vector<MilsRemoval> removals;
  for (std::size_t step = 1, removed = 0; removed < count; ++step) {
    const std::size_t n = std::min(options.step, count - removed);
    std::size_t pos = 0, neg = 0;
    for (std::size_t k = 0; k < w.size(); ++k) {
      pos += mask.keep[k] && w[k] > 0;
      neg += mask.keep[k] && w[k] < 0;
    }
    const auto [take_pos, take_neg] = polarity_split(pos, neg, n);
    std::vector<MilsRemoval> chosen;
    for (int sign : {1, -1}) {
      const SignView view = sign > 0 ? SignView::positive : SignView::negative;
      const auto base_bits = sign_pattern(net, mask, view);
      const long double base = testkit::full_measure(layout, base_bits, options.measure);
      std::vector<std::pair<double, std::size_t>> candidates;
      for (std::size_t k = 0; k < w.size(); ++k) {
        if (!mask.keep[k] || !(sign > 0 ? w[k] > 0 : w[k] < 0)) continue;
        auto bits = base_bits;
        bits[k] = 0;
        candidates.emplace_back(rounded(base - testkit::full_measure(layout, bits, options.measure)), k);
      }
      std::stable_sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
        return before(options.strategy, a.first, a.second, b.first, b.second);
      });
      for (std::size_t k = 0; k < (sign > 0 ? take_pos : take_neg); ++k)
        chosen.push_back({candidates[k].second, candidates[k].first, step});
    }
    for (const auto& r : chosen) {
      mask.keep[r.candidate] = 0;
      removals.push_back(r);
    }
    removed += n;
  }
  return removals;
}

// Unit u of hidden layer L: its incoming row and outgoing column, as positions in weight order.
std::vector<std::vector<std::size_t>> weights_of_units(const nn::Mlp& net) {
  std::vector<std::vector<std::size_t>> units;
  std::size_t first = 0;
  for (int layer = 0; layer + 1 < net.layer_count(); ++layer) {
    const auto& in = net.weights[static_cast<std::size_t>(layer)];
    const std::size_t next_first = first + static_cast<std::size_t>(in.size());
    const auto& out = net.weights[static_cast<std::size_t>(layer + 1)];
    for (Eigen::Index j = 0; j < in.rows(); ++j) {
      std::vector<std::size_t> elements;
      for (Eigen::Index i = 0; i < in.cols(); ++i) elements.push_back(first + static_cast<std::size_t>(j * in.cols() + i));
      for (Eigen::Index r = 0; r < out.rows(); ++r) elements.push_back(next_first + static_cast<std::size_t>(r * out.cols() + j));
      units.push_back(elements);
    }
    first = next_first;
  }
  return units;
}

std::vector<MilsRemoval> naive_node_level(const nn::Mlp& net, std::size_t count, const MilsOptions& options) {
  const complexity::BlockLayout layout(weight_shapes(net), options.boundary);
  nn::Mask mask = nn::Mask::keep_all(net);
  const auto units = weights_of_units(net);
  std::vector<bool> gone(units.size(), false);
  std::vector<MilsRemoval> removals;
  for (std::size_t step = 1, removed = 0; removed < count; ++step) {
    const std::size_t n = std::min(options.step, count - removed);
    const auto base_bits = sign_pattern(net, mask, SignView::node);
    const long double base = testkit::full_measure(layout, base_bits, options.measure);
    std::vector<std::pair<double, std::size_t>> candidates;
    for (std::size_t u = 0; u < units.size(); ++u) {
      if (gone[u]) continue;
      auto bits = base_bits;
      for (auto e : units[u]) bits[e] = 0;
      candidates.emplace_back(rounded(base - testkit::full_measure(layout, bits, options.measure)), u);
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
      return before(options.strategy, a.first, a.second, b.first, b.second);
    });
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t u = candidates[k].second;
      gone[u] = true;
      for (auto e : units[u]) mask.keep[e] = 0;
      removals.push_back({u, candidates[k].first, step});
    }
    removed += n;
  }
  return removals;
}

const MilsStrategy kStrategies[]{MilsStrategy::min_absolute, MilsStrategy::max_absolute, MilsStrategy::min_increase,
                                 MilsStrategy::max_increase, MilsStrategy::min_decrease, MilsStrategy::max_decrease};

}  // namespace

TEST(MilsPolaritySplit, TheAuthorsRuleByHand) {
  using Split = std::pair<std::size_t, std::size_t>;
  EXPECT_EQ(polarity_split(10, 10, 1), Split(0, 1));  // target 9 each: 1 + 1 planned, the excess off positive (tie)
  EXPECT_EQ(polarity_split(5, 4, 2), Split(1, 1));    // target 3: 2 + 1 planned, one off the larger share
  EXPECT_EQ(polarity_split(10, 2, 5), Split(5, 0));   // target 3: 7 + 0, two off
  EXPECT_EQ(polarity_split(0, 10, 1), Split(0, 1));
  EXPECT_EQ(polarity_split(3, 3, 6), Split(3, 3));
  EXPECT_EQ(polarity_split(7, 2, 3), Split(3, 0));
  EXPECT_EQ(polarity_split(8, 9, 2), Split(1, 1));    // target 7: 1 + 2 planned, the excess off negative
}

// Every split removes n, never more of a polarity than is left, and leaves the two counts as close as
// any split could (checked against every possible split).
TEST(MilsPolaritySplit, BalancesAsWellAsAnySplit) {
  for (std::size_t pos = 0; pos <= 12; ++pos)
    for (std::size_t neg = 0; neg <= 12; ++neg)
      for (std::size_t n = 1; n <= pos + neg; ++n) {
        const auto [p, q] = polarity_split(pos, neg, n);
        ASSERT_EQ(p + q, n);
        ASSERT_LE(p, pos);
        ASSERT_LE(q, neg);
        long long best = 1 << 30;
        for (std::size_t a = 0; a <= std::min(n, pos); ++a)
          if (n - a <= neg) best = std::min(best, std::llabs(static_cast<long long>(pos - a) - static_cast<long long>(neg - (n - a))));
        EXPECT_EQ(std::llabs(static_cast<long long>(pos - p) - static_cast<long long>(neg - q)), best)
            << pos << " " << neg << " " << n;
      }
}

TEST(MilsViews, NodePositiveNegativeAgreeWithoutZeros) {
  for (auto boundary : {Boundary::ignore, Boundary::recursive}) {
    const auto net = random_net({13, 9, 6, 3}, 3);
    const complexity::BlockLayout layout(weight_shapes(net), boundary);
    const auto mask = nn::Mask::keep_all(net);
    const auto node = complexity::measure(layout, ctm_table(), sign_pattern(net, mask, SignView::node));
    const auto positive = complexity::measure(layout, ctm_table(), sign_pattern(net, mask, SignView::positive));
    const auto negative = complexity::measure(layout, ctm_table(), sign_pattern(net, mask, SignView::negative));
    EXPECT_EQ(node.bdm, positive.bdm);  // the same pattern
    EXPECT_NEAR(negative.bdm, positive.bdm, 1e-12 * positive.bdm);  // its complement: same terms, other order
    EXPECT_NEAR(negative.entropy, positive.entropy, 1e-12);
  }
}

// Whole weight-level runs against the naive reference: the same removals, in the same order and
// steps, for every strategy, both measures, both boundaries, steps of 1 and 3.
TEST(MilsWeightLevel, MatchesNaiveFullRecomputation) {
  const auto net = random_net({9, 7, 5, 3}, 5);  // 63 + 35 + 15 weights; 7x9 and 5x7 have blocks, 3x5 none
  for (auto measure : {Measure::bdm, Measure::entropy})
    for (auto boundary : {Boundary::ignore, Boundary::recursive})
      for (std::size_t step : {std::size_t{1}, std::size_t{3}})
        for (auto strategy : kStrategies) {
          MilsOptions options{measure, MilsLevel::weight, strategy, step, boundary};
          const auto result = mils_prune(net, ctm_table(), 70, options);
          const auto expected = naive_weight_level(net, 70, options);
          ASSERT_EQ(result.removals.size(), expected.size());
          for (std::size_t k = 0; k < expected.size(); ++k) {
            ASSERT_EQ(result.removals[k].candidate, expected[k].candidate)
                << "removal " << k << ", strategy " << static_cast<int>(strategy) << ", step " << step;
            EXPECT_EQ(result.removals[k].step, expected[k].step);
            EXPECT_NEAR(result.removals[k].delta, expected[k].delta, 1e-9);
          }
          EXPECT_EQ(result.mask.pruned(), 70U);
        }
}

// Each step's split is the polarity rule applied to the counts left, and the removed weights are of
// the polarity the split says.
TEST(MilsWeightLevel, EveryStepBalancesPolarity) {
  const auto net = random_net({12, 10, 4}, 9);
  std::vector<double> w(net.weight_count());
  net.copy_weights(w.data());
  std::size_t pos = static_cast<std::size_t>(std::count_if(w.begin(), w.end(), [](double v) { return v > 0; }));
  std::size_t neg = w.size() - pos;
  const auto result = mils_prune(net, ctm_table(), 100, MilsOptions{Measure::bdm, MilsLevel::weight,
                                                                    MilsStrategy::max_absolute, 4, Boundary::ignore});
  ASSERT_EQ(result.step_split.size(), 25U);
  std::size_t k = 0;
  for (const auto& [p, q] : result.step_split) {
    EXPECT_EQ(std::pair(p, q), polarity_split(pos, neg, 4));
    for (std::size_t r = 0; r < p + q; ++r, ++k) EXPECT_EQ(w[result.removals[k].candidate] > 0, r < p);
    pos -= p;
    neg -= q;
  }
  EXPECT_LE(std::llabs(static_cast<long long>(pos) - static_cast<long long>(neg)), 1);
}

TEST(MilsWeightLevel, ZeroWeightsAreNoCandidatesAndUncoveredOnesGoFirstUnderMinAbsolute) {
  const auto net = random_net({9, 6, 3}, 13, 0.1);  // 3x6 output layer: no complete block
  std::vector<double> w(net.weight_count());
  net.copy_weights(w.data());
  const auto nonzero = static_cast<std::size_t>(std::count_if(w.begin(), w.end(), [](double v) { return v != 0; }));
  const auto result = mils_prune(net, ctm_table(), 18, MilsOptions{});
  for (const auto& r : result.removals) {
    EXPECT_NE(w[r.candidate], 0.0);
    EXPECT_EQ(r.delta, 0.0);  // 40 weights lie outside every block, so min_absolute's first 18 all have delta 0
  }
  EXPECT_EQ(result.uncovered, 54U - 32U + 18U);  // 6x9 holds two 4x4 blocks, 3x6 none
  EXPECT_GT(result.uncovered_removed, 0U);
  EXPECT_THROW(mils_prune(net, ctm_table(), nonzero + 1, MilsOptions{}), InputError);
}

TEST(MilsNodeLevel, MatchesNaiveAndRemovesWholeUnits) {
  const auto net = random_net({10, 9, 8, 3}, 17);
  for (auto measure : {Measure::bdm, Measure::entropy})
    for (std::size_t step : {std::size_t{1}, std::size_t{2}})
      for (auto strategy : kStrategies) {
        MilsOptions options{measure, MilsLevel::node, strategy, step, Boundary::ignore};
        const auto result = mils_prune(net, ctm_table(), 7, options);
        const auto expected = naive_node_level(net, 7, options);
        ASSERT_EQ(result.removals.size(), 7U);
        for (std::size_t k = 0; k < 7; ++k) {
          ASSERT_EQ(result.removals[k].candidate, expected[k].candidate) << "removal " << k;
          EXPECT_NEAR(result.removals[k].delta, expected[k].delta, 1e-9);
        }
        // The mask removes whole units and nothing else: 7 units cut off, and every pruned weight
        // belongs to a removed unit's row or column.
        EXPECT_EQ(units_cut_off(result.mask, net), 7U);
        const auto names = weights_of_units(net);
        std::set<std::size_t> removed;  // two removed units of adjacent layers share a weight
        for (const auto& r : result.removals) removed.insert(names[r.candidate].begin(), names[r.candidate].end());
        EXPECT_EQ(result.mask.pruned(), removed.size());
        for (auto w : removed) EXPECT_EQ(result.mask.keep[w], 0);
      }
}
