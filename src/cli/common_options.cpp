#include "common_options.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "legcnet/error.hpp"

namespace legcnet::cli {

void add_config_option(CLI::App* app) {
  app->add_option("--config", "TOML file of option values (keys are the long flag names)")
      ->configurable(false)
      ->check(CLI::ExistingFile);
  app->add_flag("--quiet,-q")->description("Log warnings and errors only")->configurable(false);
}

void add_data_options(CLI::App* app, stages::DataOptions& options) {
  app->add_option("--dataset", options.dataset, "Preset: cancer, titanic, banknote, iris, iris3f, vowel, mnist");
  app->add_option("--data", options.data_file, "Generic numeric CSV instead of a preset");
  app->add_option("--label-col", options.label_column, "Generic CSV: 0-based label column (-1: last)")
      ->capture_default_str();
  app->add_option("--one-hot", options.one_hot_width, "Generic CSV: label is one-hot over this many columns")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--data-dir", options.data_dirs, "Directories where presets look for their files, in order")
      ->capture_default_str();
  app->add_option("--scaling", options.scaling, "standard|minmax|none, fitted on the training split (default: the preset's)")
      ->check(CLI::IsMember({"standard", "minmax", "none"}));
  app->add_option("--test-fraction", options.test_fraction, "Share of samples in the test split")
      ->capture_default_str();
  app->add_option("--train-limit", options.train_limit, "mnist: use only the first N training images (0: all)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--split-seed", options.split_seed, "Seed of the train/test shuffle (-1: the run's --seed)")
      ->capture_default_str();
}

void add_network_options(CLI::App* app, stages::NetworkOptions& options) {
  app->add_option("--hidden", options.hidden, "Hidden layer sizes")->capture_default_str()->expected(1, -1);
  app->add_option("--activation", options.activation, "Hidden units: sigmoid|tanh|relu")
      ->capture_default_str()->check(CLI::IsMember({"sigmoid", "tanh", "relu"}));
  app->add_option("--output", options.output, "Output units: sigmoid|softmax")
      ->capture_default_str()->check(CLI::IsMember({"sigmoid", "softmax"}));
  app->add_option("--loss", options.loss, "squared (0.5 sum of squares) | cross-entropy")
      ->capture_default_str()->check(CLI::IsMember({"squared", "cross-entropy"}));
  app->add_option("--initializer", options.init, "Initial weights: normal (N(0,1), as the paper) | xavier | he")
      ->capture_default_str()->check(CLI::IsMember({"normal", "xavier", "he"}));
}

void add_training_options(CLI::App* app, stages::TrainingOptions& options) {
  app->add_option("--seed", options.seed, "Seed of initialisation, sample order and split")->capture_default_str();
  app->add_option("--lr", options.learning_rate, "Learning rate")->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--epochs", options.epochs, "Training epochs")->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--batch-size", options.batch_size, "Samples per update (1: per-sample SGD)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--eval-every", options.eval_every, "Write metrics every K steps (and at epoch and window ends)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--record-every", options.record_every, "Write the weight series every K steps (0: none)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--series-format", options.series_format, "Weight series file: csv (weights.csv) or npy (weights.npy)")
      ->capture_default_str()->check(CLI::IsMember({"csv", "npy"}));
  app->add_option("--window", options.window, "LE window length in series rows (metrics are kept at window ends)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--overlap", options.overlap, "Window overlap fraction in [0, 1)")
      ->capture_default_str()->check(CLI::Range(0.0, 0.999999));
}

namespace {

std::string normalized_key(std::string key) {
  for (char& c : key)
    if (c == '_') c = '-';
  return key;
}

// Keys that configs carry for stages still to come or for the Makefile (not options of any
// subcommand yet). A config key outside this list and outside every subcommand is a typo.
const std::set<std::string> kReservedKeys{"pt-epochs"};

void collect_option_names(const CLI::App& app, std::set<std::string>& names) {
  for (const CLI::Option* option : app.get_options())
    for (const auto& name : option->get_lnames()) names.insert(name);
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    collect_option_names(*sub, names);
}

bool has_subcommand(const CLI::App& root, const std::string& name) {
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == name) return true;
  return false;
}

}  // namespace

void apply_config_file(CLI::App& root, CLI::App& chosen) {
  const CLI::Option* config_option = chosen.get_option_no_throw("--config");
  if (config_option == nullptr || config_option->count() == 0) return;
  const std::string path = config_option->as<std::string>();
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open for reading");
  std::stringstream text;
  text << in.rdbuf();
  std::vector<CLI::ConfigItem> items;
  try {
    std::istringstream parse_stream(text.str());
    items = CLI::ConfigTOML().from_config(parse_stream);
  } catch (const CLI::Error& error) {
    throw InputError(path + ": not a valid TOML config: " + error.what());
  }
  // Line numbers for messages: the first line that assigns each key.
  auto line_of = [&](const std::string& key) -> std::size_t {
    std::istringstream lines(text.str());
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
      auto start = line.find_first_not_of(" \t");
      if (start != std::string::npos && line.compare(start, key.size(), key) == 0) {
        auto rest = line.find_first_not_of(" \t", start + key.size());
        if (rest != std::string::npos && line[rest] == '=') return number;
      }
    }
    return 0;
  };
  std::set<std::string> known(kReservedKeys);
  collect_option_names(root, known);
  for (const auto& item : items) {
    if (item.name == "++" || item.name == "--") continue;  // section markers
    if (!item.parents.empty() && !has_subcommand(root, item.parents.front()))
      throw InputError(path, line_of(item.name), "unknown section '" + item.parents.front() + "'");
    const std::string key = normalized_key(item.name);
    if (known.count(key) == 0) throw InputError(path, line_of(item.name), "unknown key '" + item.name + "'");
    if (!item.parents.empty() && item.parents.front() != chosen.get_name()) continue;  // another stage's section
    CLI::Option* option = chosen.get_option_no_throw("--" + key);
    if (option == nullptr || option->count() > 0 || !option->get_configurable()) continue;
    try {
      for (const auto& input : item.inputs) option->add_result(input);
      option->run_callback();
    } catch (const CLI::Error& error) {
      throw InputError(path, line_of(item.name), "key '" + item.name + "': " + error.what());
    }
  }
}

std::string resolved_config(const CLI::App& chosen) { return chosen.config_to_str(true, false); }

}  // namespace legcnet::cli
