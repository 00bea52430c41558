// Effective resistances of MNIST-shaped layers (784 inputs -> 50 units: an 834 x 834 Laplacian;
// 50 -> 30; 30 -> 10) by each route, and a whole spectral mask of the 784-50-30-10 network.
#include <benchmark/benchmark.h>

#include <vector>

#include "legcnet/prune/resistance.hpp"
#include "legcnet/prune/spectral.hpp"
#include "legcnet/random.hpp"

namespace {

using namespace legcnet;

// |N(0, 1)| conductances, like a net at initialisation.
Eigen::MatrixXd layer(int units, int inputs) {
  RandomStream stream(42, "bench-spectral");
  Eigen::MatrixXd w(units, inputs);
  for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = stream.normal();
  return w;
}

void resistances(benchmark::State& state, prune::ResistanceRoute route) {
  const Eigen::MatrixXd w = layer(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(prune::effective_resistances(w, route));
  state.counters["vertices"] = static_cast<double>(w.rows() + w.cols());
}

void BM_ResistanceReduced(benchmark::State& state) { resistances(state, prune::ResistanceRoute::reduced); }
void BM_ResistancePseudoInverse(benchmark::State& state) { resistances(state, prune::ResistanceRoute::pseudo_inverse); }
void BM_ResistanceEigen(benchmark::State& state) { resistances(state, prune::ResistanceRoute::eigen); }

BENCHMARK(BM_ResistanceReduced)->Args({50, 784})->Args({30, 50})->Args({10, 30})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ResistancePseudoInverse)->Args({50, 784})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ResistanceEigen)->Args({50, 784})->Unit(benchmark::kMillisecond);

// Leverages of the three layers and a sampled mask at 90% pruned (what the prune stage computes).
void BM_SpectralMaskMnist(benchmark::State& state) {
  const std::vector<Eigen::MatrixXd> weights{layer(50, 784), layer(30, 50), layer(10, 30)};
  for (auto _ : state) {
    std::vector<prune::LayerLeverage> layers;
    for (const auto& w : weights) layers.push_back(prune::layer_leverage(w));
    benchmark::DoNotOptimize(
        prune::spectral_mask(layers, 36900, prune::SpectralScope::layer, prune::SpectralSelect::sample, 1));
  }
}
BENCHMARK(BM_SpectralMaskMnist)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
