#pragma once
// The recording loop shared by train-dense, perturb-retrain and retrain-sparse (private to stages).
#include <functional>
#include <optional>
#include <set>
#include <span>

#include "legcnet/data/dataset.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/train_dense.hpp"

namespace legcnet::stages {

// Where the weight series goes (every record_every-th step): weights.csv / weights.npy in the
// output directory, and/or a function that receives each row as it is recorded (the chain's
// in-memory windows). The sink runs on the training thread and may block.
struct SeriesRecording {
  bool to_file = true;
  std::function<void(long long step, std::span<const double> weights)> sink;
};

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
                               io::AtomicFileSet& files, const SeriesRecording& series = {});

// train-dense's output directory from the given initial parameters: init.csv, the series (as
// `series` says), metrics.csv, model.csv, scaler.csv, split.csv and run.toml (with `check` and
// the `extra_run` lines), committed together at the end. With `write_summary` (train-dense, not
// perturb-retrain), also summary.csv of the trained model (method "dense-trained").
void train_and_write(const TrainDenseOptions& options, const data::Dataset& dataset, nn::Mlp& net,
                     const ProvenanceCheck& check, const std::string& extra_run, bool write_summary,
                     const SeriesRecording& series = {});

// train-dense's run.toml lines about the weight perturb-retrain will nudge (chosen and checked
// now, before any training).
std::string perturbation_record(const nn::Mlp& net, const data::Dataset& dataset, std::uint64_t seed,
                                const PerturbationOptions& choice);

// perturb-retrain's nudge: the weight `choice` names (choose_perturbed_weight) moves by `delta`.
// Returns the lines run.toml records about it.
std::string perturb_weight(nn::Mlp& net, const data::Dataset& dataset, std::uint64_t seed,
                           const PerturbationOptions& choice, double delta);

// summary.csv of a trained network: method,seed,epochs,train_acc,test_acc,test_f1_macro,
// weights_total,weights_kept,pct_pruned,flops_forward,flops_train, then val_acc with a validation
// split and epochs_budget with a fixed budget (fixed_epochs > 0). Header and one row.
std::string summary_table(const std::string& method, std::uint64_t seed, int epochs, const nn::Mlp& net,
                          const nn::Mask& mask, const data::Dataset& dataset, int fixed_epochs);

}  // namespace legcnet::stages
