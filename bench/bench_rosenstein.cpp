// Windows per second of the Rosenstein estimator (items_per_second), one thread, default
// parameters (m = 2, lag 1, min_tsep 10, traj_len 10). Each benchmark cycles through 1024 distinct
// windows so that branch predictors and caches see realistic variety.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "legcnet/dynamics/rosenstein.hpp"

namespace {

using legcnet::dynamics::RosensteinEstimator;

constexpr std::size_t window_variety = 1024;

// splitmix64: a fixed generator so the benchmark input is the same on every platform.
double uniform(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

enum class Kind { chaotic, noise, walk };

std::vector<std::vector<double>> make_windows(Kind kind, std::size_t length) {
  std::uint64_t state = 12345;
  std::vector<std::vector<double>> windows(window_variety, std::vector<double>(length));
  for (auto& window : windows) {
    double value = 0.1 + 0.8 * uniform(state);
    for (auto& x : window) {
      switch (kind) {
        case Kind::chaotic:
          value = 4.0 * value * (1.0 - value);
          x = value;
          break;  // logistic map
        case Kind::noise: x = uniform(state); break;
        case Kind::walk:
          value += uniform(state) - 0.5;
          x = value;
          break;  // drifting weight-like
      }
    }
  }
  return windows;
}

void run(benchmark::State& state, Kind kind) {
  const auto length = static_cast<std::size_t>(state.range(0));
  const auto windows = make_windows(kind, length);
  RosensteinEstimator estimator;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto result = estimator.estimate(windows[next]);
    benchmark::DoNotOptimize(result.exponent);
    next = (next + 1) % window_variety;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_RosensteinChaotic(benchmark::State& state) {
  run(state, Kind::chaotic);
}
void BM_RosensteinNoise(benchmark::State& state) {
  run(state, Kind::noise);
}
void BM_RosensteinWalk(benchmark::State& state) {
  run(state, Kind::walk);
}

BENCHMARK(BM_RosensteinChaotic)->Arg(100)->Arg(160)->Arg(200)->Arg(250)->Arg(400)->Arg(800);
BENCHMARK(BM_RosensteinNoise)->Arg(100)->Arg(160)->Arg(200)->Arg(250)->Arg(400)->Arg(800);
BENCHMARK(BM_RosensteinWalk)->Arg(100)->Arg(200)->Arg(400)->Arg(800);

}  // namespace

BENCHMARK_MAIN();
