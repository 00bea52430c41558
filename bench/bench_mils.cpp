// MILS on MNIST's 784-50-30-10 network (41,000 weights): 50% pruned at weight level, one weight per
// step (20,500 steps), the target being well under a minute on one core. Weights are random
// normals (the sign pattern of a trained net is as varied; the cost does not depend on the values).
#include <benchmark/benchmark.h>

#include "legcnet/prune/mils.hpp"
#include "legcnet/random.hpp"
#include "legcnet/stages/ctm_table.hpp"

namespace {

using namespace legcnet;

const complexity::CtmTable& ctm() {
  static const auto table = complexity::CtmTable::read_file(stages::locate_ctm_table("").string());
  return table;
}

nn::Mlp mnist_shaped_net() {
  nn::Mlp net(nn::Architecture{{784, 50, 30, 10}});
  RandomStream stream(1, "bench-mils");
  for (auto& w : net.weights)
    for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = stream.normal();
  return net;
}

void run(benchmark::State& state, prune::MilsOptions options, std::size_t count) {
  const auto net = mnist_shaped_net();
  ctm();
  for (auto _ : state) benchmark::DoNotOptimize(prune::mils_prune(net, ctm(), count, options));
}

void BM_MilsWeightLevelHalf(benchmark::State& state) {
  prune::MilsOptions options;
  options.strategy = state.range(0) == 0 ? prune::MilsStrategy::min_absolute : prune::MilsStrategy::max_absolute;
  options.measure = state.range(1) == 0 ? complexity::Measure::bdm : complexity::Measure::entropy;
  run(state, options, 20500);
}
BENCHMARK(BM_MilsWeightLevelHalf)->Args({0, 0})->Args({1, 0})->Args({0, 1})->Unit(benchmark::kSecond)->Iterations(1);

void BM_MilsNodeLevelHalf(benchmark::State& state) {
  prune::MilsOptions options;
  options.level = prune::MilsLevel::node;
  run(state, options, 40);  // 40 of the 80 hidden units
}
BENCHMARK(BM_MilsNodeLevelHalf)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
