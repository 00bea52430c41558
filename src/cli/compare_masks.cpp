#include <iostream>
#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/compare_masks.hpp"

namespace legcnet::cli {

Command setup_compare_masks(CLI::App& parent) {
  auto options = std::make_shared<stages::CompareMasksOptions>();
  CLI::App* app = parent.add_subcommand(
      "compare-masks",
      "Agreement of masks on what they prune: per pair, Jaccard of the pruned sets, its expectation for random masks "
      "of the same counts, and the hypergeometric p-value of the overlap (one CSV row per pair)");
  add_config_option(app);
  app->add_option("masks", options->masks, "Two or more mask.csv files of one network")
      ->required()->expected(2, -1)->check(CLI::ExistingFile);
  app->add_option("--out", options->out, "Write the rows here instead of stdout");
  return {app, [options](const std::string&) {
            const std::string rows = stages::compare_masks(*options);
            if (options->out.empty()) std::cout << rows;
          }};
}

}  // namespace legcnet::cli
