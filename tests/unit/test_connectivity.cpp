// Effective weights and dead units of hand-made masks, and of random masks against a brute-force
// enumeration of every input-to-output path.
#include <gtest/gtest.h>

#include <random>

#include "legcnet/error.hpp"
#include "legcnet/nn/mask.hpp"

namespace legcnet::nn {
namespace {

// 3 inputs, hidden layers of 2 and 2, 1 output: weights w1_j_i (6), w2_j_i (4), w3_0_i (2).
Mlp small() { return Mlp(Architecture{{3, 2, 2, 1}}); }

std::size_t index_of(const Mlp& net, const std::string& name) {
  const auto names = net.weight_names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

Mask without(const Mlp& net, const std::vector<std::string>& pruned) {
  Mask mask = Mask::keep_all(net);
  for (const auto& name : pruned) mask.keep.at(index_of(net, name)) = 0;
  return mask;
}

TEST(Connectivity, EveryKeptWeightIsEffectiveInADenseNetwork) {
  const Mlp net = small();
  const Connectivity c = connectivity(Mask::keep_all(net), net);
  EXPECT_EQ(c.effective_count(), 12u);
  for (std::size_t l = 0; l < 4; ++l) EXPECT_EQ(c.dead_units(l), 0u);
}

TEST(Connectivity, AUnitWithNoOutgoingWeightTakesItsIncomingWeightsWithIt) {
  const Mlp net = small();
  const Connectivity c = connectivity(without(net, {"w2_0_0", "w2_1_0"}), net);
  EXPECT_EQ(c.effective_count(), 12u - 2u - 3u);
  for (const char* name : {"w1_0_0", "w1_0_1", "w1_0_2"}) EXPECT_EQ(c.effective[index_of(net, name)], 0) << name;
  for (const char* name : {"w1_1_0", "w2_0_1", "w3_0_0"}) EXPECT_EQ(c.effective[index_of(net, name)], 1) << name;
  EXPECT_EQ(c.dead_units(1), 1u);
  EXPECT_EQ(c.live[1], (std::vector<std::uint8_t>{0, 1}));
  EXPECT_EQ(c.dead_units(0), 0u);
}

TEST(Connectivity, AnInputWithNoPathIsDeadAndNothingElseChanges) {
  const Mlp net = small();
  const Connectivity c = connectivity(without(net, {"w1_0_2", "w1_1_2"}), net);
  EXPECT_EQ(c.effective_count(), 10u);
  EXPECT_EQ(c.live[0], (std::vector<std::uint8_t>{1, 1, 0}));
  EXPECT_EQ(c.dead_units(2), 0u);
}

TEST(Connectivity, AUnitWithNoIncomingWeightIsAConstantAndItsOutgoingWeightsDoNotCount) {
  const Mlp net = small();
  const Connectivity c = connectivity(without(net, {"w2_1_0", "w2_1_1"}), net);
  EXPECT_EQ(c.effective_count(), 9u);
  EXPECT_EQ(c.effective[index_of(net, "w3_0_1")], 0);
  EXPECT_EQ(c.live[2], (std::vector<std::uint8_t>{1, 0}));
}

TEST(Connectivity, ADisconnectedOutputLeavesNoEffectiveWeight) {
  const Mlp net = small();
  const Connectivity c = connectivity(without(net, {"w3_0_0", "w3_0_1"}), net);
  EXPECT_EQ(c.effective_count(), 0u);
  EXPECT_EQ(c.dead_units(0), 3u);
  EXPECT_EQ(c.dead_units(3), 1u);
  EXPECT_FALSE(outputs_connected(without(net, {"w3_0_0", "w3_0_1"}), net));
}

// Every path input -> h1 -> h2 -> output enumerated; a weight is effective when some path whose
// weights are all kept uses it.
TEST(Connectivity, RandomMasksMatchEnumerationOfEveryPath) {
  const Mlp net(Architecture{{4, 3, 3, 2}});
  const auto names = net.weight_names();
  auto at = [&](int layer, int j, int i) {
    return index_of(net, "w" + std::to_string(layer) + "_" + std::to_string(j) + "_" + std::to_string(i));
  };
  std::mt19937 engine(7);
  for (int trial = 0; trial < 200; ++trial) {
    Mask mask = Mask::keep_all(net);
    const double keep_share = 0.3 + 0.5 * (trial % 5) / 4.0;
    for (auto& keep : mask.keep) keep = std::uniform_real_distribution<double>(0, 1)(engine) < keep_share;
    std::vector<std::uint8_t> on_path(names.size(), 0);
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 3; ++b)
        for (int c = 0; c < 3; ++c)
          for (int d = 0; d < 2; ++d) {
            const std::size_t w1 = at(1, b, a), w2 = at(2, c, b), w3 = at(3, d, c);
            if (mask.keep[w1] && mask.keep[w2] && mask.keep[w3]) on_path[w1] = on_path[w2] = on_path[w3] = 1;
          }
    EXPECT_EQ(connectivity(mask, net).effective, on_path) << "trial " << trial;
  }
  EXPECT_THROW((void)connectivity(Mask{{1, 0}}, net), InputError);
}

}  // namespace
}  // namespace legcnet::nn
