#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/train_dense.hpp"

namespace legcnet::cli {

Command setup_perturb_retrain(CLI::App& parent) {
  auto options = std::make_shared<stages::PerturbRetrainOptions>();
  options->run.provenance.stage = "perturb-retrain";
  CLI::App* app = parent.add_subcommand(
      "perturb-retrain", "Repeat train-dense from init.csv with one weight moved by --delta (same order, same lr)");
  add_config_option(app);
  add_data_options(app, options->run.data);
  add_network_options(app, options->run.network);
  add_training_options(app, options->run.training);
  app->add_option("--init", options->init, "init.csv of the baseline run")->check(CLI::ExistingFile);
  add_perturbation_options(app, options->run.perturbation);
  app->add_option("--delta", options->delta, "Amount added to that weight before training")->capture_default_str();
  add_force_option(app, options->force);
  app->add_option("--out", options->run.out, "Output directory");
  return {app, [options](const std::string& config) {
            options->run.provenance.resolved_config = config;
            stages::perturb_retrain(*options);
          }};
}

}  // namespace legcnet::cli
