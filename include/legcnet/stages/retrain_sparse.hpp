#pragma once
#include <string>

#include "legcnet/stages/common.hpp"

namespace legcnet::stages {

struct RetrainSparseOptions {
  DataOptions data;
  NetworkOptions network;
  TrainingOptions training;  // record_every defaults to 0 here: no weight series unless asked
  std::string init;          // init.csv of the dense run
  std::string mask;          // mask.csv; empty keeps every weight (the dense row of the tables)
  double benchmark = 0.95;   // stop at the first epoch whose end-of-epoch accuracy reaches this
                             // (validation accuracy with --val-fraction, else training accuracy)
  int max_epochs = 1000;
  int fixed_epochs = 0;      // > 0: train exactly this many epochs, no benchmark (a fixed budget)
  std::string method = "sparse";  // the summary's method column
  bool force = false;        // combine an init.csv or mask.csv of another run (recorded in run.toml)
  std::string out;           // directory: metrics.csv, model.csv, summary.csv, scaler.csv, split.csv, run.toml (+ weights.csv)
  Provenance provenance{"retrain-sparse", ""};
};

void retrain_sparse(const RetrainSparseOptions& options);

}  // namespace legcnet::stages
