#pragma once
#include <cstdint>
#include <string>

#include "legcnet/stages/common.hpp"
#include "legcnet/stats/granger.hpp"

namespace legcnet::stages {

struct GrangerStageOptions {
  std::string le;                 // le.csv
  std::string metrics;            // metrics.csv of the run the series came from
  std::string target = "train";   // misclassification from train_acc (default) or test_acc
  stats::GrangerOptions test;     // max lag, chi2|f, lag selection, stationarity
  double alpha = 0.05;
  std::string fdr = "none";       // none | bh (Benjamini-Hochberg across the testable weights)
  // Null calibration (docs/stats.md): K surrogate pairs per weight, p_null and null_share columns.
  int null_surrogates = 0;        // K; 0: none
  std::uint64_t null_seed = 1;
  std::string null_shift = "weight";  // weight | target: which series the surrogates shift
  std::string decision = "raw";   // raw (p_value, the paper's) | null (p_null) decides `causal`
  int threads = 0;
  std::string out;                // granger.csv (+ granger.toml, its record)
  std::string shard;              // "k/n": only shard k's block of the weights, with out's record (shard.hpp)
  bool force = false;             // combine le.csv and metrics.csv of different runs (recorded)
  Provenance provenance{"granger", ""};  // resolved options: the record's [config], a shard's run fingerprint
};

void granger(const GrangerStageOptions& options);

}  // namespace legcnet::stages
