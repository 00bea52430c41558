#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/evaluate.hpp"

namespace legcnet::cli {

Command setup_evaluate(CLI::App& parent) {
  auto options = std::make_shared<stages::EvaluateOptions>();
  CLI::App* app = parent.add_subcommand(
      "evaluate", "Accuracy of a trained model with a mask applied and no retraining (one summary.csv row, epochs 0)");
  add_config_option(app);
  add_data_options(app, options->data);
  add_network_options(app, options->network);
  app->add_option("--seed", options->seed, "The run's seed (its train/test split)")->capture_default_str();
  app->add_option("--model", options->model, "model.csv to evaluate")->required()->check(CLI::ExistingFile);
  app->add_option("--mask", options->mask, "mask.csv: pruned weights set to 0 (default: keep every weight)")
      ->check(CLI::ExistingFile);
  app->add_option("--method", options->method, "Name in the summary's method column")->capture_default_str();
  app->add_option("--out", options->out, "Output file (summary format)")->required();
  add_force_option(app, options->force);
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            stages::evaluate(*options);
          }};
}

}  // namespace legcnet::cli
