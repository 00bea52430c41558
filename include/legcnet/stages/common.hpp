#pragma once
// Options shared by the stages, with their defaults (the CLI shows these), and the pieces every
// stage uses: dataset and network resolution, run.toml, progress reporting.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "legcnet/data/presets.hpp"
#include "legcnet/nn/init.hpp"
#include "legcnet/nn/mlp.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {

struct DataOptions {
  std::string dataset;            // preset name, or empty with `data_file`
  std::string data_file;          // generic numeric CSV
  int label_column = -1;          // generic CSV: 0-based label column, -1 = last
  int one_hot_width = 1;          // generic CSV: >1 reads a one-hot label over that many columns
  std::string header = "auto";    // generic CSV: auto | yes | no
  std::string delimiter;          // generic CSV: one character or "tab"; empty: ',' (refusing ';' and tab files)
  int max_classes = 100;          // generic CSV: refuse a label column with more distinct values
  std::vector<int> drop_columns;  // generic CSV: 0-based columns left out (e.g. an index)
  std::vector<std::string> data_dirs{"data"};  // where presets look for their files, in order
  std::string scaling;            // standard|minmax|none; empty = the preset's own (standard for CSV)
  double test_fraction = 0.2;
  double val_fraction = 0.0;      // share of the training split held out for validation (0: none)
  long long split_seed = -1;      // -1: the run's seed
  long long train_limit = 0;      // mnist: only the first N training images (0: all)
};

struct NetworkOptions {
  std::vector<int> hidden{6};
  std::string activation = "sigmoid";
  std::string output = "sigmoid";
  std::string loss = "squared";
  std::string init = "normal";
};

struct TrainingOptions {
  std::uint64_t seed = 1;
  double learning_rate = 0.05;
  int epochs = 200;
  int batch_size = 1;
  long long eval_every = 0;     // metrics.csv also every K steps (0: only step 0, epoch ends and window ends)
  long long record_every = 1;   // weights.csv every K steps (0: no series)
  std::string series_format = "csv";  // csv: weights.csv; npy: weights.npy + weights.columns.csv
  int window = 0;               // metrics are also written at every window end (0: default_window of the run)
  double overlap = 0.1;
  // Whether metrics.csv also has the window ends (Granger's target). The chain's perturbed runs
  // leave them out: only the dense run's are read.
  bool metrics_at_window_ends = true;
};

// Which weight a perturbed run nudges: `weight` by name, else perturbation K (nn::perturbed_weight).
struct PerturbationOptions {
  std::string weight;   // empty: chosen by `perturbation`
  int perturbation = 0;
};

// Loads, splits (test, then validation out of the training split) and scales; logs the load
// summary and the loader's warnings.
data::Dataset load_dataset(const DataOptions& options, std::uint64_t seed);
// The load summary: samples per split, features, classes with counts and names.
std::string load_summary(const data::Dataset& dataset);
nn::Mlp build_network(const data::Dataset& dataset, const NetworkOptions& options);

// A trained model of the run that `data`, `network` and `seed` describe (as --config and --seed
// give them): the run's dataset, its network with `model`'s parameters, and the check that `model`
// and `other_inputs` (a mask, say; empty names are skipped) belong to that run.
struct RunModel {
  data::Dataset dataset;
  nn::Mlp net;
  ProvenanceCheck check;
};
RunModel load_run_model(const DataOptions& data, const NetworkOptions& network, std::uint64_t seed, const std::string& model,
                        const std::vector<std::string>& other_inputs, bool force);
// The network whose parameters a name,value file (model.csv, init.csv) holds; its weight names
// decide the layers. Activations are the defaults: for shapes and values, not for predictions.
nn::Mlp network_from_parameters(const std::string& path);

// The name of the weight a perturbed run nudges: options.weight when given, else
// nn::perturbed_weight(K). Throws InputError, before any training, for an unknown weight or a
// first-layer weight whose feature is constant over the training split.
std::string choose_perturbed_weight(const nn::Mlp& net, const data::Dataset& dataset, std::uint64_t seed,
                                    const PerturbationOptions& options);

// How many weight columns a per-weight stage reads at once: `requested`, or with 0 as many as fit
// in about 256 MB for `rows` rows (at least 1). With rows unknown (0), as many as fit for the
// longest series legcnet writes in practice, 16,384 rows (2,048 columns).
std::size_t block_columns(std::size_t requested, std::size_t rows);

// Logs progress of a long loop at most every two seconds: done/total, rate, ETA.
class ProgressMeter {
 public:
  ProgressMeter(std::string what, std::string unit, long long total);
  void advance(long long done);
  void finish();                 // all `total` done
  void finish(long long done);   // stopped after `done` (e.g. early stopping)

 private:
  std::string what_, unit_;
  long long total_;
  std::chrono::steady_clock::time_point start_, last_report_;
};

}  // namespace legcnet::stages
