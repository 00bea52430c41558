#pragma once
// LEGCNet FT and PT in one process. The dense and the perturbed run train side by side, each on
// its own thread; every window of their difference series goes to the Rosenstein estimator as
// soon as its last row exists, so no weight series reaches the disk and memory holds about two
// windows of rows (rows x weights x runs), not the run. Then granger, prune and retrain-sparse
// run for FT (every window) and PT (the windows up to the end of epoch pt-epochs) as the
// subcommands they are, so the chain's granger.csv, mask.csv and summary.csv are the staged
// pipeline's, byte for byte, however those stages change.
//
// DIR gets the files of one seed directory of `make experiment`: dense/ and perturbed/ (init.csv,
// metrics.csv, model.csv, run.toml; weights and DIR/diff only with keep_series), ft/ and pt/
// (le.csv, granger.csv, mask.csv, mask-layers.csv, sparse/).
//
// With a shard k/n the chain trains both runs whole (deterministically, as every shard does) but
// estimates only its block of the weights, and writes ft/le.csv and pt/le.csv with their shard
// records and no granger, mask or retraining: those need every weight. Finishing (`merge`: the
// shard directories) joins the shards' le.csv, copies dense/ and perturbed/ from one of them, and
// runs granger, prune and retrain-sparse as the whole chain does.
#include <functional>
#include <string>
#include <vector>

#include "legcnet/dynamics/rosenstein.hpp"
#include "legcnet/stages/train_dense.hpp"

namespace legcnet::stages {

struct ChainOptions {
  TrainDenseOptions run;          // data, network and training of the dense run (window, overlap: also the LE windows);
                                  // run.perturbation: the (first) perturbed weight, as perturb-retrain
  double delta = 1e-4;
  int perturbations = 1;          // perturbed runs: run.perturbation, then --perturbation P+1, P+2, ...
                                  // (perturbed/, perturbed-p1/, ...)
  dynamics::RosensteinParams rosenstein;  // as windowed-le
  int pt_epochs = 0;              // LEGCNet-PT: windows up to the end of this epoch (required)
  bool keep_series = false;       // also write the weight series and DIR/diff (as train-dense and diff-series)
  int threads = 0;                // estimator threads (0: every core); both runs train on threads of their own
  std::string shard;              // "k/n": estimate only shard k's block of the weights
  std::vector<std::string> merge; // shard directories of this run to finish
  std::string config;             // the --config file, which granger, prune and retrain-sparse read too
  std::string out;                // DIR
};

// Runs a legcnet subcommand in this process, as `legcnet ARGS...` with the chain's --config and
// the options it passes on would; its standard output goes to `stdout_file` unless that is empty.
// The command-line layer provides it (the library knows no subcommands).
using StageRunner = std::function<void(const std::vector<std::string>& args, const std::string& stdout_file)>;

void chain(const ChainOptions& options, const StageRunner& run_stage);

}  // namespace legcnet::stages
