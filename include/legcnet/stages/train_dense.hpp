#pragma once
#include <string>

#include "legcnet/stages/common.hpp"

namespace legcnet::stages {

struct TrainDenseOptions {
  DataOptions data;
  NetworkOptions network;
  TrainingOptions training;
  std::string out;  // directory: init.csv, weights.csv, metrics.csv, model.csv, run.toml
  Provenance provenance{"train-dense", ""};
};

void train_dense(const TrainDenseOptions& options);

struct PerturbRetrainOptions {
  TrainDenseOptions run;   // the same settings as the baseline run
  std::string init;        // the baseline's init.csv
  std::string weight = "w1_0_0";
  double delta = 1e-4;
};

// Repeats train-dense from the baseline's init.csv with one weight moved by delta.
void perturb_retrain(const PerturbRetrainOptions& options);

}  // namespace legcnet::stages
