// Surrogate windows per second (items_per_second), one thread: shuffle and IAAFT, on windows of
// a random walk (like a weight's difference series) and of white noise. The IAAFT counter
// `rounds` is the mean number of amplitude/rank rounds until the ranks stopped changing.
#include <benchmark/benchmark.h>

#include <vector>

#include "legcnet/dynamics/surrogates.hpp"
#include "legcnet/random.hpp"

namespace {

using namespace legcnet;
using dynamics::SurrogateKind;

std::vector<std::vector<double>> make_windows(bool walk, std::size_t length) {
  RandomStream random(12345, "bench");
  std::vector<std::vector<double>> windows(64, std::vector<double>(length));
  for (auto& window : windows) {
    double value = 0.0;
    for (auto& x : window) x = walk ? (value += random.normal()) : random.normal();
  }
  return windows;
}

void run(benchmark::State& state, SurrogateKind kind, bool walk) {
  const auto length = static_cast<std::size_t>(state.range(0));
  const auto windows = make_windows(walk, length);
  dynamics::SurrogateGenerator generator(kind);
  std::vector<double> out(length);
  std::size_t next = 0, rounds = 0, made = 0;
  for (auto _ : state) {
    generator.set_window(windows[next]);
    auto random = dynamics::surrogate_stream(1, next, made);
    generator.generate(random, out);
    benchmark::DoNotOptimize(out.data());
    rounds += generator.last_iterations();
    ++made;
    next = (next + 1) % windows.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(made));
  state.counters["rounds"] = static_cast<double>(rounds) / static_cast<double>(made);
}

void Shuffle(benchmark::State& state) { run(state, SurrogateKind::shuffle, true); }
void IaaftWalk(benchmark::State& state) { run(state, SurrogateKind::iaaft, true); }
void IaaftNoise(benchmark::State& state) { run(state, SurrogateKind::iaaft, false); }

}  // namespace

BENCHMARK(Shuffle)->Arg(160)->Arg(200)->Arg(250);
BENCHMARK(IaaftWalk)->Arg(160)->Arg(200)->Arg(250);
BENCHMARK(IaaftNoise)->Arg(160)->Arg(200)->Arg(250);
BENCHMARK_MAIN();
