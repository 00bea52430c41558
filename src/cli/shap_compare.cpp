#include <iostream>
#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/stages/shap.hpp"

namespace legcnet::cli {

Command setup_shap_compare(CLI::App& parent) {
  auto options = std::make_shared<stages::ShapCompareOptions>();
  CLI::App* app = parent.add_subcommand(
      "shap-compare", "Spearman, Kendall tau-b and top-k overlap of two per-feature SHAP importances (one CSV row)");
  add_config_option(app);
  app->add_option("first", options->first, "Importance file (or shap.csv) of one model")->required()->check(CLI::ExistingFile);
  app->add_option("second", options->second, "Importance file (or shap.csv) of the other")->required()->check(CLI::ExistingFile);
  app->add_option("--top-k", options->top_k, "Overlap of the k most important features (at most the feature count)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--out", options->out, "Write the row here instead of stdout");
  add_force_option(app, options->force);
  return {app, [options](const std::string&) {
            const std::string row = stages::shap_compare(*options);
            if (options->out.empty()) std::cout << row;
          }};
}

}  // namespace legcnet::cli
