#pragma once
// legcnet evaluate: a trained model, with a mask's pruned weights set to 0 and no retraining,
// on both splits of its run; one summary.csv row (epochs 0), as retrain-sparse writes after training.
#include <cstdint>
#include <string>

#include "legcnet/stages/common.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {

struct EvaluateOptions {
  DataOptions data;        // resolved as the training stages do, so the splits are the run's
  NetworkOptions network;  // must match the model
  std::uint64_t seed = 1;  // the run's seed: its split
  std::string model;       // model.csv (name,value)
  std::string mask;        // mask.csv; empty: every weight kept
  std::string method = "evaluated";  // the summary's method column
  std::string out;         // the summary file; <out stem>.toml beside it records how it was made
  bool force = false;      // evaluate a model or mask of another run (recorded)
  Provenance provenance{"evaluate", ""};
};

void evaluate(const EvaluateOptions& options);

}  // namespace legcnet::stages
