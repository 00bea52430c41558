// Node-level pruning: masks of whole units, the units a mask removes, and the random and
// magnitude choices of units, checked on hand-made networks.
#include "legcnet/prune/magnitude.hpp"
#include "legcnet/prune/random.hpp"
#include "legcnet/prune/units.hpp"

#include <gtest/gtest.h>

namespace legcnet::prune {
namespace {

// 3 inputs, hidden layers of 4 and 2 units, 2 outputs.
nn::Mlp small_net() {
  nn::Mlp net(nn::Architecture{{3, 4, 2, 2}});
  for (auto& w : net.weights) w.setOnes();
  return net;
}

std::vector<std::uint8_t> keep_of(const nn::Mlp& net, const nn::Mask& mask, std::size_t layer) {
  std::size_t first = 0;
  for (std::size_t l = 0; l < layer; ++l) first += static_cast<std::size_t>(net.weights[l].size());
  return {mask.keep.begin() + static_cast<std::ptrdiff_t>(first),
          mask.keep.begin() + static_cast<std::ptrdiff_t>(first + static_cast<std::size_t>(net.weights[layer].size()))};
}

TEST(Units, MaskRemovesIncomingAndOutgoingWeightsOfWholeUnits) {
  const auto net = small_net();
  UnitSet removed = no_units(net);
  removed[0][1] = true;  // h1_1: row 1 of W1 (3 weights), column 1 of W2 (2 weights)
  removed[1][0] = true;  // h2_0: row 0 of W2 (4 weights), column 0 of W3 (2 weights)
  const auto mask = unit_mask(net, removed, NeuronMask::inout);
  // W1 is 4 x 3 row-major: w1_1_* are positions 3..5.
  EXPECT_EQ(keep_of(net, mask, 0), (std::vector<std::uint8_t>{1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1}));
  // W2 is 2 x 4: row 0 all gone; row 1 loses column 1.
  EXPECT_EQ(keep_of(net, mask, 1), (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 0, 1, 1}));
  // W3 is 2 x 2: column 0 gone.
  EXPECT_EQ(keep_of(net, mask, 2), (std::vector<std::uint8_t>{0, 1, 0, 1}));
  EXPECT_EQ(mask.pruned(), 3u + 4u + 1u + 2u);
  const auto incoming_only = unit_mask(net, removed, NeuronMask::in);
  EXPECT_EQ(keep_of(net, incoming_only, 1), (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(keep_of(net, incoming_only, 2), (std::vector<std::uint8_t>{1, 1, 1, 1}));
  EXPECT_EQ(removed_units(net, mask), removed);
  EXPECT_EQ(removed_units(net, incoming_only), removed);
  EXPECT_EQ(unit_name(1, 0), "h2_0");
  EXPECT_EQ(units_per_layer(removed), (std::vector<std::size_t>{1, 1}));
}

TEST(Units, RandomUnitsTakeTheCountsAndDependOnlyOnTheSeed) {
  const nn::Mlp net(nn::Architecture{{5, 20, 10, 3}});
  const auto first = random_units(net, {7, 3}, 11);
  EXPECT_EQ(units_per_layer(first), (std::vector<std::size_t>{7, 3}));
  EXPECT_EQ(random_units(net, {7, 3}, 11), first);
  EXPECT_NE(random_units(net, {7, 3}, 12), first);
  // Every unit of a layer is drawn about equally often: 2000 draws of 5 of 20, expected 500 each;
  // binomial sd 19.4, so 4 sd is 78.
  std::vector<int> hits(20, 0);
  for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
    const auto units = random_units(net, {5, 0}, seed);
    for (std::size_t j = 0; j < 20; ++j) hits[j] += units[0][j];
  }
  for (int h : hits) EXPECT_NEAR(h, 500, 78);
}

TEST(Units, MagnitudeUnitsGoByTheL1NormOfTheirOutgoingWeights) {
  nn::Mlp net(nn::Architecture{{2, 4, 2}});
  net.weights[0].setConstant(100.0);  // incoming weights do not matter
  // Outgoing L1 norms of the 4 hidden units: 3, 0.5, 3, 1 (unit 0 and 2 tie).
  net.weights[1] << 1, -0.25, 2, 0.5,  //
      -2, 0.25, -1, -0.5;
  EXPECT_EQ(magnitude_units(net, {1}), (UnitSet{{false, true, false, false}}));
  EXPECT_EQ(magnitude_units(net, {2}), (UnitSet{{false, true, false, true}}));
  EXPECT_EQ(magnitude_units(net, {3}), (UnitSet{{true, true, false, true}}));  // the tie: the earlier unit
}

}  // namespace
}  // namespace legcnet::prune
