// Throughput of the pieces around the estimators: CSV series writing and reading (bytes/s), and
// SGD updates per second for banknote's 4-8-1 net (per-sample) and MNIST's 784-50-30-10 net
// (batches of 128). Synthetic data of the real shapes, so the benchmark needs no dataset.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "legcnet/io/series.hpp"
#include "legcnet/nn/init.hpp"
#include "legcnet/nn/trainer.hpp"
#include "legcnet/random.hpp"

using namespace legcnet;

namespace {

io::Series random_series(Eigen::Index rows, Eigen::Index columns) {
  io::Series series;
  RandomStream stream(1, "bench");
  for (Eigen::Index c = 0; c < columns; ++c) series.names.push_back("w1_0_" + std::to_string(c));
  series.index.resize(rows, 1);
  series.values.resize(rows, columns);
  for (Eigen::Index r = 0; r < rows; ++r) {
    series.index(r, 0) = r;
    for (Eigen::Index c = 0; c < columns; ++c) series.values(r, c) = stream.normal();
  }
  return series;
}

// To a file, as the stages write (an ostringstream's growth would be most of the cost).
void BM_CsvWrite(benchmark::State& state) {
  const auto series = random_series(2000, 200);
  const auto path = std::filesystem::temp_directory_path() / "legcnet-bench-write.csv";
  std::size_t bytes = 0;
  for (auto _ : state) {
    {
      std::ofstream out(path);
      io::write_series(out, series);
    }
    bytes += std::filesystem::file_size(path);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  std::filesystem::remove(path);
}
// Real time: rows are formatted on the writer's background thread.
BENCHMARK(BM_CsvWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

// Argument: parse threads (the per-weight stages pass their --threads).
void BM_CsvRead(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "legcnet-bench-series.csv";
  {
    std::ofstream out(path);
    io::write_series(out, random_series(2000, 200));
  }
  const auto size = std::filesystem::file_size(path);
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    io::SeriesColumns source(path.string(), {"step"}, true, threads);
    benchmark::DoNotOptimize(source.read(0, source.names().size()));
  }
  state.SetBytesProcessed(static_cast<int64_t>(size) * state.iterations());
  std::filesystem::remove(path);
}
BENCHMARK(BM_CsvRead)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

class NoRecording : public nn::TrainObserver {
 public:
  void on_step(long long, int, const nn::Mlp&) override {}
  bool on_epoch_end(int, long long, const nn::Mlp&) override { return true; }
};

data::Dataset random_dataset(Eigen::Index samples, Eigen::Index features, int classes) {
  data::Dataset dataset;
  RandomStream stream(2, "bench-data");
  dataset.train_x.resize(samples, features);
  for (Eigen::Index i = 0; i < dataset.train_x.size(); ++i) dataset.train_x.data()[i] = stream.uniform();
  for (Eigen::Index s = 0; s < samples; ++s) dataset.train_y.push_back(static_cast<int>(stream.below(static_cast<std::uint64_t>(classes))));
  for (int c = 0; c < classes; ++c) dataset.class_names.push_back(std::to_string(c));
  return dataset;
}

void train_updates(benchmark::State& state, std::vector<int> sizes, Eigen::Index samples, int classes, int batch) {
  const auto dataset = random_dataset(samples, sizes.front(), classes);
  nn::Mlp net(nn::Architecture{sizes});
  nn::initialize(net, nn::Initializer::xavier, 1);
  NoRecording observer;
  long long updates = 0;
  for (auto _ : state) {
    nn::train(net, dataset, {0.1, 1, batch, 1}, nullptr, observer);
    updates += nn::steps_per_epoch(static_cast<std::size_t>(samples), batch);
  }
  state.SetItemsProcessed(updates);
}

void BM_TrainBanknotePerSample(benchmark::State& state) { train_updates(state, {4, 8, 1}, 1097, 2, 1); }
BENCHMARK(BM_TrainBanknotePerSample)->Unit(benchmark::kMillisecond);

void BM_TrainMnistBatch128(benchmark::State& state) { train_updates(state, {784, 50, 30, 10}, 12800, 10, 128); }
BENCHMARK(BM_TrainMnistBatch128)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
