#pragma once
#include <cstdint>
#include <string>

#include "legcnet/dynamics/rosenstein.hpp"
#include "legcnet/stages/common.hpp"

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

}  // namespace legcnet::stages
