#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/train_dense.hpp"

namespace legcnet::cli {

Command setup_train_dense(CLI::App& parent) {
  auto options = std::make_shared<stages::TrainDenseOptions>();
  CLI::App* app = parent.add_subcommand(
      "train-dense", "Train the dense network, recording every weight at every step (init/weights/metrics/model.csv)");
  add_config_option(app);
  add_data_options(app, options->data);
  add_network_options(app, options->network);
  add_training_options(app, options->training);
  add_perturbation_options(app, options->perturbation);
  app->add_option("--out", options->out, "Output directory");
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            stages::train_dense(*options);
          }};
}

}  // namespace legcnet::cli
