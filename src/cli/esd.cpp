#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/esd.hpp"

namespace legcnet::cli {

Command setup_esd(CLI::App& parent) {
  auto options = std::make_shared<stages::EsdOptions>();
  CLI::App* app = parent.add_subcommand(
      "esd", "Per layer: eigenvalues of W^T W / N, power-law alpha of their tail, alpha_weighted, Marchenko-Pastur edge");
  add_config_option(app);
  app->add_option("--model", options->model, "model.csv (its weight names give the layers)")->required()->check(CLI::ExistingFile);
  app->add_option("--mask", options->mask, "mask.csv: pruned weights set to 0 (default: keep every weight)")
      ->check(CLI::ExistingFile);
  app->add_option("--min-eigenvalues", options->min_eigenvalues, "Fewer eigenvalues: status too_few_eigenvalues")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--min-tail", options->min_tail, "Smallest tail a candidate xmin may leave")
      ->capture_default_str()->check(CLI::Range(2, 1000000));
  app->add_option("--out", options->out, "Output file (esd.csv), one row per layer")->required();
  app->add_option("--spectrum", options->spectrum, "Also write every eigenvalue (layer,index,eigenvalue) here");
  add_force_option(app, options->force);
  return {app, [options](const std::string&) { stages::esd(*options); }};
}

}  // namespace legcnet::cli
