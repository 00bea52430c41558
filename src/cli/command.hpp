#pragma once
// One subcommand: its CLI11 app and the call into the library that it makes once parsed.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace legcnet::cli {

struct Command {
  CLI::App* app = nullptr;
  // Called with the resolved configuration (config file + command line) as TOML text.
  std::function<void(const std::string& resolved_config)> run;
};

Command setup_train_dense(CLI::App& parent);
Command setup_perturb_retrain(CLI::App& parent);
Command setup_diff_series(CLI::App& parent);
Command setup_retrain_sparse(CLI::App& parent);
Command setup_windowed_le(CLI::App& parent);
Command setup_granger(CLI::App& parent);
Command setup_prune(CLI::App& parent);
Command setup_report(CLI::App& parent);
Command setup_shap(CLI::App& parent);
Command setup_shap_compare(CLI::App& parent);
Command setup_esd(CLI::App& parent);
Command setup_export(CLI::App& parent);
Command setup_generate_docs(CLI::App& parent);  // hidden: man pages and bash completion for the build
Command setup_evaluate(CLI::App& parent);
Command setup_complexity(CLI::App& parent);
Command setup_merge(CLI::App& parent);
Command setup_divergence(CLI::App& parent);
Command setup_compare_masks(CLI::App& parent);
Command setup_chain(CLI::App& parent);

}  // namespace legcnet::cli
