#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "legcnet/dynamics/rosenstein.hpp"
#include "legcnet/error.hpp"
#include "rosenstein_plain.hpp"

namespace {

using legcnet::dynamics::DivergenceCurve;
using legcnet::dynamics::fit_to_end;
using legcnet::dynamics::LyapunovResult;
using legcnet::dynamics::LyapunovStatus;
using legcnet::dynamics::rosenstein_exponent;
using legcnet::dynamics::rosenstein_min_length;
using legcnet::dynamics::rosenstein_params_problem;
using legcnet::dynamics::RosensteinEstimator;
using legcnet::dynamics::RosensteinParams;

// splitmix64: the same numbers on every platform, unlike the <random> distributions.
class Uniform {
 public:
  explicit Uniform(std::uint64_t seed) : state_(seed) {}
  double operator()() {  // in [0, 1)
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t state_;
};

std::vector<double> logistic_map(std::size_t length, double start) {
  std::vector<double> x(length);
  double value = start;
  for (int i = 0; i < 100; ++i) value = 4.0 * value * (1.0 - value);  // onto the attractor
  for (double& out : x) {
    value = 4.0 * value * (1.0 - value);
    out = value;
  }
  return x;
}

std::vector<double> henon_x(std::size_t length) {
  std::vector<double> x(length);
  double a = 0.1;
  double b = 0.1;
  for (std::size_t i = 0; i < length + 100; ++i) {
    const double next = 1.0 - 1.4 * a * a + b;
    b = 0.3 * a;
    a = next;
    if (i >= 100) x[i - 100] = a;
  }
  return x;
}

// x coordinate of the Lorenz system (10, 28, 8/3), classic RK4 with step dt, after a transient.
std::vector<double> lorenz_x(std::size_t length, double dt) {
  double state[3] = {1.0, 1.0, 1.0};
  const auto field = [](const double* p, double* d) {
    d[0] = 10.0 * (p[1] - p[0]);
    d[1] = p[0] * (28.0 - p[2]) - p[1];
    d[2] = p[0] * p[1] - 8.0 / 3.0 * p[2];
  };
  std::vector<double> x(length);
  for (std::size_t step = 0; step < length + 1000; ++step) {
    double k1[3], k2[3], k3[3], k4[3], probe[3];
    field(state, k1);
    for (int c = 0; c < 3; ++c) probe[c] = state[c] + 0.5 * dt * k1[c];
    field(probe, k2);
    for (int c = 0; c < 3; ++c) probe[c] = state[c] + 0.5 * dt * k2[c];
    field(probe, k3);
    for (int c = 0; c < 3; ++c) probe[c] = state[c] + dt * k3[c];
    field(probe, k4);
    for (int c = 0; c < 3; ++c) state[c] += dt / 6.0 * (k1[c] + 2.0 * k2[c] + 2.0 * k3[c] + k4[c]);
    if (step >= 1000) x[step - 1000] = state[0];
  }
  return x;
}

std::vector<double> white_noise(std::size_t length, std::uint64_t seed) {
  Uniform uniform(seed);
  std::vector<double> x(length);
  for (double& value : x) value = uniform();
  return x;
}

RosensteinParams params_with(std::size_t emb_dim, std::size_t lag, std::size_t min_tsep,
                             std::size_t traj_len) {
  RosensteinParams params;
  params.emb_dim = emb_dim;
  params.lag = lag;
  params.min_tsep = min_tsep;
  params.traj_len = traj_len;
  return params;
}

// --- Known exponents --------------------------------------------------------------------------

TEST(RosensteinKnownValues, LogisticMapGivesLnTwo) {
  // 1000 points: d(0) is about -7.4 and the attractor's size about e^-1, so divergence at ln 2
  // per step stays linear for about 8 steps; k = 0..4 is well inside that.
  const auto x = logistic_map(1000, 0.1);
  RosensteinParams params = params_with(2, 1, 10, 10);
  params.fit_last = 4;
  const LyapunovResult result = rosenstein_exponent(x, params);
  ASSERT_EQ(result.status, LyapunovStatus::ok);
  EXPECT_NEAR(result.exponent, std::numbers::ln2, 0.05 * std::numbers::ln2);
}

TEST(RosensteinKnownValues, HenonMapGivesAbout0419) {
  // 2000 points: d(k) rises from about -5.8 and bends towards saturation after k = 8; fitting
  // k = 0..6 keeps to the straight part.
  const auto x = henon_x(2000);
  RosensteinParams params = params_with(2, 1, 10, 12);
  params.fit_last = 6;
  const LyapunovResult result = rosenstein_exponent(x, params);
  ASSERT_EQ(result.status, LyapunovStatus::ok);
  EXPECT_NEAR(result.exponent, 0.419, 0.1 * 0.419);
}

TEST(RosensteinKnownValues, LorenzGivesAbout0906PerUnitTime) {
  // 10000 RK4 steps of 0.01 (100 time units), embedded with m = 3 and lag 10 (0.1 time units).
  // Theiler window 200 steps (2 time units, about three orbits round a lobe). The divergence
  // curve first rises fast for about 0.5 time units while the separation turns into the unstable
  // direction, then is straight until it saturates near ln(attractor size) after about 4 time
  // units; k = 50..350 (0.5 .. 3.5 time units) is the straight part. dt turns per-step slope
  // into per-unit-time.
  const double dt = 0.01;
  const auto x = lorenz_x(10000, dt);
  RosensteinParams params = params_with(3, 10, 200, 351);
  params.fit_first = 50;
  params.fit_last = 350;
  params.dt = dt;
  const LyapunovResult result = rosenstein_exponent(x, params);
  ASSERT_EQ(result.status, LyapunovStatus::ok);
  EXPECT_NEAR(result.exponent, 0.906, 0.1 * 0.906);
}

TEST(RosensteinKnownValues, WhiteNoiseJumpsThenStaysFlat) {
  // For independent samples the nearest neighbour at k = 0 is close only by chance of the
  // search; one step later the pair shares one coordinate (m = 2, lag 1) and from k = 2 on none:
  // the pairs are independent random points, so d(k) is flat at E[ln |u - w|] from k = 2.
  // Averaging about 4000 logarithms (sd about 0.75) leaves d(k) an sd near 0.012, and the
  // slope of 18 such points an sd near 0.0005; 0.01 is twenty times that. The whole-curve slope
  // is positive, carried by the jump of d(0) (about 4 nats below the plateau).
  const auto x = white_noise(4000, 17);
  RosensteinParams params = params_with(2, 1, 10, 20);
  const LyapunovResult whole = rosenstein_exponent(x, params, DivergenceCurve::keep);
  ASSERT_EQ(whole.status, LyapunovStatus::ok);
  ASSERT_EQ(whole.divergence.size(), 20u);
  EXPECT_LT(whole.divergence[0], whole.divergence[2] - 3.0);
  EXPECT_LT(whole.divergence[1], whole.divergence[2]);
  EXPECT_GT(whole.exponent, 0.03);

  params.fit_first = 2;
  const LyapunovResult plateau = rosenstein_exponent(x, params);
  ASSERT_EQ(plateau.status, LyapunovStatus::ok);
  EXPECT_NEAR(plateau.exponent, 0.0, 0.01);
}

TEST(RosensteinKnownValues, PureSineDoesNotDiverge) {
  // A sine (period 2*pi/0.3, about 20.9 samples, not a whole number, so no pair repeats
  // exactly) embeds as an ellipse: a pair keeps its phase offset forever, and its distance only
  // oscillates with the position on the ellipse. Averaged over 2000 pairs at all phases, d(k) is
  // flat; the slope measured is below 3e-4 per step, the bound 2e-3 is far below any chaotic
  // signal's (the maps above give 0.4 to 0.7).
  std::vector<double> x(2000);
  for (std::size_t t = 0; t < x.size(); ++t) x[t] = std::sin(0.3 * static_cast<double>(t));
  const LyapunovResult result =
      rosenstein_exponent(x, params_with(2, 1, 10, 20), DivergenceCurve::keep);
  ASSERT_EQ(result.status, LyapunovStatus::ok);
  EXPECT_NEAR(result.exponent, 0.0, 2e-3);
  double low = result.divergence[0];
  double high = result.divergence[0];
  for (const double d : result.divergence) {
    low = std::min(low, d);
    high = std::max(high, d);
  }
  EXPECT_LT(high - low, 0.05);
}

// --- Agreement with nolds ----------------------------------------------------------------------

TEST(RosensteinNolds, AgreesWithValuesFromNolds) {
  // Expected values: nolds.lyap_r(x, emb_dim, lag=, min_tsep=, tau=dt, trajectory_len=,
  // fit='poly') (CSchoel/nolds, numpy 1.24) on exactly these windows, written out with 17
  // digits. They differ from ours in the last bits only: nolds sums logarithms one by one and
  // fits with numpy.polyfit.
  struct Case {
    const char* name;
    std::vector<double> x;
    RosensteinParams params;
    double nolds;
  };
  auto quantised = logistic_map(160, 0.3);  // tenths: many distances tie, or nearly
  for (double& value : quantised) value = 0.1 * std::round(10.0 * value);
  Uniform uniform(42);
  std::vector<double> walk(250);
  double position = 0.0;
  for (double& value : walk) {
    position += uniform() - 0.5;
    value = position;
  }
  RosensteinParams walk_params = params_with(5, 3, 10, 10);
  walk_params.dt = 0.5;
  const std::vector<Case> cases{
      {"logistic", logistic_map(200, 0.1), params_with(2, 1, 10, 10), 0.5228820294864465},
      {"henon", henon_x(250), params_with(3, 2, 5, 20), 0.17790820988148298},
      {"quantised", quantised, params_with(2, 1, 3, 8), 0.29205013945183583},
      {"walk", walk, walk_params, 0.16205417926504156},
  };
  for (const auto& c : cases) {
    const auto result = rosenstein_exponent(c.x, c.params);
    ASSERT_EQ(result.status, LyapunovStatus::ok) << c.name;
    EXPECT_NEAR(result.exponent, c.nolds, 1e-12 * std::fabs(c.nolds)) << c.name;
  }
}

// --- Agreement with the plain implementation ---------------------------------------------------

bool agree(double fast, double plain) {
  if (std::isnan(fast) || std::isnan(plain)) return std::isnan(fast) && std::isnan(plain);
  if (std::isinf(fast) || std::isinf(plain)) return fast == plain;
  return std::fabs(fast - plain) <= 1e-12 * std::max(1.0, std::fabs(plain));
}

// Kinds of window: noise, chaos, a drifting walk, and two quantised series full of ties
// (integers: exact ties; tenths: distances equal on paper that differ in the last bits).
std::vector<double> test_window(int kind, std::size_t length, Uniform& uniform) {
  std::vector<double> x(length);
  double value = 0.1 + 0.8 * uniform();
  for (double& out : x) {
    switch (kind) {
      case 0: out = uniform(); break;
      case 1:
        value = 4.0 * value * (1.0 - value);
        out = value;
        break;
      case 2:
        value += uniform() - 0.5;
        out = value;
        break;
      case 3: out = std::round(4.0 * uniform()); break;
      default: out = 0.1 * std::round(10.0 * uniform()); break;
    }
  }
  return x;
}

void expect_same_as_plain(const std::vector<double>& x, const RosensteinParams& params,
                          const std::string& label) {
  RosensteinEstimator estimator(params);
  const LyapunovResult fast = estimator.estimate(x, DivergenceCurve::keep);
  const std::size_t fit_last =
      params.fit_last == fit_to_end ? params.traj_len - 1 : params.fit_last;
  const auto plain =
      legcnet::test::plain_rosenstein(x, params.emb_dim, params.lag, params.min_tsep,
                                      params.traj_len, params.fit_first, fit_last, params.dt);
  if (x.size() < rosenstein_min_length(params)) {
    EXPECT_EQ(fast.status, LyapunovStatus::too_short) << label;
    EXPECT_TRUE(std::isnan(fast.exponent)) << label;
    return;
  }
  EXPECT_TRUE(agree(fast.exponent, plain.exponent))
      << label << ": fast " << fast.exponent << " plain " << plain.exponent;
  EXPECT_EQ(fast.status == LyapunovStatus::ok, !std::isnan(plain.exponent)) << label;
  ASSERT_EQ(fast.divergence.size(), plain.curve.size()) << label;
  for (std::size_t k = 0; k < plain.curve.size(); ++k)
    EXPECT_TRUE(agree(fast.divergence[k], plain.curve[k]))
        << label << " k=" << k << ": fast " << fast.divergence[k] << " plain " << plain.curve[k];
}

TEST(RosensteinPlainAgreement, GridOfParametersAndWindows) {
  Uniform uniform(2024);
  for (const std::size_t emb_dim : {1, 2, 3, 5})
    for (const std::size_t lag : {1, 2, 3})
      for (const std::size_t min_tsep : {0, 1, 5, 10})
        for (const std::size_t traj_len : {2, 5, 10, 20})
          for (const std::size_t length : {30, 160, 250}) {
            for (int kind = 0; kind < 5; ++kind) {
              const auto x = test_window(kind, length, uniform);
              const std::string label =
                  "m=" + std::to_string(emb_dim) + " lag=" + std::to_string(lag) +
                  " tsep=" + std::to_string(min_tsep) + " traj=" + std::to_string(traj_len) +
                  " N=" + std::to_string(length) + " kind=" + std::to_string(kind);
              expect_same_as_plain(x, params_with(emb_dim, lag, min_tsep, traj_len), label);
            }
          }
}

TEST(RosensteinPlainAgreement, FitRangesAndTimeStep) {
  Uniform uniform(99);
  const auto x = test_window(1, 200, uniform);
  for (const std::size_t first : {0, 1, 3})
    for (const std::size_t last : {std::size_t{4}, std::size_t{9}, fit_to_end}) {
      RosensteinParams params = params_with(2, 1, 10, 10);
      params.fit_first = first;
      params.fit_last = last;
      params.dt = 0.25;
      expect_same_as_plain(x, params, "fit " + std::to_string(first) + ".." + std::to_string(last));
    }
}

TEST(RosensteinPlainAgreement, TinyValuesTakeTheSubnormalPath) {
  // Values near 1e-155: squared distances fall to subnormal numbers (and some to zero), which
  // the fast divergence sum handles on a separate path. Both must still do the same arithmetic.
  Uniform uniform(5);
  for (const int kind : {0, 1, 2}) {
    auto x = test_window(kind, 200, uniform);
    for (double& value : x) value *= 0x1.0p-515;
    expect_same_as_plain(x, params_with(2, 1, 10, 10), "tiny kind " + std::to_string(kind));
  }
}

TEST(RosensteinPlainAgreement, ScalingByTwoOnlyShiftsTheCurve) {
  // Doubling every value doubles every distance exactly: same neighbours, d(k) up by ln 2.
  Uniform uniform(8);
  const auto x = test_window(2, 250, uniform);
  std::vector<double> doubled(x);
  for (double& value : doubled) value *= 2.0;
  const auto params = params_with(2, 1, 10, 10);
  const auto a = rosenstein_exponent(x, params, DivergenceCurve::keep);
  const auto b = rosenstein_exponent(doubled, params, DivergenceCurve::keep);
  ASSERT_EQ(a.status, LyapunovStatus::ok);
  EXPECT_NEAR(a.exponent, b.exponent, 1e-13);
  for (std::size_t k = 0; k < a.divergence.size(); ++k)
    EXPECT_NEAR(b.divergence[k] - a.divergence[k], std::numbers::ln2, 1e-13);
}

// --- Degenerate windows: a status and a quiet NaN, never 0 --------------------------------------

void expect_undefined(const LyapunovResult& result, LyapunovStatus status) {
  EXPECT_EQ(result.status, status);
  EXPECT_TRUE(std::isnan(result.exponent));
}

TEST(RosensteinDegenerate, ConstantWindow) {
  expect_undefined(rosenstein_exponent(std::vector<double>(200, 0.25)), LyapunovStatus::constant);
  expect_undefined(rosenstein_exponent(std::vector<double>(200, 0.0)), LyapunovStatus::constant);
}

TEST(RosensteinDegenerate, NonFiniteOrHugeValues) {
  auto x = white_noise(200, 3);
  x[17] = std::numeric_limits<double>::quiet_NaN();
  expect_undefined(rosenstein_exponent(x), LyapunovStatus::non_finite);
  x[17] = std::numeric_limits<double>::infinity();
  expect_undefined(rosenstein_exponent(x), LyapunovStatus::non_finite);
  x[17] = 1e200;  // squared distances would overflow
  expect_undefined(rosenstein_exponent(x), LyapunovStatus::non_finite);
}

TEST(RosensteinDegenerate, PeriodicWindowHasNoPairAtNonZeroDistance) {
  // Period 2 with a Theiler window of 1: every vector's nearest admissible neighbour is an exact
  // copy two steps away, and the copies stay copies, so d(k) = -inf for every k.
  std::vector<double> x(200);
  for (std::size_t t = 0; t < x.size(); ++t) x[t] = t % 2 == 0 ? 0.0 : 1.0;
  const auto result = rosenstein_exponent(x, params_with(2, 1, 1, 10), DivergenceCurve::keep);
  expect_undefined(result, LyapunovStatus::no_neighbour);
  ASSERT_EQ(result.divergence.size(), 10u);
  for (const double d : result.divergence) EXPECT_EQ(d, -std::numeric_limits<double>::infinity());
}

TEST(RosensteinDegenerate, TooShortWindow) {
  const auto params = params_with(2, 1, 10, 10);
  const std::size_t shortest = rosenstein_min_length(params);
  EXPECT_EQ(shortest, 1u * 1u + 10u + 2u * 10u + 1u);  // (m-1)*lag + traj_len + 2*min_tsep + 1
  expect_undefined(rosenstein_exponent(white_noise(shortest - 1, 4), params),
                   LyapunovStatus::too_short);
  expect_undefined(rosenstein_exponent(std::vector<double>{}, params), LyapunovStatus::too_short);
  // At the minimum every vector has exactly enough candidates.
  EXPECT_EQ(rosenstein_exponent(white_noise(shortest, 4), params).status, LyapunovStatus::ok);
  EXPECT_EQ(rosenstein_min_length(params_with(3, 4, 0, 2)), 2u * 4u + 2u + 0u + 1u);
}

// --- Parameters, reuse, determinism ------------------------------------------------------------

TEST(RosensteinParameters, DefaultsAndProblems) {
  const RosensteinParams defaults;
  EXPECT_EQ(defaults.emb_dim, 2u);
  EXPECT_EQ(defaults.lag, 1u);
  EXPECT_EQ(defaults.min_tsep, 10u);
  EXPECT_EQ(defaults.traj_len, 10u);
  EXPECT_EQ(defaults.dt, 1.0);
  EXPECT_FALSE(rosenstein_params_problem(defaults));
  EXPECT_LE(rosenstein_min_length(defaults), 160u);

  const auto broken = [](auto change) {
    RosensteinParams params;
    change(params);
    return rosenstein_params_problem(params).has_value();
  };
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.emb_dim = 0; }));
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.lag = 0; }));
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.traj_len = 1; }));
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.fit_last = 10; }));  // k runs to traj_len - 1
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.fit_first = 9; }));  // one point left
  EXPECT_TRUE(broken([](RosensteinParams& p) {
    p.fit_first = 3;
    p.fit_last = 3;
  }));
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.dt = 0.0; }));
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.dt = std::numeric_limits<double>::quiet_NaN(); }));
  EXPECT_TRUE(broken([](RosensteinParams& p) { p.min_tsep = 2'000'000; }));
  EXPECT_FALSE(broken([](RosensteinParams& p) {
    p.fit_first = 8;
    p.fit_last = 9;
  }));

  RosensteinParams bad;
  bad.traj_len = 1;
  EXPECT_THROW(RosensteinEstimator{bad}, legcnet::InputError);
  EXPECT_THROW(rosenstein_exponent(white_noise(100, 1), bad), legcnet::InputError);
}

TEST(RosensteinReuse, SameBitsWhateverCameBefore) {
  RosensteinEstimator reused;
  Uniform uniform(31);
  std::vector<std::vector<double>> windows;
  int kind = 0;
  for (const std::size_t length : {250, 160, 40, 200, 250})
    windows.push_back(test_window(kind++, length, uniform));
  for (const auto& window : windows) {
    const auto first = reused.estimate(window, DivergenceCurve::keep);
    const auto again = reused.estimate(window);
    RosensteinEstimator fresh;
    const auto alone = fresh.estimate(window);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(first.exponent),
              std::bit_cast<std::uint64_t>(again.exponent));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(first.exponent),
              std::bit_cast<std::uint64_t>(alone.exponent));
    EXPECT_TRUE(again.divergence.empty());
    EXPECT_EQ(first.divergence.size(), 10u);
  }
}

TEST(RosensteinReuse, SameBitsOnAnyThread) {
  Uniform uniform(77);
  std::vector<std::vector<double>> windows;
  for (int kind = 0; kind < 5; ++kind) windows.push_back(test_window(kind, 200, uniform));
  const auto run_all = [&windows](std::vector<std::uint64_t>& bits) {
    RosensteinEstimator estimator;
    for (const auto& window : windows)
      bits.push_back(std::bit_cast<std::uint64_t>(estimator.estimate(window).exponent));
  };
  std::vector<std::uint64_t> here;
  std::vector<std::uint64_t> there;
  run_all(here);
  std::thread other(run_all, std::ref(there));
  other.join();
  EXPECT_EQ(here, there);
}

TEST(RosensteinStatus, Names) {
  EXPECT_EQ(legcnet::dynamics::status_name(LyapunovStatus::ok), "ok");
  EXPECT_EQ(legcnet::dynamics::status_name(LyapunovStatus::too_short), "too_short");
  EXPECT_EQ(legcnet::dynamics::status_name(LyapunovStatus::non_finite), "non_finite");
  EXPECT_EQ(legcnet::dynamics::status_name(LyapunovStatus::constant), "constant");
  EXPECT_EQ(legcnet::dynamics::status_name(LyapunovStatus::no_neighbour), "no_neighbour");
}

}  // namespace
