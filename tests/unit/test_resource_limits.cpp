// Sizes that come from untrusted input (options, file contents) are checked against what the
// data allows before anything is allocated for them: a huge lag, a huge coalition count, a huge
// architecture is an InputError, never a hang, an allocation failure or an out-of-bounds access.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <vector>

#include "legcnet/diag/shap.hpp"
#include "legcnet/error.hpp"
#include "legcnet/stats/granger.hpp"

namespace legcnet {
namespace {

// 16 windows, as a short run gives: the largest testable lag is (16 - 2) / 3 = 4.
std::vector<double> wave(double frequency, double phase) {
  std::vector<double> series(16);
  for (std::size_t t = 0; t < series.size(); ++t)
    series[t] = std::sin(frequency * static_cast<double>(t) + phase) + 0.01 * static_cast<double>(t * t % 7);
  return series;
}

// The battery's hang: --maxlag 30000000 allocated a record per lag for every weight.
TEST(GrangerLimits, HugeMaxLagIsClampedToTheLargestTestableLag) {
  const auto x = wave(0.7, 0.0), y = wave(1.3, 0.4);
  for (const int max_lag : {30000000, INT_MAX}) {
    const stats::GrangerTester tester(x, {.max_lag = max_lag, .keep_lag_details = true});
    ASSERT_EQ(tester.options().max_lag, 4) << max_lag;
    const stats::GrangerDecision clamped = tester.test(y);
    const stats::GrangerDecision plain = stats::GrangerTester(x, {.max_lag = 4, .keep_lag_details = true}).test(y);
    EXPECT_EQ(clamped.testable, plain.testable);
    EXPECT_EQ(clamped.lag, plain.lag);
    ASSERT_FALSE(std::isnan(plain.p_value));
    EXPECT_EQ(clamped.p_value, plain.p_value);  // the same computation, bit for bit
    EXPECT_LE(clamped.lags.size(), 4U);
  }
}

// The battery's signed-overflow loop: --lag-select fixed --lag 2147483647.
TEST(GrangerLimits, FixedLagBeyondTheDataIsAnInputError) {
  const auto x = wave(0.7, 0.0);
  EXPECT_THROW(stats::GrangerTester(x, {.max_lag = INT_MAX, .lag_selection = stats::LagSelection::fixed,
                                        .fixed_lag = INT_MAX}),
               InputError);
  EXPECT_THROW(stats::GrangerTester(x, {.max_lag = 14, .lag_selection = stats::LagSelection::fixed, .fixed_lag = 5}),
               InputError);
  EXPECT_NO_THROW(stats::GrangerTester(x, {.max_lag = 14, .lag_selection = stats::LagSelection::fixed, .fixed_lag = 4}));
}

TEST(GrangerLimits, ReferenceTestsRefuseLagsTheDataCannotHave) {
  const auto x = wave(0.7, 0.0), y = wave(1.3, 0.4);
  EXPECT_THROW((void)stats::granger_causality_tests(x, y, INT_MAX), InputError);
  EXPECT_THROW((void)stats::granger_causality_tests(x, y, 5), InputError);
  EXPECT_EQ(stats::granger_causality_tests(x, y, 4).size(), 4U);
}

// The battery's crash: --coalitions -2 became 2^64 - 2 coalitions (SIGSEGV under ASan, bad_alloc).
TEST(ShapLimits, KernelCoalitionsBeyondMemoryAreAnInputError) {
  const diag::BatchModel model = [](const data::FeatureMatrix& x) -> Eigen::VectorXd { return x.rowwise().sum(); };
  data::FeatureMatrix samples(1, 4), background(1, 4);
  samples << 1, 2, 3, 4;
  background << 0, 0, 0, 0;
  diag::ShapOptions options;
  options.method = diag::ShapMethod::kernel;
  options.kernel_coalitions = static_cast<std::size_t>(-2);
  EXPECT_THROW((void)diag::shap_values(model, samples, background, options), InputError);
  options.kernel_coalitions = (std::size_t{1} << 27) / 4 + 2;
  EXPECT_THROW((void)diag::shap_values(model, samples, background, options), InputError);
  options.kernel_coalitions = 64;
  const auto explanation = diag::shap_values(model, samples, background, options);
  EXPECT_NEAR(explanation.values.sum(), 10.0, 1e-9);  // efficiency: f(x) - E[f] = 10
}

}  // namespace
}  // namespace legcnet
