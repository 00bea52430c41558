#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "le_options.hpp"
#include "legcnet/stages/windowed_le.hpp"

namespace legcnet::cli {

Command setup_windowed_le(CLI::App& parent) {
  auto options = std::make_shared<stages::WindowedLeOptions>();
  auto fit_range = std::make_shared<std::string>();
  auto& params = options->rosenstein;
  CLI::App* app = parent.add_subcommand(
      "windowed-le", "Largest Lyapunov exponent (Rosenstein; as nolds.lyap_r, fit='poly') of every column, window by window");
  add_config_option(app);
  app->add_option("--series", options->series, "Series file: diff.csv (the paper's delta-W) or weights.csv");
  app->add_option("--window", options->window,
                  "Window length W in rows (default: the series' rows / 150, within 100..250; train-dense keeps "
                  "metrics at the same window ends)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--overlap", options->overlap, "Overlap fraction o: windows start round(W (1 - o)) rows apart")
      ->capture_default_str();
  app->add_option("--max-step", options->max_step, "LEGCNet-PT: use only rows with step <= S (-1: all)")
      ->capture_default_str();
  app->add_option("--max-epoch", options->max_epoch, "LEGCNet-PT in epochs: rows up to the end of epoch E (needs --metrics)")
      ->capture_default_str();
  app->add_option("--metrics", options->metrics, "metrics.csv of the run, to map --max-epoch (--pt) to a step");
  app->add_flag("--pt", options->pt, "LEGCNet-PT: only the rows of the first pt-epochs epochs (needs --metrics)");
  app->add_option("--pt-epochs", options->pt_epochs, "The epochs LEGCNet-PT looks at (with --pt)")->check(CLI::PositiveNumber);
  add_force_option(app, options->force);
  add_rosenstein_options(app, params, *fit_range);
  app->add_option("--threads", options->threads, "Threads (0: every core)")->capture_default_str();
  app->add_option("--block-columns", options->block_columns, "Weights read at once (0: as many as fit in ~256 MB)")
      ->capture_default_str();
  app->add_option("--out", options->out, "Output file (le.csv, or le.npy)");
  app->add_option("--curve", options->curve, "Also write d(k) of every (window, weight) to this file");
  app->add_option("--surrogates", options->surrogates,
                  "K: test every window's exponent against K surrogate windows (rank p-value; 0: no test; 19 is "
                  "the least for p <= 0.05)")
      ->capture_default_str();
  app->add_option("--surrogate-kind", options->surrogate_kind,
                  "shuffle (null: independent values) | iaaft (null: linear Gaussian process, same values and spectrum)")
      ->capture_default_str()->check(CLI::IsMember({"shuffle", "iaaft"}));
  app->add_option("--surrogate-seed", options->surrogate_seed, "Seed of the surrogates")->capture_default_str();
  app->add_option("--surrogate-out", options->surrogate_out,
                  "p-values, laid out like --out: (1 + #{surrogate exponents >= the window's}) / (1 + K)");
  app->add_option("--shard", options->shard, "k/n: only shard k (from 0) of n contiguous blocks of the weights; "
                  "writes OUT's shard record for legcnet merge");
  return {app, [options, fit_range](const std::string& config) {
            options->provenance.resolved_config = config;
            apply_fit_range(*fit_range, options->rosenstein);
            stages::windowed_le(*options);
          }};
}

}  // namespace legcnet::cli
