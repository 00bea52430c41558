#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/nn/init.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"
#include "legcnet/nn/trainer.hpp"
#include "legcnet/random.hpp"

using namespace legcnet;

namespace {

struct Pair {
  nn::Activation hidden;
  nn::OutputActivation output;
  nn::Loss loss;
};

// Five-point central differences, f'(w) ~ (-f(w+2h) + 8f(w+h) - 8f(w-h) + f(w-2h)) / 12h with
// h = 1e-3: truncation error ~h^4 |f^(5)| / 30 ~ 1e-13 and rounding error ~eps |f| / h ~ 1e-13.
// Components are compared by relative error with the denominator floored at 1e-6: below that,
// the 1e-13 absolute accuracy of the differences no longer supports a 1e-6 relative comparison.
void expect_gradient_matches_central_differences(const Pair& pair) {
  nn::Architecture architecture{{4, 5, 3, 3}, pair.hidden, pair.output, pair.loss};
  nn::Mlp net(architecture);
  nn::initialize(net, nn::Initializer::normal, 3);
  RandomStream stream(11, "gradient-test");
  Eigen::MatrixXd inputs(4, 3), targets = Eigen::MatrixXd::Zero(3, 3);
  for (Eigen::Index i = 0; i < inputs.size(); ++i) inputs(i) = stream.normal();
  for (Eigen::Index s = 0; s < 3; ++s) targets((s + 1) % 3, s) = 1.0;

  nn::Gradient gradient;
  net.loss_and_gradient(inputs, targets, gradient);
  const double h = 1e-3;
  double worst = 0.0;
  auto check = [&](double& parameter, double analytic) {
    const double saved = parameter;
    auto loss_at = [&](double offset) {
      parameter = saved + offset;
      return net.loss(inputs, targets);
    };
    const double numeric = (-loss_at(2 * h) + 8 * loss_at(h) - 8 * loss_at(-h) + loss_at(-2 * h)) / (12 * h);
    parameter = saved;
    const double relative = std::abs(numeric - analytic) / std::max({std::abs(numeric), std::abs(analytic), 1e-6});
    worst = std::max(worst, relative);
  };
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    for (Eigen::Index k = 0; k < net.weights[l].size(); ++k) check(net.weights[l](k), gradient.weights[l](k));
    for (Eigen::Index k = 0; k < net.biases[l].size(); ++k) check(net.biases[l](k), gradient.biases[l](k));
  }
  EXPECT_LT(worst, 1e-6) << nn::to_string(pair.hidden) << "/" << nn::to_string(pair.output) << "/"
                         << nn::to_string(pair.loss);
}

}  // namespace

TEST(MlpGradient, EqualsFivePointCentralDifferencesForEveryActivationAndLoss) {
  for (auto hidden : {nn::Activation::sigmoid, nn::Activation::tanh, nn::Activation::relu})
    for (auto output : {nn::OutputActivation::sigmoid, nn::OutputActivation::softmax})
      for (auto loss : {nn::Loss::squared, nn::Loss::cross_entropy})
        expect_gradient_matches_central_differences({hidden, output, loss});
}

TEST(MlpNames, FollowTheSpecOrder) {
  nn::Mlp net(nn::Architecture{{2, 3, 1}});
  const auto names = net.weight_names();
  ASSERT_EQ(names.size(), 9u);
  EXPECT_EQ(names[0], "w1_0_0");
  EXPECT_EQ(names[1], "w1_0_1");
  EXPECT_EQ(names[2], "w1_1_0");
  EXPECT_EQ(names[6], "w2_0_0");
  EXPECT_EQ(names[8], "w2_0_2");
  const auto parameters = net.parameter_names();
  EXPECT_EQ(parameters[6], "b1_0");
  EXPECT_EQ(parameters.back(), "b2_0");
  int layer = 0, row = 0, column = 0;
  net.locate_weight("w2_0_2", layer, row, column);
  EXPECT_EQ(layer, 1);
  EXPECT_EQ(column, 2);
  EXPECT_THROW(net.locate_weight("w3_0_0", layer, row, column), std::exception);
  EXPECT_THROW(net.locate_weight("w1_0_0x", layer, row, column), std::exception);
}

TEST(Mask, DetectsOutputsCutFromTheInputs) {
  nn::Mlp net(nn::Architecture{{2, 2, 2}});
  nn::Mask mask = nn::Mask::keep_all(net);
  EXPECT_TRUE(nn::outputs_connected(mask, net));
  // Both outputs keep only their weights from hidden unit 0, whose inputs are both pruned.
  mask.keep = {0, 0, 1, 1, 1, 0, 1, 0};
  EXPECT_FALSE(nn::outputs_connected(mask, net));
  mask.keep = {0, 0, 1, 1, 1, 1, 0, 1};
  EXPECT_TRUE(nn::outputs_connected(mask, net));
}

// Exact SHAP gives a disconnected feature exactly 0 only if a sample's output does not depend on
// the batch it is evaluated in. For the small layers of the UCI nets (multiplied coefficient by
// coefficient) it must not, to the bit, whether the batch holds 1, 7 or 300 samples.
TEST(MlpForward, SmallNetOutputsDoNotDependOnTheBatch) {
  const std::vector<nn::Architecture> architectures{
      {{9, 6, 1}}, {{4, 6, 3}}, {{30, 8, 1}}, {{4, 5, 3, 3}, nn::Activation::tanh, nn::OutputActivation::softmax},
      {{10, 7, 11}, nn::Activation::relu, nn::OutputActivation::softmax}};
  for (const auto& architecture : architectures) {
    const auto& sizes = architecture.layer_sizes;
    nn::Mlp net(architecture);
    nn::initialize(net, nn::Initializer::normal, 5);
    RandomStream stream(13, "batch-test");
    data::FeatureMatrix samples(300, sizes.front());
    for (Eigen::Index i = 0; i < samples.size(); ++i) samples.data()[i] = stream.normal();
    const Eigen::MatrixXd all = net.predict(samples);
    const Eigen::MatrixXd first_seven = net.predict(samples.topRows(7));
    for (Eigen::Index s = 0; s < samples.rows(); ++s) {
      const Eigen::MatrixXd alone = net.predict(samples.row(s));
      for (Eigen::Index k = 0; k < all.rows(); ++k) {
        ASSERT_EQ(alone(k, 0), all(k, s)) << "sample " << s;
        if (s < 7) {
          ASSERT_EQ(first_seven(k, s), all(k, s)) << "sample " << s;
        }
      }
    }
  }
}
