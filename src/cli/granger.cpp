#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/granger.hpp"

namespace legcnet::cli {

Command setup_granger(CLI::App& parent) {
  auto options = std::make_shared<stages::GrangerStageOptions>();
  auto form = std::make_shared<std::string>("chi2");
  auto lag_select = std::make_shared<std::string>("min-p");
  auto stationarity = std::make_shared<std::string>("adf");
  auto& test = options->test;
  CLI::App* app = parent.add_subcommand(
      "granger", "Does each weight's LE series Granger-cause the misclassification rate? (as statsmodels)");
  add_config_option(app);
  app->add_option("--le", options->le, "le.csv from windowed-le");
  app->add_option("--metrics", options->metrics, "metrics.csv of the run the series came from");
  app->add_option("--target", options->target, "Misclassification from train (default) or test accuracy")
      ->capture_default_str()->check(CLI::IsMember({"train", "test"}));
  app->add_option("--maxlag", test.max_lag, "Largest lag tested")->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--test", *form, "chi2 (ssr chi2 test, the authors') | f (ssr F test)")
      ->capture_default_str()->check(CLI::IsMember({"chi2", "f"}));
  app->add_option("--lag-select", *lag_select,
                  "min-p (smallest p over lags, the authors') | min-p-sidak (that p Sidak-adjusted for the lags tested) | "
                  "aic | bic | fixed")
      ->capture_default_str()->check(CLI::IsMember({"min-p", "min-p-sidak", "aic", "bic", "fixed"}));
  app->add_option("--lag", test.fixed_lag, "The lag for --lag-select fixed")->capture_default_str();
  app->add_option("--stationarity", *stationarity, "adf: difference both series once when either is non-stationary | none")
      ->capture_default_str()->check(CLI::IsMember({"adf", "none"}));
  app->add_option("--min-df", test.min_df,
                  "Test only lags with at least this many residual degrees of freedom (n - 3 lag - 1); a pair with none "
                  "is untestable (few_df)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--null", options->null_surrogates,
                  "K surrogate pairs per weight (the weight's series shifted in blocks by more than the longest lag): "
                  "p_null and null_share columns (with fewer distinct shifted series than K, each once); 0: none")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--null-seed", options->null_seed, "Seed of the surrogates' shifts")->capture_default_str();
  app->add_option("--null-shift", options->null_shift, "weight: shift the weight's series | target: shift the target")
      ->capture_default_str()->check(CLI::IsMember({"weight", "target"}));
  app->add_option("--decision", options->decision, "raw: p_value decides (the paper's) | null: p_null decides (needs --null)")
      ->capture_default_str()->check(CLI::IsMember({"raw", "null"}));
  app->add_option("--alpha", options->alpha, "A weight is causal when p < alpha")->capture_default_str();
  app->add_option("--fdr", options->fdr, "none | bh (Benjamini-Hochberg across weights)")
      ->capture_default_str()->check(CLI::IsMember({"none", "bh"}));
  app->add_option("--threads", options->threads, "Threads (0: every core)")->capture_default_str();
  app->add_option("--out", options->out, "Output file (granger.csv)");
  app->add_option("--shard", options->shard, "k/n: only shard k (from 0) of n contiguous blocks of the weights; "
                  "writes OUT's shard record for legcnet merge");
  add_force_option(app, options->force);
  return {app, [options, form, lag_select, stationarity](const std::string& config) {
            options->provenance.resolved_config = config;
            auto& t = options->test;
            t.form = *form == "f" ? stats::GrangerForm::f : stats::GrangerForm::chi2;
            t.lag_selection = *lag_select == "min-p-sidak" ? stats::LagSelection::min_p_sidak
                              : *lag_select == "aic"   ? stats::LagSelection::aic
                              : *lag_select == "bic" ? stats::LagSelection::bic
                              : *lag_select == "fixed" ? stats::LagSelection::fixed
                                                       : stats::LagSelection::min_p;
            t.stationarity = *stationarity == "none" ? stats::Stationarity::none : stats::Stationarity::adf;
            stages::granger(*options);
          }};
}

}  // namespace legcnet::cli
