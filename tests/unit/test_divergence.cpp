#include "legcnet/dynamics/divergence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "legcnet/error.hpp"
#include "legcnet/random.hpp"
#include "legcnet/stats/distributions.hpp"
#include "legcnet/stats/ols.hpp"

namespace legcnet::dynamics {
namespace {

std::vector<long long> steps_up_to(std::size_t rows, long long stride = 1) {
  std::vector<long long> steps(rows);
  for (std::size_t r = 0; r < rows; ++r) steps[r] = static_cast<long long>(r) * stride;
  return steps;
}

// ln d(t) = ln d0 + lambda t exactly (up to the rounding of exp).
std::vector<double> exponential(std::size_t rows, double d0, double lambda, long long stride = 1) {
  std::vector<double> d(rows);
  for (std::size_t r = 0; r < rows; ++r) d[r] = d0 * std::exp(lambda * static_cast<double>(r) * static_cast<double>(stride));
  return d;
}

GrowthFitOptions no_saturation() {
  GrowthFitOptions options;
  options.saturation = 0.0;
  return options;
}

// --- Distances ---------------------------------------------------------------------------------

TEST(DivergenceRow, EuclideanDistanceWholeAndPerGroup) {
  const std::vector<double> base{1.0, 2.0, 3.0, 4.0}, perturbed{1.0, 5.0, 3.0, 4.0 - 4.0};
  const std::vector<std::size_t> group_of{0, 0, 1, 1};
  DivergenceRow row;
  divergence_row(base, perturbed, group_of, 2, row);
  EXPECT_DOUBLE_EQ(row.distance, 5.0);  // sqrt(3^2 + 4^2)
  EXPECT_DOUBLE_EQ(row.base_norm, std::sqrt(30.0));
  ASSERT_EQ(row.groups.size(), 2u);
  EXPECT_DOUBLE_EQ(row.groups[0], 3.0);
  EXPECT_DOUBLE_EQ(row.groups[1], 4.0);
  divergence_row(base, perturbed, {}, 0, row);
  EXPECT_TRUE(row.groups.empty());
  EXPECT_DOUBLE_EQ(row.distance, 5.0);
}

TEST(StudentT, QuantilesOfTheInterval) {
  // Table values (scipy.stats.t.ppf): 0.975 quantiles for 1, 9 and 19 degrees of freedom. Boost
  // inverts the distribution iteratively in double precision (no long double promotion in the
  // wrappers' policy): within 1e-10 relative, far below anything an interval's width notices.
  EXPECT_NEAR(stats::student_t_quantile(0.975, 1), 12.706204736174698, 1e-10 * 12.7);
  EXPECT_NEAR(stats::student_t_quantile(0.975, 9), 2.2621571627409915, 1e-10 * 2.26);
  EXPECT_NEAR(stats::student_t_quantile(0.975, 19), 2.093024054408263, 1e-10 * 2.09);
  EXPECT_EQ(stats::student_t_quantile(0.5, 5), 0.0);
  EXPECT_TRUE(std::isnan(stats::student_t_quantile(1.0, 5)));
  EXPECT_TRUE(std::isnan(stats::student_t_quantile(0.9, 0)));
}

// --- Known growth --------------------------------------------------------------------------------

TEST(GrowthFit, ExponentialGrowthGivesItsRateAndChaotic) {
  // 1001 rows, lambda = 0.01 per step: ln d rises by 10 (a factor 22,000) over the range.
  const auto steps = steps_up_to(1001);
  const auto d = exponential(1001, 1e-4, 0.01);
  GrowthFitOptions options = no_saturation();
  options.steps_per_epoch = 120;
  const GrowthFit fit = fit_growth(steps, d, {}, options);
  ASSERT_EQ(fit.status, GrowthStatus::ok);
  EXPECT_NEAR(fit.exponent_per_step, 0.01, 1e-12);  // exact line: only the rounding of exp and log
  EXPECT_NEAR(fit.exponent_per_epoch, 1.2, 1e-10);
  EXPECT_LT(fit.stderr_per_step, 1e-12);             // every increment the same: no variance
  EXPECT_LE(fit.ci_low, fit.exponent_per_step);
  EXPECT_GE(fit.ci_high, fit.exponent_per_step);
  EXPECT_NEAR(fit.growth, std::exp(10.0), 1e-8 * std::exp(10.0));
  EXPECT_NEAR(fit.fitted_growth, std::exp(10.0), 1e-8 * std::exp(10.0));
  EXPECT_EQ(fit.verdict, Verdict::chaotic);
  EXPECT_EQ(fit.rows, 1001u);
  EXPECT_EQ(fit.batches, 10u);
}

TEST(GrowthFit, ExponentialDecayGivesItsRateAndContracting) {
  // Recorded every 5 steps: the exponent is per step, not per row.
  const auto steps = steps_up_to(401, 5);
  const auto d = exponential(401, 1.0, -0.003, 5);
  const GrowthFit fit = fit_growth(steps, d, {}, no_saturation());
  ASSERT_EQ(fit.status, GrowthStatus::ok);
  EXPECT_NEAR(fit.exponent_per_step, -0.003, 1e-14);
  EXPECT_NEAR(fit.growth, std::exp(-6.0), 1e-12);  // shrinks 403-fold: more than min_growth 100
  EXPECT_EQ(fit.verdict, Verdict::contracting);
  EXPECT_TRUE(std::isnan(fit.exponent_per_epoch));  // no steps per epoch given
}

TEST(GrowthFit, ConstantOffsetIsNeutralWithExponentZero) {
  const auto steps = steps_up_to(500);
  const std::vector<double> d(500, 0.25);
  const GrowthFit fit = fit_growth(steps, d, {}, no_saturation());
  ASSERT_EQ(fit.status, GrowthStatus::ok);
  EXPECT_EQ(fit.exponent_per_step, 0.0);
  EXPECT_EQ(fit.stderr_per_step, 0.0);
  EXPECT_EQ(fit.growth, 1.0);
  EXPECT_EQ(fit.verdict, Verdict::neutral);
}

TEST(GrowthFit, SlowSignificantGrowthBelowTheMinimumIsNeutral) {
  // The iris case: d grows by 2.7 over 24,000 steps, very smoothly. The interval excludes 0, but
  // the growth is far below min_growth (100): neutral. With --min-growth 2 the same run is chaotic.
  const auto steps = steps_up_to(24001);
  const auto d = exponential(24001, 1e-4, 1.0 / 24000.0);
  GrowthFitOptions options = no_saturation();
  GrowthFit fit = fit_growth(steps, d, {}, options);
  EXPECT_GT(fit.ci_low, 0.0);
  EXPECT_EQ(fit.verdict, Verdict::neutral);
  options.min_growth = 2.0;
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.verdict, Verdict::chaotic);
}

TEST(GrowthFit, SlopeIsTheOrdinaryLeastSquaresSlope) {
  // Against the QR least-squares fit with a constant (an independent implementation).
  RandomStream random(7, "test");
  const std::size_t rows = 300;
  std::vector<long long> steps(rows);
  std::vector<double> d(rows);
  Eigen::MatrixXd design(rows, 2);
  Eigen::VectorXd response(rows);
  long long step = 3;
  for (std::size_t r = 0; r < rows; ++r) {
    step += 1 + static_cast<long long>(random.below(4));  // uneven spacing
    steps[r] = step;
    d[r] = std::exp(0.003 * static_cast<double>(step) + random.normal());
    design(static_cast<Eigen::Index>(r), 0) = 1.0;
    design(static_cast<Eigen::Index>(r), 1) = static_cast<double>(step);
    response(static_cast<Eigen::Index>(r)) = std::log(d[r]);
  }
  const GrowthFit fit = fit_growth(steps, d, {}, no_saturation());
  const stats::OlsFit reference = stats::ols(design, response);
  EXPECT_NEAR(fit.exponent_per_step, reference.coefficients(1), 1e-12 * std::abs(reference.coefficients(1)));
}

TEST(GrowthFit, FitRangeIsInSteps) {
  // ln d rises at 0.05 up to step 200, then stays flat; the range 0:200 sees the rise only.
  const auto steps = steps_up_to(1000);
  std::vector<double> d(1000);
  for (std::size_t r = 0; r < 1000; ++r) d[r] = 1e-6 * std::exp(0.05 * std::min<double>(static_cast<double>(r), 200.0));
  GrowthFitOptions options = no_saturation();
  options.first_step = 0;
  options.last_step = 200;
  GrowthFit fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.first_step, 0);
  EXPECT_EQ(fit.last_step, 200);
  EXPECT_EQ(fit.rows, 201u);
  EXPECT_NEAR(fit.exponent_per_step, 0.05, 1e-12);
  EXPECT_NEAR(fit.max_growth, std::exp(10.0), 1e-6 * std::exp(10.0));
  options.first_step = 300;
  options.last_step = no_step;
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.first_step, 300);
  EXPECT_EQ(fit.last_step, 999);
  EXPECT_NEAR(fit.exponent_per_step, 0.0, 1e-15);
}

TEST(GrowthFit, SaturationEndsTheDefaultRangeOnly) {
  // d grows at 0.05 per step from 1e-6 and saturates at 1 (step 277); the state's norm is 2, so
  // d >= 0.1 * 2 first at step ceil(ln(0.2 / 1e-6) / 0.05) = 245.
  const auto steps = steps_up_to(2000);
  std::vector<double> d(2000), norm(2000, 2.0);
  for (std::size_t r = 0; r < 2000; ++r) d[r] = std::min(1.0, 1e-6 * std::exp(0.05 * static_cast<double>(r)));
  GrowthFitOptions options;
  GrowthFit fit = fit_growth(steps, d, norm, options);
  const long long expected = static_cast<long long>(std::ceil(std::log(0.2 / 1e-6) / 0.05));
  EXPECT_EQ(fit.saturation_step, expected);
  EXPECT_EQ(fit.last_step, expected);
  EXPECT_NEAR(fit.exponent_per_step, 0.05, 1e-12);
  EXPECT_EQ(fit.verdict, Verdict::chaotic);
  EXPECT_EQ(fit.basis, VerdictBasis::rate);  // a steady rate: the interval decides first
  // Without the rule the plateau dominates: 1,700 flat rows after 277 rising ones.
  options.saturation = 0.0;
  fit = fit_growth(steps, d, norm, options);
  EXPECT_EQ(fit.saturation_step, -1);
  EXPECT_LT(fit.exponent_per_step, 0.01);
  // An explicit range is the user's: saturation is reported but does not cut it.
  options.saturation = 0.1;
  options.last_step = 1999;
  fit = fit_growth(steps, d, norm, options);
  EXPECT_EQ(fit.saturation_step, expected);
  EXPECT_EQ(fit.last_step, 1999);
}

TEST(GrowthFit, BurstsUpToSaturationAreChaoticByThatBasis) {
  // ln d flat for 1000 steps, a burst of 0.02 per step for 200 steps, flat for 1000, another burst
  // of 300 steps, and so on: uneven growth, so the batches disagree and the rate's interval holds
  // 0. Once d reaches 0.1 ||w|| (from 1e-6 against ||w|| = 1: a growth of 1e5) the nudge has become
  // macroscopic: chaotic by saturation. The same bursts stopping at 1e-3 (growth 1000, far below
  // the state's size) are neutral.
  const auto steps = steps_up_to(6000);
  std::vector<double> d(6000), low(6000), norm(6000, 1.0);
  double y = std::log(1e-6);
  for (std::size_t r = 0; r < 6000; ++r) {
    d[r] = std::exp(y);
    low[r] = std::min(d[r], 1e-3);
    if ((r / 1000) % 2 == 1 && r % 1000 < 300) y += 0.02;
  }
  const GrowthFit fit = fit_growth(steps, d, norm, GrowthFitOptions{});
  EXPECT_LT(fit.ci_low, 0.0);
  EXPECT_GT(fit.saturation_step, 0);
  EXPECT_EQ(fit.last_step, fit.saturation_step);
  EXPECT_EQ(fit.verdict, Verdict::chaotic);
  EXPECT_EQ(fit.basis, VerdictBasis::saturation);
  const GrowthFit stopped = fit_growth(steps, low, norm, GrowthFitOptions{});
  EXPECT_EQ(stopped.saturation_step, -1);
  EXPECT_EQ(stopped.verdict, Verdict::neutral);
  EXPECT_EQ(stopped.basis, VerdictBasis::none);
}

TEST(GrowthFit, DegenerateRangesAreStatusesNotNumbers) {
  const auto steps = steps_up_to(10);
  std::vector<double> d(10, 1.0);
  GrowthFitOptions options = no_saturation();
  options.first_step = 6;  // rows 6..9: four rows
  GrowthFit fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.status, GrowthStatus::too_short);
  EXPECT_EQ(fit.verdict, Verdict::undefined);
  EXPECT_TRUE(std::isnan(fit.exponent_per_step));
  options.first_step = 100;  // no row at all
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.status, GrowthStatus::too_short);
  EXPECT_EQ(fit.rows, 0u);

  options = no_saturation();
  d[0] = 0.0;
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.status, GrowthStatus::identical);
  EXPECT_EQ(fit.verdict, Verdict::undefined);
  d[0] = 1.0;
  d[7] = 0.0;
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.status, GrowthStatus::merged);
  EXPECT_EQ(fit.verdict, Verdict::contracting);
  EXPECT_EQ(fit.basis, VerdictBasis::merged);
  EXPECT_TRUE(std::isnan(fit.exponent_per_step));
  d[7] = std::numeric_limits<double>::quiet_NaN();
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.status, GrowthStatus::non_finite);
  EXPECT_EQ(fit.verdict, Verdict::undefined);
  d[7] = std::numeric_limits<double>::infinity();
  fit = fit_growth(steps, d, {}, options);
  EXPECT_EQ(fit.status, GrowthStatus::non_finite);
}

TEST(GrowthFit, BadOptionsAreInputErrors) {
  const auto steps = steps_up_to(10);
  const std::vector<double> d(10, 1.0);
  GrowthFitOptions options;
  options.batches = 1;
  EXPECT_THROW(fit_growth(steps, d, {}, options), InputError);
  options = {};
  options.min_growth = 1.0;
  EXPECT_THROW(fit_growth(steps, d, {}, options), InputError);
  options = {};
  options.first_step = 5;
  options.last_step = 4;
  EXPECT_THROW(fit_growth(steps, d, {}, options), InputError);
  options = {};
  options.saturation = -1;
  EXPECT_TRUE(growth_fit_problem(options).has_value());
}

// --- The interval: coverage when the truth is known ----------------------------------------------

// ln d as a random walk with drift lambda whose increments are AR(1) (phi) Gaussian noise of
// standard deviation sigma: the model of tangent dynamics (ln d is a sum of local stretching
// rates), with correlation over about (1 + phi) / (1 - phi) steps.
std::vector<double> random_walk_distance(RandomStream& random, std::size_t rows, double lambda, double phi, double sigma) {
  std::vector<double> d(rows);
  double y = std::log(1e-4), u = random.normal() * sigma / std::sqrt(1.0 - phi * phi);
  for (std::size_t r = 0; r < rows; ++r) {
    d[r] = std::exp(y);
    u = phi * u + sigma * random.normal();
    y += lambda + u;
  }
  return d;
}

// Share of replications whose 95% interval holds the true lambda.
double coverage(double phi, std::size_t rows, std::size_t replications, std::uint64_t seed, double* naive = nullptr) {
  RandomStream random(seed, "coverage");
  const auto steps = steps_up_to(rows);
  const double lambda = 0.001;
  std::size_t covered = 0, naive_covered = 0;
  for (std::size_t k = 0; k < replications; ++k) {
    const auto d = random_walk_distance(random, rows, lambda, phi, 0.05);
    const GrowthFit fit = fit_growth(steps, d, {}, no_saturation());
    covered += fit.ci_low <= lambda && lambda <= fit.ci_high;
    if (naive != nullptr) {
      Eigen::MatrixXd design(static_cast<Eigen::Index>(rows), 2);
      Eigen::VectorXd response(static_cast<Eigen::Index>(rows));
      for (std::size_t r = 0; r < rows; ++r) {
        design(static_cast<Eigen::Index>(r), 0) = 1.0;
        design(static_cast<Eigen::Index>(r), 1) = static_cast<double>(steps[r]);
        response(static_cast<Eigen::Index>(r)) = std::log(d[r]);
      }
      const stats::OlsFit ols = stats::ols(design, response);
      naive_covered += std::abs(ols.coefficients(1) - lambda) <= 1.96 * ols.standard_errors(1);
    }
  }
  if (naive != nullptr) *naive = static_cast<double>(naive_covered) / static_cast<double>(replications);
  return static_cast<double>(covered) / static_cast<double>(replications);
}

TEST(GrowthFitInterval, CoversTheTrueExponentAtTheNominalRate) {
  // 1000 replications: a binomial share near 0.95 has sd 0.0069; the band 0.925-0.975 is about
  // 3.6 sd wide each side. Independent increments and increments correlated over ~19 steps.
  double naive = 0.0;
  const double independent = coverage(0.0, 2000, 1000, 1, &naive);
  EXPECT_GT(independent, 0.925);
  EXPECT_LT(independent, 0.975);
  // The plain OLS interval on the levels treats ln d's random-walk residuals as independent and
  // covers the truth far less often than it claims (about a third of the time here).
  EXPECT_LT(naive, 0.6);
  const double correlated = coverage(0.9, 2000, 1000, 2);
  EXPECT_GT(correlated, 0.925);
  EXPECT_LT(correlated, 0.975);
  std::cout << "coverage: independent " << independent << " (plain OLS " << naive << "), AR(0.9) " << correlated << "\n";
}

// --- Two trajectories of maps with known exponents --------------------------------------------

struct MapPair {
  std::vector<long long> steps;
  std::vector<double> distance;
  double tangent_slope = 0.0;  // least-squares slope of sum_s ln|f'(x_s)| over the same rows
};

// Follows x and x + 1e-10 for `rows` steps of map f with derivative df, recording |x' - x|.
template <typename Map, typename Derivative>
MapPair follow(double start, std::size_t rows, Map f, Derivative df) {
  MapPair pair;
  pair.steps = steps_up_to(rows);
  double x = start, y = start + 1e-10, tangent = std::log(1e-10);
  std::vector<double> tangent_log(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    pair.distance.push_back(std::abs(y - x));
    tangent_log[r] = tangent;
    tangent += std::log(std::abs(df(x)));
    x = f(x);
    y = f(y);
  }
  double t_mean = (static_cast<double>(rows) - 1.0) / 2.0, y_mean = 0.0, sxx = 0.0, sxy = 0.0;
  for (double value : tangent_log) y_mean += value / static_cast<double>(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    sxx += (static_cast<double>(r) - t_mean) * (static_cast<double>(r) - t_mean);
    sxy += (static_cast<double>(r) - t_mean) * (tangent_log[r] - y_mean);
  }
  pair.tangent_slope = sxy / sxx;
  return pair;
}

TEST(GrowthFitMaps, SkewTentMapMatchesItsTangentDynamicsAndExponent) {
  // Skew tent map, peak at a = 0.4: slopes 1/a and 1/(1-a), Lyapunov exponent
  // -a ln a - (1-a) ln(1-a) = 0.6730 (its invariant density is uniform). Over 25 steps the
  // separation grows from 1e-10 to about 2e-3, still far below the attractor's size 1, so
  // ln d(t) is the tangent sum exactly as long as the two points stay on one branch; the
  // rounding of a difference of numbers near 0.5 limits the agreement to ~1e-6 in ln d.
  const double a = 0.4;
  const auto f = [a](double x) { return x < a ? x / a : (1.0 - x) / (1.0 - a); };
  const auto df = [a](double x) { return x < a ? 1.0 / a : -1.0 / (1.0 - a); };
  const double exponent = -a * std::log(a) - (1.0 - a) * std::log(1.0 - a);
  RandomStream random(3, "starts");
  double sum = 0.0, sum_squares = 0.0;
  const int pairs = 400;
  int covered = 0;
  for (int k = 0; k < pairs; ++k) {
    double start = random.uniform();
    for (int i = 0; i < 50; ++i) start = f(start);  // onto the attractor
    const MapPair pair = follow(start, 26, f, df);
    GrowthFitOptions options = no_saturation();
    options.last_step = 25;
    const GrowthFit fit = fit_growth(pair.steps, pair.distance, {}, options);
    ASSERT_EQ(fit.status, GrowthStatus::ok);
    EXPECT_NEAR(fit.exponent_per_step, pair.tangent_slope, 1e-5);
    covered += fit.ci_low <= exponent && exponent <= fit.ci_high;
    sum += fit.exponent_per_step;
    sum_squares += fit.exponent_per_step * fit.exponent_per_step;
  }
  const double mean = sum / pairs, sd = std::sqrt((sum_squares - pairs * mean * mean) / (pairs - 1));
  // The mean of finite-time exponents started on the invariant measure is the exponent; four
  // standard errors of the mean.
  EXPECT_NEAR(mean, exponent, 4.0 * sd / std::sqrt(static_cast<double>(pairs)));
  // Each pair's ln d is a sum of independent stretching rates (the branches visited), the model
  // the interval assumes: about 95% of the intervals hold the exponent. 400 pairs: binomial sd
  // 0.011, band 0.91-0.99 (3.6 sd).
  EXPECT_GT(covered, 0.91 * pairs);
  EXPECT_LT(covered, 0.99 * pairs);
  std::cout << "skew tent: mean exponent " << mean << " sd " << sd << ", interval covers in " << covered << "/" << pairs << "\n";
}

TEST(GrowthFitMaps, LogisticMapGivesLnTwo) {
  // Logistic r = 4 (exponent ln 2), nudged by 1e-10 and fitted over 25 steps, before the
  // separation (about 1e-10 * 2^25 = 3e-3) nears the attractor's size.
  const auto f = [](double x) { return 4.0 * x * (1.0 - x); };
  const auto df = [](double x) { return 4.0 - 8.0 * x; };
  RandomStream random(4, "starts");
  double sum = 0.0, sum_squares = 0.0;
  const int pairs = 400;
  int covered = 0;
  for (int k = 0; k < pairs; ++k) {
    double start = random.uniform();
    for (int i = 0; i < 50; ++i) start = f(start);
    const MapPair pair = follow(start, 26, f, df);
    GrowthFitOptions options = no_saturation();
    options.last_step = 25;
    const GrowthFit fit = fit_growth(pair.steps, pair.distance, {}, options);
    ASSERT_EQ(fit.status, GrowthStatus::ok);
    covered += fit.ci_low <= std::numbers::ln2 && std::numbers::ln2 <= fit.ci_high;
    sum += fit.exponent_per_step;
    sum_squares += fit.exponent_per_step * fit.exponent_per_step;
  }
  const double mean = sum / pairs, sd = std::sqrt((sum_squares - pairs * mean * mean) / (pairs - 1));
  EXPECT_NEAR(mean, std::numbers::ln2, 4.0 * sd / std::sqrt(static_cast<double>(pairs)));
  // Through its conjugacy with the tent map, the logistic map's ln d is ln 2 t plus a bounded
  // term (its stretching rates are ln 2 plus a coboundary): the increments' long-run variance is
  // 0 and batch means over 2-3 increments overstate it. The interval is conservative here, never
  // too narrow.
  EXPECT_GE(covered, 0.95 * pairs);
  std::cout << "logistic: mean exponent " << mean << " sd " << sd << ", interval covers ln 2 in " << covered << "/" << pairs << "\n";
}

}  // namespace
}  // namespace legcnet::dynamics
