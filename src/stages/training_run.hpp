#pragma once
// The recording loop shared by train-dense, perturb-retrain and retrain-sparse (private to stages).
#include <optional>
#include <set>

#include "legcnet/data/dataset.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"
#include "legcnet/stages/common.hpp"

namespace legcnet::stages {

struct TrainingRunResult {
  int epochs = 0;
  long long steps = 0;
};

// Trains `net` (already initialised and, with a mask, already zeroed where pruned), writing
// weights.csv (when record_every > 0), metrics.csv, scaler.csv and split.csv into `files` under
// `out_dir`. With `benchmark`, stops at the first epoch whose end-of-epoch accuracy reaches it:
// validation accuracy when the dataset has a validation split, else training accuracy.
TrainingRunResult run_training(nn::Mlp& net, const data::Dataset& dataset, const TrainingOptions& training,
                               const nn::Mask* mask, std::optional<double> benchmark, const std::string& out_dir,
                               io::AtomicFileSet& files);

// summary.csv of a trained network: method,seed,epochs,train_acc,test_acc,test_f1_macro,
// weights_total,weights_kept,pct_pruned,flops_forward,flops_train, then val_acc with a validation
// split and epochs_budget with a fixed budget (fixed_epochs > 0). Header and one row.
std::string summary_table(const std::string& method, std::uint64_t seed, int epochs, const nn::Mlp& net,
                          const nn::Mask& mask, const data::Dataset& dataset, int fixed_epochs);

}  // namespace legcnet::stages
