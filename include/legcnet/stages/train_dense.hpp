#pragma once
#include <string>

#include "legcnet/stages/common.hpp"

namespace legcnet::stages {

struct TrainDenseOptions {
  DataOptions data;
  NetworkOptions network;
  TrainingOptions training;
  // The weight perturb-retrain will nudge: checked before training (a bad choice fails now, not
  // after this run) and recorded in run.toml.
  PerturbationOptions perturbation;
  std::string out;  // directory: init.csv, weights.csv, metrics.csv, model.csv, scaler.csv, split.csv, run.toml
  Provenance provenance{"train-dense", ""};
};

void train_dense(const TrainDenseOptions& options);

struct PerturbRetrainOptions {
  TrainDenseOptions run;   // the same settings as the baseline run; run.perturbation picks the weight
  std::string init;        // the baseline's init.csv
  double delta = 1e-4;
  bool force = false;      // combine an init.csv of another run (recorded in run.toml)
};

// Repeats train-dense from the baseline's init.csv with one weight moved by delta.
void perturb_retrain(const PerturbRetrainOptions& options);

}  // namespace legcnet::stages
