#include "legcnet/stages/granger.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
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
#include "legcnet/stats/granger_null.hpp"

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

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Causal by the stage's rule: p < alpha, or Benjamini-Hochberg across the weights (then `adjusted`
// gets the adjusted p-values). NaN p-values (untestable weights) are never causal.
std::vector<std::uint8_t> decide(const std::vector<double>& p, const GrangerStageOptions& options,
                                 std::vector<double>& adjusted) {
  if (options.fdr == "bh") {
    auto bh = stats::benjamini_hochberg(p, options.alpha);
    adjusted = std::move(bh.adjusted);
    return bh.rejected;
  }
  std::vector<std::uint8_t> causal(p.size(), 0);
  for (std::size_t k = 0; k < p.size(); ++k) causal[k] = p[k] < options.alpha;
  return causal;
}

// Per weight, the share of its surrogate pairs the raw rule calls causal. With --fdr bh the rule
// is applied across the weights within each surrogate world j (every weight shifted by the j-th
// shifts), as it is across the weights of the observed world.
std::vector<double> null_causal_shares(const std::vector<std::vector<double>>& surrogate_p,
                                       const GrangerStageOptions& options) {
  const std::size_t weights = surrogate_p.size();
  std::size_t worlds = 0;
  for (const auto& p : surrogate_p) worlds = std::max(worlds, p.size());
  std::vector<double> causal(weights, 0.0), valid(weights, 0.0);
  std::vector<double> world(weights), unused;
  for (std::size_t j = 0; j < worlds; ++j) {
    for (std::size_t k = 0; k < weights; ++k) world[k] = j < surrogate_p[k].size() ? surrogate_p[k][j] : nan;
    const auto rejected = decide(world, options, unused);
    for (std::size_t k = 0; k < weights; ++k) {
      if (std::isnan(world[k])) continue;
      valid[k] += 1.0;
      causal[k] += rejected[k];
    }
  }
  std::vector<double> share(weights, nan);
  for (std::size_t k = 0; k < weights; ++k)
    if (valid[k] > 0.0) share[k] = causal[k] / valid[k];
  return share;
}

// "; causal share R with the real target, N under the null, P by p_null", over the weights tested.
std::string null_summary(const std::vector<stats::GrangerDecision>& decisions, const std::vector<std::uint8_t>& raw_causal,
                         const std::vector<std::uint8_t>& null_causal, const std::vector<double>& null_share) {
  double tested = 0, raw = 0, by_null = 0, share = 0, with_share = 0;
  for (std::size_t k = 0; k < decisions.size(); ++k) {
    if (!decisions[k].testable) continue;
    tested += 1;
    raw += raw_causal[k];
    by_null += null_causal[k];
    if (!std::isnan(null_share[k])) share += null_share[k], with_share += 1;
  }
  if (tested == 0) return "";
  return fmt::format("; causal share {:.3f} with the real target, {:.3f} under the null (surrogate pairs), {:.3f} by p_null",
                     raw / tested, with_share > 0 ? share / with_share : nan, by_null / tested);
}

// What the surrogates are, and a warning when there are too few admissible shifts for a p_null.
void describe_null_plan(const stats::GrangerNullTester& tester, const GrangerStageOptions& options) {
  const std::string shifted = options.null_shift == "target" ? "target" : "weight's exponent series";
  for (const auto* plan : {&tester.levels_plan(), &tester.differenced_plan()}) {
    const bool differenced = plan == &tester.differenced_plan();
    if (differenced && options.test.stationarity != stats::Stationarity::adf) continue;
    const std::string which = differenced ? "differenced pairs" : "pairs in levels";
    if (plan->surrogates == 0) {
      spdlog::warn("granger: {}: no shift is more than the longest lag + 1 = {} windows away from zero in a circle of {}; "
                   "p_null is nan", which, plan->largest_lag + 1, plan->admissible_shifts + 2 * plan->largest_lag + 3);
    } else if (plan->surrogates == 1) {
      spdlog::warn("granger: {}: one admissible shift only, so one surrogate and p_null >= 1/2", which);
    } else if (plan->exhaustive) {
      spdlog::warn("granger: {}: only {} distinct surrogates ({} shifts {}..{} in each of {} blocks of {} windows), fewer "
                   "than --null {}: each is used once, so p_null >= 1/{}{}", which, plan->surrogates,
                   plan->admissible_shifts, plan->largest_lag + 2, plan->largest_lag + 1 + plan->admissible_shifts,
                   plan->blocks, plan->block_length, options.null_surrogates, plan->surrogates + 1,
                   1.0 / (plan->surrogates + 1) >= options.alpha ? " and nothing is null-significant" : "");
    } else {
      spdlog::info("granger: {}: {} surrogates, the {} in {} blocks of {} windows, each shifted by one of the {} shifts "
                   "{}..{}", which, plan->surrogates, shifted, plan->blocks, plan->block_length, plan->admissible_shifts,
                   plan->largest_lag + 2, plan->largest_lag + 1 + plan->admissible_shifts);
    }
  }
}

// Tests with fewer than 10 residual degrees of freedom at the chosen lag.
void warn_few_df(const std::vector<stats::GrangerDecision>& decisions) {
  std::size_t few = 0, tested = 0;
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& d : decisions) {
    if (!d.testable) continue;
    ++tested;
    if (d.df_resid < 10.0) ++few, smallest = std::min(smallest, d.df_resid);
  }
  if (few == 0) return;
  spdlog::warn("granger: {} of {} tests ran with fewer than 10 residual degrees of freedom (n - 3 lag - 1 at the chosen "
               "lag; fewest {}): their p-values are unreliable (the chi2 form's most of all); --min-df D tests only lags "
               "with at least D", few, tested, smallest);
}

}  // namespace

void granger(const GrangerStageOptions& options) {
  if (options.out.empty()) throw InputError("--out FILE is required");
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) throw InputError("--alpha must lie in (0, 1)");
  if (options.target != "train" && options.target != "test") throw InputError("--target must be train or test");
  if (options.fdr != "none" && options.fdr != "bh") throw InputError("--fdr must be none or bh");
  if (options.decision != "raw" && options.decision != "null") throw InputError("--decision must be raw or null");
  if (options.null_shift != "weight" && options.null_shift != "target") throw InputError("--null-shift must be weight or target");
  if (options.null_surrogates < 0) throw InputError("--null must be >= 0");
  if (options.decision == "null" && options.null_surrogates == 0)
    throw InputError("--decision null needs --null K (K >= 1 surrogates; 100 or more for a useful p_null)");
  const bool with_null = options.null_surrogates > 0;
  const bool by_null = options.decision == "null";
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
  std::optional<stats::GrangerNullTester> null_tester;
  if (with_null) {
    null_tester.emplace(x, options.test, options.null_surrogates, options.null_seed,
                        options.null_shift == "target" ? stats::NullShift::target : stats::NullShift::weight);
    describe_null_plan(*null_tester, options);
  }
  const Eigen::Index windows = block.rows();
  const std::vector<std::string> names(source.names().begin() + static_cast<std::ptrdiff_t>(range.first),
                                       source.names().begin() + static_cast<std::ptrdiff_t>(range.first + range.size));

  std::vector<stats::GrangerDecision> decisions(weights);
  std::vector<double> p_null(weights, nan);
  std::vector<std::vector<double>> surrogate_p(with_null ? weights : 0);
  ProgressMeter progress("granger", "weights", static_cast<long long>(weights));
  for (std::size_t first = 0; first < weights; first += per_block) {
    if (first > 0) block = source.read(range.first + first, std::min(per_block, weights - first));
    parallel_for_columns(
        block.names.size(), threads,
        [&](unsigned, std::size_t local) {
          const double* y = block.values.col(static_cast<Eigen::Index>(local)).data();
          const std::span<const double> series(y, static_cast<std::size_t>(windows));
          const std::size_t k = first + local;
          if (!null_tester) {
            decisions[k] = tester.test(series);
            return;
          }
          stats::NullTest t = null_tester->test(series);
          decisions[k] = std::move(t.decision);
          p_null[k] = t.p_null;
          surrogate_p[k] = std::move(t.surrogate_p);
        },
        [&](std::size_t done) { progress.advance(static_cast<long long>(first + done)); });
  }
  progress.finish();

  // The p-value that decides: the raw one, or p_null (a weight without one is then untestable).
  std::vector<double> raw_p(weights, nan);
  std::vector<std::uint8_t> testable(weights, 0);
  std::vector<std::string> reasons(weights);
  for (std::size_t k = 0; k < weights; ++k) {
    const auto& d = decisions[k];
    testable[k] = d.testable;
    reasons[k] = stats::to_string(d.reason);
    if (d.testable) raw_p[k] = d.p_value;
    if (by_null && d.testable && std::isnan(p_null[k])) {
      testable[k] = 0;
      reasons[k] = stats::to_string(stats::GrangerReason::no_surrogate);
    }
  }
  std::vector<double> adjusted, unused;
  const std::vector<std::uint8_t> raw_causal = decide(raw_p, options, by_null ? unused : adjusted);
  const std::vector<std::uint8_t> null_causal = with_null ? decide(p_null, options, by_null ? adjusted : unused) : raw_causal;
  const std::vector<std::uint8_t>& causal = by_null ? null_causal : raw_causal;
  const std::vector<double> null_share = with_null ? null_causal_shares(surrogate_p, options) : std::vector<double>{};

  io::AtomicFileSet files;
  auto& out = files.open(options.out);
  std::string text = "weight,n,lag,stat,p_value,differenced,testable,causal,reason,adf_p_x,adf_p_y";
  if (!adjusted.empty()) text += ",p_adjusted";
  text += ",df_resid";
  if (with_null) text += ",p_null,null_share";
  text += '\n';
  std::map<std::string, std::size_t> untestable_by_reason;
  std::size_t tested = 0, causal_count = 0;
  for (std::size_t k = 0; k < weights; ++k) {
    const auto& d = decisions[k];
    text += io::quote_csv_field(names[k]) + "," + std::to_string(d.n) + "," + std::to_string(d.lag) + ",";
    io::append_double(text, d.stat);
    text += ',';
    io::append_double(text, d.p_value);
    text += std::string(",") + (d.differenced ? "1" : "0") + "," + (testable[k] ? "1" : "0") + "," +
            (causal[k] ? "1" : "0") + "," + reasons[k] + ",";
    io::append_double(text, d.adf_p_x);
    text += ',';
    io::append_double(text, d.adf_p_y);
    if (!adjusted.empty()) {
      text += ',';
      io::append_double(text, adjusted[k]);
    }
    text += ',';
    io::append_double(text, d.df_resid);
    if (with_null) {
      text += ',';
      io::append_double(text, p_null[k]);
      text += ',';
      io::append_double(text, null_share[k]);
    }
    text += '\n';
    if (testable[k]) ++tested;
    else ++untestable_by_reason[reasons[k]];
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
  std::string reason_counts;
  for (const auto& [reason, count] : untestable_by_reason)
    reason_counts += (reason_counts.empty() ? " (" : ", ") + reason + " " + std::to_string(count);
  if (!reason_counts.empty()) reason_counts += ")";
  spdlog::info("granger: {} windows, {} weights: tested {}, causal {}, non-causal {}, untestable {}{}{} -> {}", windows,
               weights, tested, causal_count, tested - causal_count, weights - tested, reason_counts,
               with_null ? null_summary(decisions, raw_causal, null_causal, null_share) : std::string(), options.out);
  warn_few_df(decisions);
}

}  // namespace legcnet::stages
