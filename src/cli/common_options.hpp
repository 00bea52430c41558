#pragma once
// Flags shared by several subcommands, and the --config mechanism: a flat TOML file whose keys are
// the long flag names (dashes or underscores); the command line wins over the file.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "legcnet/stages/common.hpp"

namespace legcnet::cli {

void add_config_option(CLI::App* app);  // --config FILE and --quiet, on every subcommand
void add_data_options(CLI::App* app, stages::DataOptions& options);
void add_network_options(CLI::App* app, stages::NetworkOptions& options);
void add_training_options(CLI::App* app, stages::TrainingOptions& options);
void add_perturbation_options(CLI::App* app, stages::PerturbationOptions& options);  // --weight, --perturbation
void add_force_option(CLI::App* app, bool& force);  // --force, on stages that combine files of runs

// Applies the --config file of the chosen subcommand: every key must be an option of some
// subcommand (a typo is an InputError naming file and line); keys this subcommand has fill the
// options not given on the command line. Paths in it are relative to the config file. A run.toml
// is a valid config: its [config] table is read, its record tables ([run], [data]) skipped.
void apply_config_file(CLI::App& root, CLI::App& chosen);

// The resolved options of a subcommand as TOML, for run.toml; paths are written absolute.
std::string resolved_config(const CLI::App& chosen);

}  // namespace legcnet::cli
