#pragma once
// legcnet export: a trained run as numpy arrays (.npz), for use outside legcnet.
#include <string>

namespace legcnet::stages {

struct ExportOptions {
  std::string run;    // a training run's directory: run.toml, model.csv, scaler.csv
  std::string model;  // model.csv to export instead of RUN/model.csv
  std::string mask;   // mask.csv (default: the mask the run was retrained with, if any; else all kept)
  bool force = false;  // export a model or mask of another run (recorded nowhere: the npz has no record)
  std::string out;    // FILE.npz
};

// Writes W1..WL (out x in), b1..bL, mask1..maskL (uint8, shape of W), scaler_shift,
// scaler_scale, feature_names, class_names, feature_columns, label_column, activation, output.
void export_run(const ExportOptions& options);

}  // namespace legcnet::stages
