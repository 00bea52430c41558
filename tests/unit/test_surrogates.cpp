#include "legcnet/dynamics/surrogates.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <numeric>
#include <vector>

#include "legcnet/dynamics/rosenstein.hpp"

namespace legcnet::dynamics {
namespace {

std::vector<double> logistic(std::size_t length, double start) {
  std::vector<double> x(length);
  double value = start;
  for (int i = 0; i < 100; ++i) value = 4.0 * value * (1.0 - value);
  for (double& out : x) out = value = 4.0 * value * (1.0 - value);
  return x;
}

std::vector<double> noise(std::size_t length, RandomStream& random) {
  std::vector<double> x(length);
  for (double& value : x) value = random.uniform();
  return x;
}

// AR(1) with coefficient phi: linear, Gaussian, correlated over (1 + phi) / (1 - phi) steps.
std::vector<double> ar1(std::size_t length, double phi, RandomStream& random) {
  std::vector<double> x(length);
  double value = random.normal() / std::sqrt(1.0 - phi * phi);
  for (double& out : x) out = value = phi * value + random.normal();
  return x;
}

double lag1_autocorrelation(const std::vector<double>& x) {
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  double numerator = 0.0, denominator = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    denominator += (x[i] - mean) * (x[i] - mean);
    if (i + 1 < x.size()) numerator += (x[i] - mean) * (x[i + 1] - mean);
  }
  return numerator / denominator;
}

bool is_permutation_of(std::vector<double> a, std::vector<double> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

TEST(SurrogateFft, AmplitudesMatchTheDirectDft) {
  // Lengths of the paper's windows (160, 200, 250 = 2^5 5, 2^3 5^2, 2 5^3), a prime and tiny ones.
  RandomStream random(11, "fft");
  for (std::size_t n : {1u, 2u, 3u, 97u, 160u, 200u, 250u}) {
    const auto x = noise(n, random);
    const auto fast = fft_amplitudes(x);
    const auto direct = direct_dft_amplitudes(x);
    ASSERT_EQ(fast.size(), n);
    const double scale = *std::max_element(direct.begin(), direct.end());
    // Both sum n terms of size <= 1 in double precision: agreement to ~n eps of the largest.
    for (std::size_t f = 0; f < n; ++f) EXPECT_NEAR(fast[f], direct[f], 1e-12 * scale) << "n " << n << " f " << f;
  }
}

TEST(SurrogatePValue, RankDefinition) {
  const std::vector<double> surrogates{0.1, 0.2, 0.3, std::numeric_limits<double>::quiet_NaN(), 0.5};
  EXPECT_DOUBLE_EQ(rank_p_value(0.6, surrogates), 1.0 / 5.0);  // larger than every finite one
  EXPECT_DOUBLE_EQ(rank_p_value(0.3, surrogates), 3.0 / 5.0);  // ties count against the window
  EXPECT_DOUBLE_EQ(rank_p_value(0.0, surrogates), 5.0 / 5.0);
  EXPECT_TRUE(std::isnan(rank_p_value(std::numeric_limits<double>::quiet_NaN(), surrogates)));
  const std::vector<double> none{std::numeric_limits<double>::quiet_NaN()};
  EXPECT_TRUE(std::isnan(rank_p_value(0.5, none)));
}

TEST(Surrogates, ShuffleIsAPermutationFromItsOwnStream) {
  RandomStream random(1, "data");
  const auto x = ar1(200, 0.9, random);
  SurrogateGenerator generator(SurrogateKind::shuffle);
  generator.set_window(x);
  std::vector<double> a(200), b(200), c(200);
  auto stream = surrogate_stream(5, 3, 7);
  generator.generate(stream, a);
  stream = surrogate_stream(5, 3, 7);
  generator.generate(stream, b);
  stream = surrogate_stream(5, 3, 8);
  generator.generate(stream, c);
  EXPECT_TRUE(is_permutation_of(a, x));
  EXPECT_EQ(a, b);  // same (seed, column, window): same surrogate
  EXPECT_NE(a, c);
  // A shuffle keeps no memory: lag-1 autocorrelation 0.9 becomes ~0 (sd 1/sqrt(200) = 0.07).
  EXPECT_GT(lag1_autocorrelation(x), 0.8);
  EXPECT_LT(std::abs(lag1_autocorrelation(a)), 0.25);
}

TEST(Surrogates, IaaftKeepsTheValuesExactlyAndTheSpectrumNearly) {
  RandomStream random(2, "data");
  SurrogateGenerator generator(SurrogateKind::iaaft);
  std::size_t worst_iterations = 0;
  double worst_error = 0.0, worst_autocorrelation = 0.0;
  for (int k = 0; k < 20; ++k) {
    const auto x = ar1(200, 0.9, random);
    generator.set_window(x);
    std::vector<double> s(200);
    auto stream = surrogate_stream(1, static_cast<std::uint64_t>(k), 0);
    generator.generate(stream, s);
    worst_iterations = std::max(worst_iterations, generator.last_iterations());
    EXPECT_TRUE(is_permutation_of(s, x));
    // Spectral mismatch ||A_s - A_x|| / ||A_x||: IAAFT ends on the exact values, so the spectrum
    // is matched only nearly; Schreiber and Schmitz report a few percent on such lengths.
    const auto target = generator.amplitudes();
    const auto got = fft_amplitudes(s);
    double error = 0.0, norm = 0.0;
    for (std::size_t f = 1; f < target.size(); ++f) {  // f = 0 (the mean) is kept exactly by any permutation
      error += (got[f] - target[f]) * (got[f] - target[f]);
      norm += target[f] * target[f];
    }
    worst_error = std::max(worst_error, std::sqrt(error / norm));
    worst_autocorrelation = std::max(worst_autocorrelation, std::abs(lag1_autocorrelation(s) - lag1_autocorrelation(x)));
  }
  EXPECT_LT(worst_error, 0.1);
  EXPECT_LT(worst_autocorrelation, 0.05);
  EXPECT_LT(worst_iterations, 200u);  // converged (ranks fixed) every time
  // The generator keeps scratch between calls (the last order, to sort faster): a surrogate must
  // not depend on what it made before.
  const auto x = ar1(200, 0.5, random), y = ar1(200, 0.5, random);
  std::vector<double> fresh(200), reused(200);
  SurrogateGenerator other(SurrogateKind::iaaft);
  other.set_window(y);
  auto stream = surrogate_stream(4, 4, 4);
  other.generate(stream, fresh);
  generator.set_window(x);
  stream = surrogate_stream(4, 4, 5);
  generator.generate(stream, reused);
  generator.set_window(y);
  stream = surrogate_stream(4, 4, 4);
  generator.generate(stream, reused);
  EXPECT_EQ(fresh, reused);
  std::cout << "iaaft: worst spectral error " << worst_error << ", lag-1 autocorrelation within " << worst_autocorrelation
            << ", iterations <= " << worst_iterations << "\n";
}

// Share of windows whose exponent is significant at 0.05 against K = 19 surrogates.
template <typename Make>
double significant_share(SurrogateKind kind, std::size_t windows, std::size_t length, Make make) {
  RosensteinEstimator estimator;
  SurrogateGenerator generator(kind);
  std::vector<double> surrogate(length), exponents(19);
  std::size_t significant = 0, tested = 0;
  for (std::size_t w = 0; w < windows; ++w) {
    const std::vector<double> x = make(w);
    const double observed = estimator.estimate(x).exponent;
    generator.set_window(x);
    auto stream = surrogate_stream(9, 0, w);
    for (double& exponent : exponents) {
      generator.generate(stream, surrogate);
      exponent = estimator.estimate(surrogate).exponent;
    }
    const double p = rank_p_value(observed, exponents);
    if (std::isnan(p)) continue;
    ++tested;
    significant += p <= 0.05;
  }
  return static_cast<double>(significant) / static_cast<double>(tested);
}

TEST(SurrogateTest, LogisticWindowsAreSignificant) {
  // Windows of 160 points of the logistic map (exponent ln 2; windowed estimate ~0.52) against
  // white-noise-like surrogates (~0.16): the observed exponent beats all 19 almost always.
  for (SurrogateKind kind : {SurrogateKind::shuffle, SurrogateKind::iaaft}) {
    const double share = significant_share(kind, 100, 160, [](std::size_t w) { return logistic(160, 0.1 + 0.008 * static_cast<double>(w)); });
    EXPECT_GE(share, 0.95) << surrogate_kind_name(kind);
    std::cout << "logistic, " << surrogate_kind_name(kind) << ": " << share << " significant\n";
  }
}

TEST(SurrogateTest, WhiteNoiseIsSignificantAboutFivePercent) {
  // Under the null the window is exchangeable with its shuffles, so P(p <= 0.05) = 1/20 exactly
  // (K = 19). 400 windows: binomial sd 0.011; band 0.01-0.09 (3.6 sd).
  for (SurrogateKind kind : {SurrogateKind::shuffle, SurrogateKind::iaaft}) {
    RandomStream random(21, "noise");
    const double share = significant_share(kind, 400, 160, [&](std::size_t) { return noise(160, random); });
    EXPECT_GT(share, 0.01) << surrogate_kind_name(kind);
    EXPECT_LT(share, 0.09) << surrogate_kind_name(kind);
    std::cout << "white noise, " << surrogate_kind_name(kind) << ": " << share << " significant\n";
  }
}

TEST(SurrogateTest, LinearCorrelatedNoiseIsTheIaaftNull) {
  // AR(1), phi = 0.9: a linear Gaussian process, IAAFT's null (about 5% significant, same band);
  // shuffling also destroys the correlation, so the shuffle test reports what differs from
  // independent values, whatever its kind.
  RandomStream random(22, "ar");
  const double iaaft = significant_share(SurrogateKind::iaaft, 400, 160, [&](std::size_t) { return ar1(160, 0.9, random); });
  EXPECT_GT(iaaft, 0.01);
  EXPECT_LT(iaaft, 0.09);
  const double shuffle = significant_share(SurrogateKind::shuffle, 100, 160, [&](std::size_t) { return ar1(160, 0.9, random); });
  EXPECT_GT(shuffle, 0.5);  // measured 0.93: a shuffle test cannot tell correlated noise from chaos
  std::cout << "AR(1) 0.9: iaaft " << iaaft << ", shuffle " << shuffle << " significant\n";
}

}  // namespace
}  // namespace legcnet::dynamics
