#pragma once
// legcnet divergence: how far the perturbed run drifts from the base run, step by step, and the
// network's exponent with its verdict (chaotic, neutral, contracting). docs/divergence.md.
#include <map>
#include <string>

#include "legcnet/dynamics/divergence.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {

struct DivergenceOptions {
  std::string base;       // weights.csv (or .npy) of the baseline run
  std::string perturbed;  // weights.csv (or .npy) of the perturbed run
  std::string out;        // divergence.csv: step,distance,log_distance,base_norm,distance_w1,... (+ divergence.toml)
  std::string summary;    // one-row CSV (the function returns it as well)
  dynamics::GrowthFitOptions fit;
  // 0: train_samples and batch-size from the run.toml beside `base` (per-epoch values are NaN,
  // with a warning, when there is none).
  double steps_per_epoch = 0.0;
  bool force = false;  // compare runs whose records differ (recorded in OUT's record)
  Provenance provenance{"divergence", ""};
};

// Returns the summary CSV (header and one row); the CLI prints it when there is no --summary file.
std::string divergence(const DivergenceOptions& options);

// The summary file: header and one row (also for callers that hold the runs in memory).
std::string divergence_summary_header();
std::string divergence_summary_row(const dynamics::GrowthFit& fit, double min_growth);

// A summary file read back (the report's input): numbers by column name, and the text columns.
struct DivergenceSummary {
  std::map<std::string, double> values;  // every numeric column
  std::string verdict, basis, status;
  double value(const std::string& column) const;  // NaN when absent
};
DivergenceSummary read_divergence_summary(const std::string& path);

}  // namespace legcnet::stages
