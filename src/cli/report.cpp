#include <memory>

#include "command.hpp"
#include "common_options.hpp"
#include "legcnet/error.hpp"
#include "legcnet/stages/report.hpp"

namespace legcnet::cli {

Command setup_report(CLI::App& parent) {
  auto options = std::make_shared<stages::ReportOptions>();
  CLI::App* app = parent.add_subcommand(
      "report", "Gather runs/**/summary.csv into results/summary.csv, spread.csv and tables.md (the paper's tables)");
  add_config_option(app);
  app->add_option("--runs", options->runs, "Runs directory (runs/DATASET/seedK/METHOD/sparse/summary.csv)")->capture_default_str();
  app->add_option("--out", options->out, "Output directory")->capture_default_str();
  app->add_option("--expected", options->expected, "Regression expectations; any mismatch exits 1")->check(CLI::ExistingFile);
  return {app, [options](const std::string&) {
            if (stages::report(*options) > 0) throw CheckFailure("regression: results differ from " + options->expected);
          }};
}

}  // namespace legcnet::cli
