#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/export.hpp"

namespace legcnet::cli {

Command setup_export(CLI::App& parent) {
  auto options = std::make_shared<stages::ExportOptions>();
  CLI::App* app = parent.add_subcommand(
      "export", "Write a trained run as numpy arrays (.npz): weights, biases, masks, scaler, feature and class names");
  add_config_option(app);
  app->add_option("--run", options->run, "A training run's directory (run.toml, model.csv, scaler.csv)")
      ->check(CLI::ExistingDirectory);
  app->add_option("--model", options->model, "model.csv to export instead of the run's own")->check(CLI::ExistingFile);
  app->add_option("--mask", options->mask, "mask.csv (default: the mask the run was retrained with, else all kept)")
      ->check(CLI::ExistingFile);
  add_force_option(app, options->force);
  app->add_option("--out", options->out, "Output file (model.npz)");
  return {app, [options](const std::string&) { stages::export_run(*options); }};
}

}  // namespace legcnet::cli
