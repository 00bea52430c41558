#include "common_options.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "legcnet/error.hpp"
#include "legcnet/io/input_file.hpp"
#include "legcnet/io/number_format.hpp"
#include "numeric_options.hpp"

namespace legcnet::cli {

void add_config_option(CLI::App* app) {
  app->add_option("--config", "TOML file of option values (keys are the long flag names)")
      ->configurable(false)
      ->check(CLI::ExistingFile);
  app->add_flag("--quiet,-q")->description("Log warnings and errors only")->configurable(false);
}

void add_data_options(CLI::App* app, stages::DataOptions& options) {
  app->add_option("--dataset", options.dataset, "Preset: cancer, titanic, banknote, iris, iris3f, vowel, mnist");
  app->add_option("--data", options.data_file, "Your own numeric CSV instead of a preset (in a config: relative to it)");
  app->add_option("--label-col", options.label_column, "CSV: 0-based label column (-1: the last)")
      ->capture_default_str();
  app->add_option("--one-hot", options.one_hot_width, "CSV: label is one-hot over this many columns")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--header", options.header,
                  "CSV: is line 1 a header? auto: yes when a cell of it, the label included, is not a number where "
                  "the rows below hold numbers, or when it counts 0, 1, 2, ... (pandas' default names)")
      ->capture_default_str()->check(CLI::IsMember({"auto", "yes", "no"}));
  app->add_option("--delimiter", options.delimiter,
                  "CSV: field separator, one character or 'tab' (default ','; a file with ';' or tabs is refused without it)");
  app->add_option("--max-classes", options.max_classes,
                  "CSV: refuse a label column with more distinct values than this (or than half the samples)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--drop-cols", options.drop_columns, "CSV: 0-based columns to leave out (e.g. an index column)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--data-dir", options.data_dirs, "Directories where presets look for their files, in order")
      ->capture_default_str();
  app->add_option("--scaling", options.scaling, "standard|minmax|none, fitted on the training split (default: the preset's)")
      ->check(CLI::IsMember({"standard", "minmax", "none"}));
  app->add_option("--test-fraction", options.test_fraction, "Share of samples in the test split")
      ->capture_default_str();
  app->add_option("--val-fraction", options.val_fraction,
                  "Share of the training split held out for validation, drawn with the split's seed (0: none); "
                  "retrain-sparse's benchmark then reads validation accuracy, and metrics.csv gains val_acc")
      ->capture_default_str()->check(CLI::Range(0.0, 0.999999));
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
  app->add_option("--eval-every", options.eval_every,
                  "Also write metrics every K steps (0: only at step 0, epoch ends and window ends, all that stages read)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--record-every", options.record_every, "Write the weight series every K steps (0: none)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--series-format", options.series_format, "Weight series file: csv (weights.csv) or npy (weights.npy)")
      ->capture_default_str()->check(CLI::IsMember({"csv", "npy"}));
  app->add_option("--window", options.window,
                  "LE window length in series rows; metrics are kept at its window ends (0: windowed-le's default, "
                  "series rows / 150 within 100..250)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--overlap", options.overlap, "Window overlap fraction in [0, 1)")
      ->capture_default_str()->check(in_range(0.0, 1.0, false));
}

void add_perturbation_options(CLI::App* app, stages::PerturbationOptions& options) {
  app->add_option("--weight", options.weight,
                  "Weight to perturb, by name (overrides --perturbation); train-dense checks the choice before "
                  "training and records it");
  app->add_option("--perturbation", options.perturbation,
                  "Which weight to perturb: 0, the first weight whose input varies over the training split; K >= 1, "
                  "the K-th draw (seeded, without replacement) among the other such weights")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
}

void add_force_option(CLI::App* app, bool& force) {
  app->add_flag("--force", force,
                "Combine inputs whose records (run.toml, NAME.toml) say they come from different runs; "
                "the output's record lists what was forced");
}

namespace {

std::string normalized_key(std::string key) {
  for (char& c : key)
    if (c == '_') c = '-';
  return key;
}

// Options whose values are paths: in a config file they are relative to the config file, and
// run.toml's [config] records them as absolute paths (so that it is a valid --config anywhere).
const std::set<std::string> kPathKeys{"data",   "data-dir",  "init", "mask",  "model",      "metrics",
                                      "series", "le",        "granger", "base", "perturbed", "match",
                                      "out",    "curve",     "runs", "expected", "importance", "spectrum"};

// Tables of run.toml that record a run rather than configure one: skipped when run.toml is a
// --config. Its [config] table holds the options.
const std::set<std::string> kRecordSections{"run", "data", "inputs"};

// Two ways to say one thing: the command line's overrides the config's (a config's preset and
// --data FILE; a config's weight and --perturbation K).
const std::vector<std::pair<std::string, std::string>> kAlternatives{
    {"dataset", "data"}, {"data", "dataset"}, {"weight", "perturbation"}, {"perturbation", "weight"}};

std::string resolve_path(const std::string& value, const std::filesystem::path& base) {
  const std::filesystem::path path(value);
  if (value.empty() || value == "-" || path.is_absolute()) return value;
  return (base / path).lexically_normal().string();
}

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

std::vector<ConfigEntry> read_config_entries(std::string text, const std::string& path) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a UTF-8 byte-order mark (Windows editors)
  if (text.find('\0') != std::string::npos)
    throw InputError(path, 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find('\0')), '\n')),
                     "a NUL byte (not a text file?)");
  std::vector<CLI::ConfigItem> items;
  try {
    std::istringstream parse_stream(text);
    items = CLI::ConfigTOML().from_config(parse_stream);
  } catch (const CLI::Error& error) {
    throw InputError(path + ": not a valid TOML config: " + printable(error.what()));
  }
  // Line numbers for messages: the n-th line that assigns a key, for its n-th item.
  auto line_of = [&](const std::string& key, std::size_t occurrence) -> std::size_t {
    std::istringstream lines(text);
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
      auto start = line.find_first_not_of(" \t");
      if (start != std::string::npos && line.compare(start, key.size(), key) == 0) {
        auto rest = line.find_first_not_of(" \t", start + key.size());
        if (rest != std::string::npos && line[rest] == '=' && occurrence-- == 0) return number;
      }
    }
    return 0;
  };
  std::vector<ConfigEntry> entries;
  std::map<std::string, std::size_t> occurrences;        // raw key -> items so far
  std::map<std::string, std::size_t> first_line;         // section + normalized key -> line
  for (const auto& item : items) {
    if (item.name == "++" || item.name == "--") continue;  // section markers
    const std::size_t line = line_of(item.name, occurrences[item.name]++);
    std::string section;
    for (const auto& parent : item.parents) section += parent + ".";
    // TOML forbids a key twice in a table; CLI11 would keep the first silently.
    const auto [earlier, inserted] = first_line.emplace(section + normalized_key(item.name), line);
    if (!inserted)
      throw InputError(path, line, "key '" + item.name + "' is already set on line " + std::to_string(earlier->second));
    entries.push_back({item, line});
  }
  return entries;
}

void apply_config_file(CLI::App& root, CLI::App& chosen) {
  const CLI::Option* config_option = chosen.get_option_no_throw("--config");
  if (config_option == nullptr || config_option->count() == 0) return;
  const std::string path = config_option->as<std::string>();
  io::require_input_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open for reading");
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> known;
  collect_option_names(root, known);
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  for (const auto& [item, line] : read_config_entries(text.str(), path)) {
    auto line_of = [line = line](const std::string&) { return line; };
    std::vector<std::string> parents = item.parents;
    if (!parents.empty() && kRecordSections.count(parents.front()) > 0) continue;
    if (!parents.empty() && parents.front() == "config") parents.erase(parents.begin());
    if (!parents.empty() && !has_subcommand(root, parents.front()))
      throw InputError(path, line_of(item.name), "unknown section '" + parents.front() + "'");
    const std::string key = normalized_key(item.name);
    if (known.count(key) == 0) throw InputError(path, line_of(item.name), "unknown key '" + item.name + "'");
    if (!parents.empty() && parents.front() != chosen.get_name()) continue;  // another stage's section
    CLI::Option* option = chosen.get_option_no_throw("--" + key);
    if (option == nullptr || option->count() > 0 || !option->get_configurable()) continue;
    bool overridden = false;
    for (const auto& [mine, other] : kAlternatives) {
      const CLI::Option* alternative = chosen.get_option_no_throw("--" + other);
      if (key == mine && alternative != nullptr && alternative->count() > 0) overridden = true;
    }
    if (overridden) continue;
    try {
      for (const auto& input : item.inputs)
        option->add_result(kPathKeys.count(key) > 0 ? resolve_path(input, base) : input);
      option->run_callback();
    } catch (const CLI::Error& error) {
      throw InputError(path, line_of(item.name), "key '" + item.name + "': " + error.what());
    }
  }
}

namespace {

bool bare_toml_value(const std::string& text) {
  if (text == "true" || text == "false") return true;
  double ignored = 0.0;
  return !text.empty() && io::parse_double(text, ignored) && std::isfinite(ignored) && text != "inf" && text != "-inf";
}

std::string toml_value(const std::string& text) {
  return bare_toml_value(text) ? text : stages::toml_string(text);
}

// A captured default of a vector option: "[a,b]" (CLI11's form) -> {a, b}.
std::vector<std::string> default_items(const CLI::Option& option) {
  std::string text = option.get_default_str();
  if (option.get_items_expected_max() <= 1 || text.size() < 2 || text.front() != '[' || text.back() != ']') return {text};
  text = text.substr(1, text.size() - 2);
  std::vector<std::string> items;
  std::size_t start = 0;
  for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
    items.push_back(text.substr(start, comma - start));
  items.push_back(text.substr(start));
  return items;
}

}  // namespace

std::string resolved_config(const CLI::App& chosen) {
  std::string text;
  for (const CLI::Option* option : chosen.get_options()) {
    if (!option->get_configurable() || option->get_lnames().empty()) continue;
    const std::string key = option->get_lnames().front();
    std::vector<std::string> values;
    if (option->get_expected_min() == 0) {  // a flag
      values = {option->count() > 0 ? "true" : "false"};
    } else if (option->count() > 0) {
      values = option->results();
    } else if (!option->get_default_str().empty()) {
      values = default_items(*option);
    } else {
      continue;  // not given, no default: nothing to record
    }
    if (kPathKeys.count(key) > 0)
      for (auto& value : values)
        if (!value.empty() && value != "-") value = std::filesystem::absolute(value).lexically_normal().string();
    text += key + " = ";
    if (option->get_items_expected_max() > 1) {
      text += "[";
      for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + toml_value(values[i]);
      text += "]\n";
    } else {
      text += toml_value(values.empty() ? std::string() : values.back()) + "\n";
    }
  }
  return text;
}

void check_standard_output() {
  std::cout.flush();
  const bool lost = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  const int error = errno;
  if (lost) throw InputError(std::string("standard output: write failed: ") + std::strerror(error));
}

}  // namespace legcnet::cli
