#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/retrain_sparse.hpp"

namespace legcnet::cli {

Command setup_retrain_sparse(CLI::App& parent) {
  auto options = std::make_shared<stages::RetrainSparseOptions>();
  options->training.record_every = 0;
  CLI::App* app = parent.add_subcommand(
      "retrain-sparse",
      "Retrain from init.csv with pruned weights held at 0 until the benchmark accuracy is reached (or --epochs N)");
  add_config_option(app);
  add_data_options(app, options->data);
  add_network_options(app, options->network);
  add_training_options(app, options->training);
  // Here --epochs is a fixed budget, given on the command line only: a config's `epochs` is the
  // length of the dense run, not of the retraining.
  app->remove_option(app->get_option("--epochs"));
  app->add_option("--epochs", options->fixed_epochs,
                  "Train exactly N epochs: a fixed budget, no benchmark (--benchmark and --max-epochs are then ignored); "
                  "command line only, never from --config, whose `epochs` is the dense run's length")
      ->configurable(false)
      ->check(CLI::PositiveNumber);
  app->add_option("--init", options->init, "init.csv of the dense run")->check(CLI::ExistingFile);
  app->add_option("--mask", options->mask, "mask.csv (default: keep every weight)")->check(CLI::ExistingFile);
  app->add_option("--benchmark", options->benchmark,
                  "Stop at the first epoch whose accuracy reaches this: validation accuracy with --val-fraction, "
                  "else training accuracy (never test)")
      ->capture_default_str();
  app->add_option("--max-epochs", options->max_epochs, "Epoch limit")->capture_default_str();
  app->add_option("--method", options->method, "Name in summary.csv's method column")->capture_default_str();
  add_force_option(app, options->force);
  app->add_option("--out", options->out, "Output directory");
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            stages::retrain_sparse(*options);
          }};
}

}  // namespace legcnet::cli
