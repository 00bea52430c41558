#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/shap.hpp"

namespace legcnet::cli {

Command setup_shap(CLI::App& parent) {
  auto options = std::make_shared<stages::ShapOptions>();
  CLI::App* app = parent.add_subcommand(
      "shap", "Shapley values of every test sample's features for the model's predicted class (+ mean |SHAP| per feature)");
  add_config_option(app);
  add_data_options(app, options->data);
  add_network_options(app, options->network);
  app->add_option("--seed", options->seed, "The run's seed: its train/test split; also background rows and Kernel SHAP draws")
      ->capture_default_str();
  app->add_option("--model", options->model, "model.csv to explain")->required()->check(CLI::ExistingFile);
  app->add_option("--mask", options->mask, "mask.csv: pruned weights set to 0 (default: keep every weight)")
      ->check(CLI::ExistingFile);
  app->add_option("--background", options->background,
                  "mean (the training split's feature means) or K (K training rows drawn with --seed)")
      ->capture_default_str();
  app->add_option("--estimator", options->estimator,
                  "auto (exact up to --max-exact varying features, else Kernel SHAP) | exact | kernel")
      ->capture_default_str()->check(CLI::IsMember({"auto", "exact", "kernel"}));
  app->add_option("--max-exact", options->max_exact, "auto: largest feature count computed exactly")
      ->capture_default_str()->check(CLI::Range(0, 24));
  app->add_option("--coalitions", options->coalitions, "Kernel SHAP coalitions per sample, even (0: 2 m + 2048)")
      ->capture_default_str();
  app->add_option("--max-samples", options->max_samples, "Explain only the first N test samples (0: all)")
      ->capture_default_str();
  app->add_option("--out", options->out, "Output file (shap.csv)")->required();
  add_force_option(app, options->force);
  app->add_option("--importance", options->importance, "Per-feature mean |SHAP| (default: <out stem>-importance.csv)");
  app->add_option("--standard-errors", options->standard_errors, "Also write each value's standard error (0 when exact) here");
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            stages::shap(*options);
          }};
}

}  // namespace legcnet::cli
