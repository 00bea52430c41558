#include "legcnet/stages/chain.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <fstream>
#include <map>
#include <thread>

#include "legcnet/dynamics/windows.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/nn/init.hpp"
#include "legcnet/nn/trainer.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/diff_series.hpp"
#include "legcnet/stages/lockstep_rows.hpp"
#include "legcnet/stages/merge.hpp"
#include "legcnet/stages/parallel.hpp"
#include "legcnet/stages/shard.hpp"
#include "legcnet/stages/windowed_le.hpp"
#include "training_run.hpp"

namespace legcnet::stages {
namespace {

namespace fs = std::filesystem;

const char* const kVariants[] = {"ft", "pt"};

std::string in(const std::string& dir, const std::string& name) { return (fs::path(dir) / name).string(); }

// Perturbation k's directories: perturbed/, ft/ and pt/ for the first (k = 0), perturbed-pK/,
// ft-pK/ and pt-pK/ for the others (the layout the report reads for masks across perturbations).
std::string suffix(std::size_t k) { return k == 0 ? "" : "-p" + std::to_string(k); }

void check_options(const ChainOptions& options) {
  if (options.out.empty()) throw InputError("--out DIR is required");
  const TrainingOptions& training = options.run.training;
  if (auto problem = dynamics::window_options_problem(std::max(training.window, 1), training.overlap))
    throw InputError("--window/--overlap: " + *problem);
  if (auto problem = dynamics::rosenstein_params_problem(options.rosenstein)) throw InputError(*problem);
  if (training.record_every < 1) throw InputError("--record-every must be at least 1: the chain estimates from the series");
  if (options.pt_epochs < 1 || options.pt_epochs > training.epochs)
    throw InputError("--pt-epochs " + std::to_string(options.pt_epochs) + " must lie in 1 .. --epochs (" +
                     std::to_string(training.epochs) + "): LEGCNet-PT's windows end with that epoch");
  if (!options.merge.empty() && !options.shard.empty()) throw InputError("give --shard or --merge, not both");
  if (options.perturbations < 1) throw InputError("--perturbations must be at least 1");
}

// Perturbation k of the chain, as perturb-retrain chooses it: the first is --weight when given,
// else --perturbation P; the others are --perturbation P+k (seeded draws; a config's weight, such
// as configs/mnist.toml's, names the first run's weight only).
PerturbationOptions perturbation(const ChainOptions& options, std::size_t k) {
  PerturbationOptions choice = options.run.perturbation;
  if (k == 0) return choice;
  choice.weight.clear();
  choice.perturbation += static_cast<int>(k);
  return choice;
}

// Refuses two perturbations of the same weight (--weight W and a draw that picks W), which would
// be one run twice; before any training.
void check_distinct_perturbations(const ChainOptions& options, const nn::Mlp& net, const data::Dataset& dataset) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t k = 0; k < static_cast<std::size_t>(options.perturbations); ++k) {
    const std::string weight = choose_perturbed_weight(net, dataset, options.run.training.seed, perturbation(options, k));
    const auto [where, fresh] = seen.emplace(weight, k);
    if (!fresh)
      throw InputError("--perturbations " + std::to_string(options.perturbations) + ": perturbations " +
                       std::to_string(where->second) + " and " + std::to_string(k) + " would both nudge " + weight +
                       " (--weight names the first; the others are --perturbation " +
                       std::to_string(options.run.perturbation.perturbation + 1) + ", ...); choose another --weight");
  }
}

// The series rows of the runs and their windows: --window, else windowed-le's default for that
// many rows (train-dense keeps metrics at the same window ends); checked as windowed-le checks.
struct RunWindows {
  std::size_t rows = 0, length = 0;
  std::vector<dynamics::WindowRange> ranges;
};

RunWindows run_windows(const ChainOptions& options, const data::Dataset& dataset) {
  const TrainingOptions& training = options.run.training;
  const long long per_epoch = nn::steps_per_epoch(static_cast<std::size_t>(dataset.train_x.rows()), training.batch_size);
  RunWindows windows;
  windows.rows = static_cast<std::size_t>(per_epoch * training.epochs / training.record_every + 1);
  windows.length = training.window > 0 ? static_cast<std::size_t>(training.window) : dynamics::default_window(windows.rows);
  const std::size_t minimum = dynamics::rosenstein_min_length(options.rosenstein);
  if (windows.length < minimum)
    throw InputError("--window " + std::to_string(windows.length) + " is too short for these parameters: a window needs "
                     "at least (emb-dim - 1) * lag + traj-len + 2 * min-tsep + 1 = " + std::to_string(minimum) + " rows");
  windows.ranges = dynamics::window_ranges(windows.rows, windows.length, training.overlap);
  if (windows.ranges.empty())
    throw InputError("the run has " + std::to_string(windows.rows) + " series rows, fewer than one window of " +
                     std::to_string(windows.length) + " (--window, --epochs, --record-every)");
  return windows;
}

// What makes this chain's numbers: its options (not where it writes or how it is spread), the
// config the inner stages read, and the dataset's content.
std::string chain_provenance(const ChainOptions& options, const data::Dataset& dataset) {
  std::vector<std::string> inputs;
  if (!options.config.empty()) inputs.push_back(options.config);
  std::string text = run_provenance("chain", options.run.provenance.resolved_config, {"keep-series"}, inputs);
  for (const auto& sha : dataset.source_sha256) text += "dataset_sha256=" + sha + "\n";
  return text;
}

// Copies the regular files of `from` into `to`, all appearing together.
void copy_directory(const fs::path& from, const fs::path& to) {
  io::AtomicFileSet files;
  for (const auto& entry : fs::directory_iterator(from)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream source(entry.path(), std::ios::binary);
    if (!source) throw InputError(entry.path().string() + ": cannot open for reading");
    files.open(to / entry.path().filename()).stream() << source.rdbuf();
  }
  files.commit_all();
}

// Granger and prune for FT and PT of every perturbation, and retrain-sparse for the first's
// masks, as the Makefile's rules ran them. The two retrainings are independent single-threaded
// runs: they go side by side, as make -j2 ran them (neither writes to standard output, which
// prune's capture redirects).
void test_prune_retrain(const ChainOptions& options, const StageRunner& run_stage) {
  const std::string& dir = options.out;
  for (std::size_t k = 0; k < static_cast<std::size_t>(options.perturbations); ++k)
    for (const std::string variant : kVariants) {
      const std::string part = in(dir, variant + suffix(k));
      run_stage({"granger", "--le", in(part, "le.csv"), "--metrics", in(dir, "dense/metrics.csv"), "--out",
                 in(part, "granger.csv")}, "");
      run_stage({"prune", "--method", "legc", "--granger", in(part, "granger.csv"), "--out", in(part, "mask.csv")},
                in(part, "mask-layers.csv"));
    }
  auto retrain = [&](const std::string& variant) {
    const std::string part = in(dir, variant);
    run_stage({"retrain-sparse", "--seed", std::to_string(options.run.training.seed), "--init",
               in(dir, "dense/init.csv"), "--mask", in(part, "mask.csv"), "--method", variant, "--out",
               in(part, "sparse")}, "");
  };
  std::exception_ptr pt_failure;
  std::thread pt([&] {
    try {
      retrain("pt");
    } catch (...) {
      pt_failure = std::current_exception();
    }
  });
  try {
    retrain("ft");
  } catch (...) {
    pt.join();
    throw;
  }
  pt.join();
  if (pt_failure) std::rethrow_exception(pt_failure);
}

// Raises the calling thread's nice value by 5 (Linux keeps one per thread, and threads it starts
// inherit it); where the system refuses, the thread keeps its priority.
void lower_this_threads_priority() {
  const auto thread_id = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int nice_value = ::getpriority(PRIO_PROCESS, thread_id);
  if (errno == 0) ::setpriority(PRIO_PROCESS, thread_id, std::min(nice_value + 5, 19));
}

// Every window's exponents of one block of weights, per perturbation.
struct Estimates {
  std::vector<Eigen::MatrixXd> exponents;           // per perturbation: windows x block weights
  std::vector<std::vector<std::uint8_t>> statuses;  // per perturbation, window-major: PT's windows are a prefix
};

// Copies rows [start, start + length) of run `run` minus run 0 (dense) into `diff` (length x
// columns, column-major: one weight's window contiguous), as diff-series subtracts: perturbed - baseline.
void difference_window(const LockstepRows& rows, std::size_t run, std::size_t start, std::size_t length,
                       std::size_t columns, Eigen::MatrixXd& diff) {
  constexpr std::size_t tile = 64;  // columns per pass: the rows' tiles stay in cache
  for (std::size_t first = 0; first < columns; first += tile) {
    const std::size_t last = std::min(columns, first + tile);
    for (std::size_t i = 0; i < length; ++i) {
      const auto base = rows.row(0, start + i), perturbed = rows.row(run, start + i);
      for (std::size_t c = first; c < last; ++c)
        diff(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = perturbed[c] - base[c];
    }
  }
}

// One training run of the chain: where it writes, what its run.toml adds, its network.
struct ChainRun {
  std::string dir;
  std::string record;
  nn::Mlp net;
};

// Trains the dense run and the perturbed runs on threads of their own, writing their
// directories, and estimates every window of the block as soon as every run has its last row.
Estimates train_and_estimate(const ChainOptions& options, const data::Dataset& dataset, std::vector<ChainRun>& runs,
                             const ShardRange& block, const RunWindows& windows) {
  const TrainingOptions& training = options.run.training;
  const std::size_t perturbations = runs.size() - 1, window = windows.length;
  Estimates estimates;
  for (std::size_t k = 0; k < perturbations; ++k) {
    estimates.exponents.emplace_back(static_cast<Eigen::Index>(windows.ranges.size()), static_cast<Eigen::Index>(block.size));
    estimates.statuses.emplace_back(windows.ranges.size() * block.size);
  }
  // A window and the next one's new rows: the runs train on while a window is estimated.
  LockstepRows ring(runs.size(), window + dynamics::window_hop(window, training.overlap), block.size);
  std::vector<std::exception_ptr> failures(runs.size());
  std::vector<std::thread> threads;
  for (std::size_t run = 0; run < runs.size(); ++run) {
    threads.emplace_back([&, run] {
      TrainDenseOptions run_options = options.run;
      run_options.out = runs[run].dir;
      run_options.training.metrics_at_window_ends = run == 0;
      SeriesRecording series;
      series.to_file = options.keep_series;
      series.sink = [&, run](long long step, std::span<const double> weights) {
        ring.put(run, static_cast<std::size_t>(step / training.record_every), weights.subspan(block.first, block.size));
      };
      try {
        train_and_write(run_options, dataset, runs[run].net, {}, runs[run].record, run == 0, series);
      } catch (...) {
        failures[run] = std::current_exception();
        ring.abort();
      }
    });
  }
  std::exception_ptr failure;
  // The estimates run on a thread of their own at a lower priority, which the workers it starts
  // inherit: when the cores are short, the training runs go first. The dense run is the critical
  // path (it evaluates the whole dataset at every window end); with equal shares it got half a core
  // while the estimator waited for its window, leaving the other core idle (MNIST: 1.77 of 2 cores).
  std::thread consumer([&] {
    lower_this_threads_priority();
    try {
      const unsigned workers = resolve_threads(options.threads);
      std::vector<dynamics::RosensteinEstimator> estimators(workers, dynamics::RosensteinEstimator(options.rosenstein));
      std::vector<Eigen::MatrixXd> diffs(perturbations, Eigen::MatrixXd(static_cast<Eigen::Index>(window),
                                                                         static_cast<Eigen::Index>(block.size)));
      ProgressMeter progress("chain", "windows", static_cast<long long>(windows.ranges.size()));
      for (std::size_t w = 0; w < windows.ranges.size(); ++w) {
        const dynamics::WindowRange& range = windows.ranges[w];
        ring.wait_for(range.end_row);
        for (std::size_t k = 0; k < perturbations; ++k)
          difference_window(ring, k + 1, range.start_row, window, block.size, diffs[k]);
        ring.release_before(w + 1 < windows.ranges.size() ? windows.ranges[w + 1].start_row : windows.rows);
        parallel_for_columns(block.size * perturbations, workers, [&](unsigned worker, std::size_t item) {
          const std::size_t k = item / block.size, column = item % block.size;
          const auto result = estimators[worker].estimate(
              std::span<const double>(diffs[k].col(static_cast<Eigen::Index>(column)).data(), window));
          estimates.exponents[k](static_cast<Eigen::Index>(w), static_cast<Eigen::Index>(column)) = result.exponent;
          estimates.statuses[k][w * block.size + column] = static_cast<std::uint8_t>(result.status);
        });
        progress.advance(static_cast<long long>(w + 1));
      }
      progress.finish();
    } catch (...) {
      failure = std::current_exception();
      ring.abort();
    }
  });
  consumer.join();
  for (auto& thread : threads) thread.join();
  // The first real failure: the consumer's or a run's, not a thread that only saw the abort.
  failures.insert(failures.begin(), failure);
  bool failed = false;
  for (const auto& candidate : failures) {
    if (!candidate) continue;
    failed = true;
    try {
      std::rethrow_exception(candidate);
    } catch (const LockstepRows::Aborted&) {
      continue;
    }
  }
  if (failed) throw std::logic_error("chain: the runs stopped without an error");
  return estimates;
}

// The last step of LEGCNet-PT's windows (the end of epoch pt-epochs in the dense metrics.csv) and
// its windows: the first of FT's.
struct PtWindows {
  long long last_step = 0;
  std::vector<dynamics::WindowRange> ranges;
};

PtWindows pt_windows_of(const ChainOptions& options, const RunWindows& windows) {
  const TrainingOptions& training = options.run.training;
  PtWindows pt;
  pt.last_step = last_step_of_epoch(in(options.out, "dense/metrics.csv"), options.pt_epochs);
  const auto rows = static_cast<std::size_t>(pt.last_step / training.record_every + 1);
  pt.ranges = dynamics::window_ranges(rows, windows.length, training.overlap);
  if (pt.ranges.empty())
    throw InputError("--pt-epochs " + std::to_string(options.pt_epochs) + ": the " + std::to_string(rows) +
                     " series rows up to step " + std::to_string(pt.last_step) + " are fewer than one window of " +
                     std::to_string(windows.length));
  return pt;
}

// le.toml, the record windowed-le writes beside le.csv: the run's identity, the window and the
// last step (-1: every row), and the chain's options.
void write_le_record(io::AtomicFileSet& files, const ChainOptions& options, const std::string& le, const RunIdentity& identity,
                     std::size_t window, long long max_step) {
  files.open(record_path_for(le)).stream()
      << file_record(Provenance{"chain", options.run.provenance.resolved_config}, ProvenanceCheck{identity, {}, {}},
                     "window = " + std::to_string(window) + "\nmax_step = " + std::to_string(max_step) + "\n");
}

// ft/le.csv (every window) and pt/le.csv (the windows up to the end of epoch pt-epochs) of every
// perturbation, each with its record (le.toml, as windowed-le writes) and, when the chain is a
// shard, its shard record.
void write_exponents(const ChainOptions& options, const Estimates& estimates, const std::vector<std::string>& names,
                     const ShardRange& block, const Shard& shard, const std::string& provenance,
                     const RunWindows& windows, const RunIdentity& identity) {
  const PtWindows pt = pt_windows_of(options, windows);
  std::vector<long long> row_steps(windows.rows);
  for (std::size_t r = 0; r < row_steps.size(); ++r)
    row_steps[r] = static_cast<long long>(r) * options.run.training.record_every;
  const std::vector<std::string> block_names(names.begin() + static_cast<std::ptrdiff_t>(block.first),
                                             names.begin() + static_cast<std::ptrdiff_t>(block.first + block.size));
  io::AtomicFileSet files;
  std::vector<std::string> written;
  for (std::size_t k = 0; k < estimates.exponents.size(); ++k)
    for (const std::string variant : kVariants) {
      const bool ft = variant == "ft";
      const auto& ranges = ft ? windows.ranges : pt.ranges;
      const std::string path = in(options.out, variant + suffix(k) + "/le.csv");
      write_le(files, path, block_names, ranges, row_steps, estimates.exponents[k]);
      write_le_record(files, options, path, identity, windows.length, ft ? -1 : pt.last_step);
      if (shard.active())
        write_shard_record(files, path, shard_record(shard, ShardLayout::columns, 3, names, "chain", provenance));
      log_le_summary(path, ranges.size(), windows.length, block.size,
                     std::span<const std::uint8_t>(estimates.statuses[k].data(), ranges.size() * block.size));
      written.push_back(path);
    }
  files.commit_all();
  if (!shard.active())
    for (const auto& path : written) remove_stale_shard_record(path);
}

// --merge: the shards' le.csv joined (each checked to come from this very chain), the runs'
// directories from shard 0, le.toml written as the whole chain writes it, then the stages that
// need every weight.
void finish_shards(const ChainOptions& options) {
  const std::uint64_t seed = options.run.training.seed;
  const data::Dataset dataset = load_dataset(options.run.data, seed);
  const std::string run = io::sha256_hex(chain_provenance(options, dataset));
  const RunWindows windows = run_windows(options, dataset);
  const RunIdentity identity = run_identity(dataset, seed, build_network(dataset, options.run.network));
  std::string first_shard;
  std::vector<std::string> merged;
  for (std::size_t k = 0; k < static_cast<std::size_t>(options.perturbations); ++k)
    for (const std::string variant : kVariants) {
      const std::string file = variant + suffix(k) + "/le.csv";
      MergeOptions merge;
      for (const auto& dir : options.merge) {
        merge.shards.push_back(in(dir, file));
        const ShardRecord record = read_shard_record(merge.shards.back());
        if (record.run != run)
          throw InputError(merge.shards.back() + " is a shard of another run than this command's (its config, seed, "
                           "dataset or options differ; the [run] part of its .shard.toml lists them)");
        if (record.shard.index == 0) first_shard = dir;
      }
      merge.out = in(options.out, file);
      stages::merge(merge);
      merged.push_back(merge.out);
    }
  copy_directory(fs::path(first_shard) / "dense", fs::path(options.out) / "dense");
  for (std::size_t k = 0; k < static_cast<std::size_t>(options.perturbations); ++k)
    copy_directory(fs::path(first_shard) / ("perturbed" + suffix(k)), fs::path(options.out) / ("perturbed" + suffix(k)));
  const PtWindows pt = pt_windows_of(options, windows);
  io::AtomicFileSet files;
  for (const auto& le : merged)
    write_le_record(files, options, le, identity, windows.length,
                    fs::path(le).parent_path().filename().string().rfind("ft", 0) == 0 ? -1 : pt.last_step);
  files.commit_all();
  if (options.keep_series) spdlog::warn("chain --merge: --keep-series ignored (the shards kept their own series)");
}

// The runs, the exponents, every le.csv (and the series with keep_series). Everything it holds,
// the dataset included, is freed before the stages that follow load their own.
void run_and_estimate(const ChainOptions& options, const Shard& shard) {
  const std::uint64_t seed = options.run.training.seed;
  const data::Dataset dataset = load_dataset(options.run.data, seed);
  const RunWindows windows = run_windows(options, dataset);
  nn::Mlp dense = build_network(dataset, options.run.network);
  const std::string dense_record = perturbation_record(dense, dataset, seed, options.run.perturbation);
  nn::initialize(dense, nn::parse_initializer(options.run.network.init), seed);
  const std::vector<std::string> names = dense.weight_names();
  const ShardRange block = shard_range(shard, names.size());
  const RunIdentity identity = run_identity(dataset, seed, dense);
  check_distinct_perturbations(options, dense, dataset);
  std::vector<ChainRun> runs{{in(options.out, "dense"), dense_record, dense}};
  for (std::size_t k = 0; k < static_cast<std::size_t>(options.perturbations); ++k) {
    nn::Mlp perturbed = dense;
    const std::string record = perturb_weight(perturbed, dataset, seed, perturbation(options, k), options.delta);
    runs.push_back({in(options.out, "perturbed" + suffix(k)), record, std::move(perturbed)});
  }
  const Estimates estimates = train_and_estimate(options, dataset, runs, block, windows);
  runs.clear();
  write_exponents(options, estimates, names, block, shard, chain_provenance(options, dataset), windows, identity);
  if (options.keep_series) {
    const std::string extension = "." + options.run.training.series_format;
    for (std::size_t k = 0; k < static_cast<std::size_t>(options.perturbations); ++k) {
      DiffSeriesOptions diff;
      diff.base = in(options.out, "dense/weights" + extension);
      diff.perturbed = in(options.out, "perturbed" + suffix(k) + "/weights" + extension);
      diff.out = in(options.out, "diff" + suffix(k) + extension);
      diff_series(diff);
    }
  }
  if (shard.active())
    spdlog::info("chain: shard {} (weights {} .. {}) -> {}; finish with chain --merge and every shard's directory",
                 shard.label(), block.first, block.first + block.size - 1, options.out);
}

}  // namespace

void chain(const ChainOptions& options, const StageRunner& run_stage) {
  check_options(options);
  const Shard shard = parse_shard(options.shard);
  if (!options.merge.empty())
    finish_shards(options);
  else
    run_and_estimate(options, shard);
  if (!shard.active()) test_prune_retrain(options, run_stage);
}

}  // namespace legcnet::stages
