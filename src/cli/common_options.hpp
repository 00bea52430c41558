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

// The items of a TOML config's text (read from `path`, for messages), each with the line that
// sets it. InputError for invalid TOML, a NUL byte, or a key set twice in one table; a UTF-8
// byte-order mark is skipped.
struct ConfigEntry {
  CLI::ConfigItem item;
  std::size_t line = 0;
};
std::vector<ConfigEntry> read_config_entries(std::string text, const std::string& path);

// Applies the --config file of the chosen subcommand: every key must be an option of some
// subcommand (a typo is an InputError naming file and line); keys this subcommand has fill the
// options not given on the command line. Paths in it are relative to the config file. A run.toml
// is a valid config: its [config] table is read, its record tables ([run], [data]) skipped.
void apply_config_file(CLI::App& root, CLI::App& chosen);

// The resolved options of a subcommand as TOML, for run.toml; paths are written absolute.
std::string resolved_config(const CLI::App& chosen);

// Flushes standard output; InputError if anything printed to it was lost (a full disk, a closed
// or broken stdout), so that such a run does not end with exit 0.
void check_standard_output();

}  // namespace legcnet::cli
