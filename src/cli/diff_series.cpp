#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/diff_series.hpp"

namespace legcnet::cli {

Command setup_diff_series(CLI::App& parent) {
  auto options = std::make_shared<stages::DiffSeriesOptions>();
  CLI::App* app = parent.add_subcommand("diff-series", "diff.csv = perturbed weights.csv - baseline weights.csv");
  add_config_option(app);
  app->add_option("--base", options->base, "weights.csv of the baseline run")->required();
  app->add_option("--perturbed", options->perturbed, "weights.csv of the perturbed run")->required();
  app->add_option("--out", options->out, "Output file (diff.csv)")->required();
  add_force_option(app, options->force);
  return {app, [options](const std::string& config) {
            options->provenance.resolved_config = config;
            stages::diff_series(*options);
          }};
}

}  // namespace legcnet::cli
