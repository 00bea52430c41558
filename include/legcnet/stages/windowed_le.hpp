#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "legcnet/dynamics/rosenstein.hpp"
#include "legcnet/dynamics/windows.hpp"
#include "legcnet/stages/common.hpp"

namespace legcnet::io {
class AtomicFileSet;
}

namespace legcnet::stages {

struct WindowedLeOptions {
  std::string series;          // diff.csv or weights.csv
  std::size_t window = 0;      // W rows (0: dynamics::default_window of the series' rows)
  double overlap = 0.1;        // hop = round(W (1 - overlap))
  long long max_step = -1;     // LEGCNet-PT: only rows with step <= max_step (-1: all)
  int max_epoch = -1;          // the same in epochs: needs `metrics` to map epochs to steps
  std::string metrics;         // metrics.csv of the run (for max_epoch)
  bool pt = false;             // LEGCNet-PT: max_epoch = pt_epochs
  int pt_epochs = 0;           // the config's pt-epochs
  dynamics::RosensteinParams rosenstein;
  int threads = 0;             // 0: every core
  std::size_t block_columns = 0;  // weights read at once (0: as many as fit in ~256 MB)
  std::string out;             // le.csv
  std::string curve;           // optional: window,weight,k,divergence
  // Surrogate test (docs/surrogates.md): for every window and weight, the rank p-value of its
  // exponent among those of `surrogates` surrogate windows, written like le.csv to surrogate_out.
  std::size_t surrogates = 0;          // K; 0: no test
  std::string surrogate_kind = "iaaft";  // shuffle | iaaft
  std::uint64_t surrogate_seed = 1;
  std::string surrogate_out;
  std::string shard;           // "k/n": only shard k's block of the weights, with out's record (shard.hpp)
  bool force = false;          // combine a series and metrics.csv of different runs (recorded in le.toml)
  Provenance provenance{"windowed-le", ""};  // resolved options: the record's [config], a shard's run fingerprint
};

void windowed_le(const WindowedLeOptions& options);

// The pieces of windowed-le that the chain (which estimates from memory) shares with it:
// The last step of epoch `max_epoch` according to the run's metrics.csv (LEGCNet-PT's end).
long long last_step_of_epoch(const std::string& metrics_path, int max_epoch);
// le.csv (or le.npy; also the surrogate p-values): one row per window, `window,start_step,end_step`
// from the steps of its first and last rows, then row w of `values` (windows x names).
void write_le(io::AtomicFileSet& files, const std::string& path, const std::vector<std::string>& names,
              const std::vector<dynamics::WindowRange>& windows, std::span<const long long> row_steps,
              const Eigen::MatrixXd& values);
// The stage's summary line: windows of `window` rows, weights, nan count by reason (statuses as
// LyapunovStatus).
void log_le_summary(const std::string& out, std::size_t windows, std::size_t window, std::size_t weights,
                    std::span<const std::uint8_t> statuses);

}  // namespace legcnet::stages
