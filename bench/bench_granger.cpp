// Weight-tests per second of the per-weight Granger decision (SPEC section 7) on data shaped like
// a real run: ~170 windows, maxlag 14, chi2 form, min-p lag selection, ADF on every weight.
#include "legcnet/stats/adf.hpp"
#include "legcnet/stats/granger.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using namespace legcnet::stats;

constexpr std::size_t windows = 170;
constexpr std::size_t weights = 64;

// A falling, discrete misclassification rate (multiples of 1/120) with noise.
std::vector<double> misclassification(std::mt19937_64& engine) {
  std::vector<double> x(windows);
  for (std::size_t t = 0; t < windows; ++t) {
    const double rate = 0.6 * std::exp(-static_cast<double>(t) / 40.0) + 0.05;
    std::binomial_distribution<int> errors(120, rate);
    x[t] = errors(engine) / 120.0;
  }
  return x;
}

// Lyapunov-exponent-like series: small values, AR(1) noise, a slow drift; some driven by x.
std::vector<std::vector<double>> exponents(std::mt19937_64& engine, const std::vector<double>& x) {
  std::normal_distribution<double> normal;
  std::vector<std::vector<double>> ys(weights, std::vector<double>(windows));
  for (std::size_t w = 0; w < weights; ++w) {
    double level = 0.0;
    for (std::size_t t = 0; t < windows; ++t) {
      level = 0.6 * level + 0.01 * normal(engine);
      const double drive = (w % 4 == 0 && t > 0) ? 0.02 * x[t - 1] : 0.0;
      ys[w][t] = 0.05 + level - 0.0002 * static_cast<double>(t) + drive;
    }
  }
  return ys;
}

void run(benchmark::State& state, const GrangerOptions& options) {
  std::mt19937_64 engine(42);
  const auto x = misclassification(engine);
  const auto ys = exponents(engine, x);
  const GrangerTester tester(x, options);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(tester.test(ys[i]));
    i = (i + 1) % ys.size();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_GrangerDecision_Chi2MinP_Adf(benchmark::State& state) { run(state, {}); }
void BM_GrangerDecision_Chi2MinP_NoAdf(benchmark::State& state) {
  run(state, {.stationarity = Stationarity::none});
}
void BM_GrangerDecision_Chi2Aic_Adf(benchmark::State& state) { run(state, {.lag_selection = LagSelection::aic}); }

// The straightforward path for comparison: both models fitted from scratch at each lag.
void BM_GrangerPlainTests_Lags1to14(benchmark::State& state) {
  std::mt19937_64 engine(42);
  const auto x = misclassification(engine);
  const auto ys = exponents(engine, x);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(granger_causality_tests(x, ys[i], 14));
    i = (i + 1) % ys.size();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Adf_170(benchmark::State& state) {
  std::mt19937_64 engine(42);
  const auto x = misclassification(engine);
  const auto ys = exponents(engine, x);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(adf(ys[i]));
    i = (i + 1) % ys.size();
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_GrangerDecision_Chi2MinP_Adf);
BENCHMARK(BM_GrangerDecision_Chi2MinP_NoAdf);
BENCHMARK(BM_GrangerDecision_Chi2Aic_Adf);
BENCHMARK(BM_GrangerPlainTests_Lags1to14);
BENCHMARK(BM_Adf_170);

BENCHMARK_MAIN();
