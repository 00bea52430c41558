#include "legcnet/stages/granger.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <unordered_map>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/parallel.hpp"
#include "legcnet/stages/shard.hpp"
#include "legcnet/stats/fdr.hpp"

namespace legcnet::stages {
namespace {

// x: 1 - accuracy at each window's end step, as the metrics file recorded it.
std::vector<double> misclassification_at_window_ends(const io::Series& le, const io::Series& metrics,
                                                     const std::string& target) {
  const Eigen::Index column = metrics.column_of(target == "test" ? "test_acc" : "train_acc");
  if (column < 0) throw InputError(metrics.source + ": no '" + target + "_acc' column");
  std::unordered_map<long long, Eigen::Index> row_of_step;
  for (Eigen::Index r = 0; r < metrics.rows(); ++r) row_of_step[metrics.index(r, 0)] = r;
  std::vector<double> x;
  for (Eigen::Index w = 0; w < le.rows(); ++w) {
    const long long end_step = le.index(w, 2);
    auto found = row_of_step.find(end_step);
    if (found == row_of_step.end())
      throw InputError(le.source + " and " + metrics.source + " do not fit: window " + std::to_string(le.index(w, 0)) +
                       " ends at step " + std::to_string(end_step) + ", which " + metrics.source +
                       " has no row for (train-dense keeps metrics at the window ends of its --window: give windowed-le the same "
                       "--window, or train with --eval-every 1)");
    x.push_back(1.0 - metrics.values(found->second, column));
  }
  return x;
}

}  // namespace

void granger(const GrangerStageOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) throw InputError("--alpha must lie in (0, 1)");
  if (options.target != "train" && options.target != "test") throw InputError("--target must be train or test");
  if (options.fdr != "none" && options.fdr != "bh") throw InputError("--fdr must be none or bh");
  // LE series are read a block of weights at a time, so memory stays bounded for wide networks.
  const Shard shard = parse_shard(options.shard);
  if (shard.active() && options.fdr == "bh")
    throw InputError("--fdr bh adjusts each p-value by those of all weights, so a shard cannot decide alone: shard "
                     "windowed-le, merge le.csv, and run granger on the whole (it is quick)");
  const ProvenanceCheck check = check_provenance({options.le, options.metrics}, options.force);
  const unsigned threads = resolve_threads(options.threads);
  io::SeriesColumns source(options.le, {"window", "start_step", "end_step"}, true, threads);
  // A shard tests only its block of the weights; the rest of the stage sees just that block.
  const ShardRange range = shard_range(shard, source.names().size());
  const std::size_t weights = range.size;
  const std::size_t per_block = block_columns(0, static_cast<std::size_t>(source.rows_at_most()));
  io::Series block = source.read(range.first, std::min(per_block, weights));  // also the window bounds
  const io::Series metrics = io::read_series(options.metrics);
  const std::vector<double> x = misclassification_at_window_ends(block, metrics, options.target);
  const stats::GrangerTester tester(x, options.test);
  if (tester.options().max_lag < options.test.max_lag)
    spdlog::info("granger: {} windows allow lags up to {}; --maxlag {} tests lags 1..{}", x.size(),
                 tester.options().max_lag, options.test.max_lag, tester.options().max_lag);
  const Eigen::Index windows = block.rows();
  const std::vector<std::string> names(source.names().begin() + static_cast<std::ptrdiff_t>(range.first),
                                       source.names().begin() + static_cast<std::ptrdiff_t>(range.first + range.size));

  std::vector<stats::GrangerDecision> decisions(weights);
  ProgressMeter progress("granger", "weights", static_cast<long long>(weights));
  for (std::size_t first = 0; first < weights; first += per_block) {
    if (first > 0) block = source.read(range.first + first, std::min(per_block, weights - first));
    parallel_for_columns(
        block.names.size(), threads,
        [&](unsigned, std::size_t local) {
          const double* y = block.values.col(static_cast<Eigen::Index>(local)).data();
          decisions[first + local] = tester.test(std::span<const double>(y, static_cast<std::size_t>(windows)));
        },
        [&](std::size_t done) { progress.advance(static_cast<long long>(first + done)); });
  }
  progress.finish();

  std::vector<double> p_values(weights);
  for (std::size_t k = 0; k < weights; ++k)
    p_values[k] = decisions[k].testable ? decisions[k].p_value : std::numeric_limits<double>::quiet_NaN();
  std::vector<std::uint8_t> causal(weights, 0);
  std::vector<double> adjusted;
  if (options.fdr == "bh") {
    const auto bh = stats::benjamini_hochberg(p_values, options.alpha);
    causal = bh.rejected;
    adjusted = bh.adjusted;
  } else {
    for (std::size_t k = 0; k < weights; ++k) causal[k] = decisions[k].testable && p_values[k] < options.alpha;
  }

  io::AtomicFileSet files;
  auto& out = files.open(options.out);
  std::string text = "weight,n,lag,stat,p_value,differenced,testable,causal,reason,adf_p_x,adf_p_y";
  if (!adjusted.empty()) text += ",p_adjusted";
  text += '\n';
  std::map<std::string, std::size_t> untestable_by_reason;
  std::size_t tested = 0, causal_count = 0;
  for (std::size_t k = 0; k < weights; ++k) {
    const auto& d = decisions[k];
    text += io::quote_csv_field(names[k]) + "," + std::to_string(d.n) + "," + std::to_string(d.lag) + ",";
    io::append_double(text, d.stat);
    text += ',';
    io::append_double(text, d.p_value);
    text += std::string(",") + (d.differenced ? "1" : "0") + "," + (d.testable ? "1" : "0") + "," +
            (causal[k] ? "1" : "0") + "," + std::string(stats::to_string(d.reason)) + ",";
    io::append_double(text, d.adf_p_x);
    text += ',';
    io::append_double(text, d.adf_p_y);
    if (!adjusted.empty()) {
      text += ',';
      io::append_double(text, adjusted[k]);
    }
    text += '\n';
    if (d.testable) ++tested;
    else ++untestable_by_reason[std::string(stats::to_string(d.reason))];
    causal_count += causal[k];
  }
  out.stream() << text;
  files.open(record_path_for(options.out)).stream() << file_record(options.provenance, check);
  if (shard.active()) {
    const std::string& stage = options.provenance.stage;
    write_shard_record(files, options.out,
                       shard_record(shard, ShardLayout::rows, 0, source.names(), stage,
                                    run_provenance(stage, options.provenance.resolved_config, {"le", "metrics"},
                                                   {options.le, options.metrics})));
  }
  files.commit_all();
  if (!shard.active()) remove_stale_shard_record(options.out);
  std::string reasons;
  for (const auto& [reason, count] : untestable_by_reason)
    reasons += (reasons.empty() ? " (" : ", ") + reason + " " + std::to_string(count);
  if (!reasons.empty()) reasons += ")";
  spdlog::info("granger: {} windows, {} weights: tested {}, causal {}, non-causal {}, untestable {}{} -> {}", windows,
               weights, tested, causal_count, tested - causal_count, weights - tested, reasons, options.out);
}

}  // namespace legcnet::stages
