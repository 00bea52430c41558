#include "legcnet/stages/windowed_le.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "legcnet/dynamics/surrogates.hpp"
#include "legcnet/dynamics/windows.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/parallel.hpp"
#include "legcnet/stages/shard.hpp"

namespace legcnet::stages {

long long last_step_of_epoch(const std::string& metrics_path, int max_epoch) {
  const io::Series metrics = io::read_series(metrics_path);
  const Eigen::Index epoch_column = metrics.column_of("epoch");
  if (epoch_column < 0) throw InputError(metrics_path + ": no 'epoch' column");
  long long last = -1;
  for (Eigen::Index r = 0; r < metrics.rows(); ++r)
    if (metrics.values(r, epoch_column) <= max_epoch) last = metrics.index(r, 0);
  const double final_epoch = metrics.rows() > 0 ? metrics.values(metrics.rows() - 1, epoch_column) : 0;
  if (final_epoch < max_epoch)
    throw InputError(metrics_path + ": the run has " + io::format_double(final_epoch) + " epochs, fewer than --max-epoch " +
                     std::to_string(max_epoch));
  return last;
}

void write_le(io::AtomicFileSet& files, const std::string& path, const std::vector<std::string>& names,
              const std::vector<dynamics::WindowRange>& windows, std::span<const long long> row_steps,
              const Eigen::MatrixXd& values) {
  auto writer = io::open_series_writer(files, path, {"window", "start_step", "end_step"}, names);
  for (std::size_t w = 0; w < windows.size(); ++w) {
    const long long index[3] = {static_cast<long long>(w), row_steps[windows[w].start_row], row_steps[windows[w].end_row]};
    writer->write_row(index, values.row(static_cast<Eigen::Index>(w)));
  }
  writer->finish();
}

void log_le_summary(const std::string& out, std::size_t windows, std::size_t window, std::size_t weights,
                    std::span<const std::uint8_t> statuses) {
  std::map<std::string, std::size_t> nan_by_reason;
  for (auto status : statuses)
    if (static_cast<dynamics::LyapunovStatus>(status) != dynamics::LyapunovStatus::ok)
      ++nan_by_reason[std::string(dynamics::status_name(static_cast<dynamics::LyapunovStatus>(status)))];
  std::string reasons;
  std::size_t nan_total = 0;
  for (const auto& [reason, count] : nan_by_reason) {
    reasons += (reasons.empty() ? "" : ", ") + reason + " " + std::to_string(count);
    nan_total += count;
  }
  const std::string line = "windowed-le: " + std::to_string(windows) + " windows of " + std::to_string(window) +
                           " rows x " + std::to_string(weights) + " weights -> " + out + "; nan: " +
                           std::to_string(nan_total) + (reasons.empty() ? "" : " (" + reasons + ")");
  if (nan_total > 0) spdlog::warn("{}", line);
  else spdlog::info("{}", line);
}

namespace {

// The rank p-value of one window's exponent among the exponents of K surrogates of it (NaN when
// the window has no exponent). The stream is the window's own, so threads cannot change it.
double surrogate_p_value(double observed, std::span<const double> window, dynamics::RosensteinEstimator& estimator,
                         dynamics::SurrogateGenerator& generator, std::vector<double>& surrogate,
                         std::vector<double>& surrogate_exponents, RandomStream random) {
  if (!std::isfinite(observed)) return std::numeric_limits<double>::quiet_NaN();
  generator.set_window(window);
  surrogate.resize(window.size());
  for (double& exponent : surrogate_exponents) {
    generator.generate(random, surrogate);
    exponent = estimator.estimate(surrogate).exponent;
  }
  return dynamics::rank_p_value(observed, surrogate_exponents);
}

}  // namespace

void windowed_le(const WindowedLeOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  if (options.series.empty()) throw InputError("--series FILE is required");
  if (auto problem = dynamics::window_options_problem(std::max<std::size_t>(options.window, 1), options.overlap))
    throw InputError("--window/--overlap: " + *problem);
  if (auto problem = dynamics::rosenstein_params_problem(options.rosenstein)) throw InputError(*problem);
  const auto surrogate_kind = dynamics::parse_surrogate_kind(options.surrogate_kind);
  if (!surrogate_kind) throw InputError("--surrogate-kind must be shuffle or iaaft, got '" + options.surrogate_kind + "'");
  const bool test = options.surrogates > 0;
  if (test && options.surrogate_out.empty()) throw InputError("--surrogates K needs --surrogate-out FILE");
  if (!test && !options.surrogate_out.empty()) throw InputError("--surrogate-out needs --surrogates K (K >= 1)");
  if (options.surrogates > 100000) throw InputError("--surrogates must be at most 100000");
  int max_epoch = options.max_epoch;
  if (options.pt) {
    if (options.max_epoch >= 0) throw InputError("give --pt (the first pt-epochs epochs) or --max-epoch, not both");
    if (options.pt_epochs < 1) throw InputError("--pt needs --pt-epochs E (in the config: pt-epochs = E)");
    max_epoch = options.pt_epochs;
  }
  const ProvenanceCheck check = check_provenance({options.series, options.metrics}, options.force);
  long long max_step = options.max_step;
  if (max_epoch >= 0) {
    if (options.metrics.empty()) throw InputError("--max-epoch and --pt need --metrics FILE to know where epochs end");
    max_step = last_step_of_epoch(options.metrics, max_epoch);
  }

  // Weights are read a block of columns at a time: memory stays bounded for long, wide series.
  const unsigned threads = resolve_threads(options.threads);
  io::SeriesColumns source(options.series, {"step"}, true, threads);
  // A shard estimates only its block of the weights; the rest of the stage sees just that block.
  const Shard shard = parse_shard(options.shard);
  const ShardRange range = shard_range(shard, source.names().size());
  const std::vector<std::string> names(source.names().begin() + static_cast<std::ptrdiff_t>(range.first),
                                       source.names().begin() + static_cast<std::ptrdiff_t>(range.first + range.size));
  const std::size_t weights = names.size();
  const std::size_t per_block = block_columns(options.block_columns, static_cast<std::size_t>(source.rows_at_most()));
  // The first block also brings the step column: rows and window bounds (one pass over a CSV
  // that fits in one block).
  io::Series block = source.read(range.first, std::min(per_block, weights));
  Eigen::Index rows = block.rows();
  // The default window comes from the whole run's length, so that FT and PT windows agree
  // (and train-dense kept metrics at the same window ends).
  const std::size_t window = options.window > 0 ? options.window : dynamics::default_window(static_cast<std::size_t>(rows));
  const std::size_t minimum = dynamics::rosenstein_min_length(options.rosenstein);
  if (window < minimum)
    throw InputError("--window " + std::to_string(window) + " is too short for these parameters: a window needs "
                     "at least (emb-dim - 1) * lag + traj-len + 2 * min-tsep + 1 = " + std::to_string(minimum) + " rows");
  if (max_step >= 0)
    while (rows > 0 && block.index(rows - 1, 0) > max_step) --rows;
  const auto windows = dynamics::window_ranges(static_cast<std::size_t>(rows), window, options.overlap);
  if (windows.empty())
    throw InputError(block.source + ": " + std::to_string(rows) + " rows" +
                     (max_step >= 0 ? " up to step " + std::to_string(max_step) : std::string()) +
                     ", fewer than one window of " + std::to_string(window));
  const io::IndexMatrix steps = block.index;

  Eigen::MatrixXd exponents(static_cast<Eigen::Index>(windows.size()), static_cast<Eigen::Index>(weights));
  std::vector<std::uint8_t> statuses(windows.size() * weights);
  const bool keep_curve = !options.curve.empty();
  std::vector<std::vector<double>> curves(keep_curve ? windows.size() * weights : 0);

  Eigen::MatrixXd p_values(test ? exponents.rows() : 0, test ? exponents.cols() : 0);

  std::vector<dynamics::RosensteinEstimator> estimators(threads, dynamics::RosensteinEstimator(options.rosenstein));
  // Per thread: the surrogate generator, one surrogate window and the K surrogate exponents.
  std::vector<dynamics::SurrogateGenerator> generators;
  for (unsigned t = 0; t < (test ? threads : 0u); ++t) generators.emplace_back(*surrogate_kind);
  std::vector<std::vector<double>> surrogate_windows(threads, std::vector<double>(test ? window : 0));
  std::vector<std::vector<double>> surrogate_exponents(threads, std::vector<double>(options.surrogates));
  ProgressMeter progress("windowed-le", "weights", static_cast<long long>(weights));
  for (std::size_t first = 0; first < weights; first += per_block) {
    if (first > 0) block = source.read(range.first + first, std::min(per_block, weights - first));
    parallel_for_columns(
        block.names.size(), threads,
        [&](unsigned worker, std::size_t local) {
          const std::size_t column = first + local;
          const double* values = block.values.col(static_cast<Eigen::Index>(local)).data();
          for (std::size_t w = 0; w < windows.size(); ++w) {
            const auto result = estimators[worker].estimate(
                std::span<const double>(values + windows[w].start_row, windows[w].length()),
                keep_curve ? dynamics::DivergenceCurve::keep : dynamics::DivergenceCurve::skip);
            exponents(static_cast<Eigen::Index>(w), static_cast<Eigen::Index>(column)) = result.exponent;
            statuses[column * windows.size() + w] = static_cast<std::uint8_t>(result.status);
            if (keep_curve) curves[w * weights + column] = result.divergence;
            if (test)
              p_values(static_cast<Eigen::Index>(w), static_cast<Eigen::Index>(column)) = surrogate_p_value(
                  result.exponent, std::span<const double>(values + windows[w].start_row, windows[w].length()),
                  estimators[worker], generators[worker], surrogate_windows[worker], surrogate_exponents[worker],
                  dynamics::surrogate_stream(options.surrogate_seed, range.first + column, w));
          }
        },
        [&](std::size_t done) { progress.advance(static_cast<long long>(first + done)); });
  }
  progress.finish();

  io::AtomicFileSet files;
  const std::span<const long long> row_steps(steps.data(), static_cast<std::size_t>(steps.rows()));
  write_le(files, options.out, names, windows, row_steps, exponents);
  if (test) write_le(files, options.surrogate_out, names, windows, row_steps, p_values);
  const std::string file_record_text = file_record(options.provenance, check,
                                         "window = " + std::to_string(window) + "\nmax_step = " + std::to_string(max_step) + "\n");
  files.open(record_path_for(options.out)).stream() << file_record_text;
  // The p-values come from the same run: the same record beside them.
  if (test && record_path_for(options.surrogate_out) != record_path_for(options.out))
    files.open(record_path_for(options.surrogate_out)).stream() << file_record_text;
  if (keep_curve) {
    auto& out = files.open(options.curve).stream();
    std::string text = "window,weight,k,divergence\n";
    for (std::size_t w = 0; w < windows.size(); ++w)
      for (std::size_t c = 0; c < weights; ++c)
        for (std::size_t k = 0; k < curves[w * weights + c].size(); ++k) {
          text += std::to_string(w) + "," + names[c] + "," + std::to_string(k) + ",";
          io::append_double(text, curves[w * weights + c][k]);
          text += '\n';
          if (text.size() > (1 << 20)) out << text, text.clear();
        }
    out << text;
  }
  if (shard.active()) {
    std::vector<std::string> inputs{options.series};
    if (max_epoch >= 0) inputs.push_back(options.metrics);
    const std::string& stage = options.provenance.stage;
    const ShardRecord record = shard_record(shard, ShardLayout::columns, 3, source.names(), stage,
                                            run_provenance(stage, options.provenance.resolved_config,
                                                           {"series", "metrics", "curve", "surrogate-out"}, inputs));
    write_shard_record(files, options.out, record);
    // The p-values have le.csv's layout: their shards join the same way.
    if (test) write_shard_record(files, options.surrogate_out, record);
  }
  files.commit_all();
  if (!shard.active()) remove_stale_shard_record(options.out);
  if (!shard.active() && test) remove_stale_shard_record(options.surrogate_out);

  log_le_summary(options.out, windows.size(), window, weights, statuses);
  if (test) {
    std::size_t tested = 0, significant = 0;
    for (Eigen::Index i = 0; i < p_values.size(); ++i)
      if (std::isfinite(p_values.data()[i])) ++tested, significant += p_values.data()[i] <= 0.05;
    spdlog::info("windowed-le: surrogates ({}, K = {}, seed {}) -> {}: {} of {} windows significant at 0.05 ({:.1f}%){}",
                 options.surrogate_kind, options.surrogates, options.surrogate_seed, options.surrogate_out, significant,
                 tested, tested > 0 ? 100.0 * static_cast<double>(significant) / static_cast<double>(tested) : 0.0,
                 options.surrogates < 19 ? "; with K < 19 no p-value can reach 0.05" : "");
  }
}

}  // namespace legcnet::stages
