#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/complexity.hpp"

namespace legcnet::cli {

Command setup_complexity(CLI::App& parent) {
  auto options = std::make_shared<stages::ComplexityOptions>();
  CLI::App* app = parent.add_subcommand(
      "complexity", "BDM and block entropy of the weights' sign pattern, per view (node, positive, negative)");
  add_config_option(app);
  app->add_option("--model", options->model, "model.csv (its weight names give the layers)")->required()->check(CLI::ExistingFile);
  app->add_option("--mask", options->mask, "mask.csv: pruned weights are 0 in every view")->check(CLI::ExistingFile);
  app->add_option("--bdm-boundary", options->bdm_boundary, "Parts outside complete 4x4 blocks: ignore, or cut into 3x3 and "
                  "2x2 blocks")
      ->capture_default_str()->check(CLI::IsMember({"ignore", "recursive"}));
  app->add_option("--ctm", options->ctm, "The CTM table (default: $LEGCNET_CTM, the installed copy, the source tree's)");
  app->add_option("--out", options->out, "Output file: view,bdm,entropy,blocks,uncovered_weights")->required();
  add_force_option(app, options->force);
  return {app, [options](const std::string&) { stages::complexity(*options); }};
}

}  // namespace legcnet::cli
