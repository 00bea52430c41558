#include "legcnet/stages/common.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "legcnet/error.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/nn/perturbation.hpp"

namespace legcnet::stages {

namespace {

char parse_delimiter(const std::string& text) {
  if (text.empty()) return 0;
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  throw InputError("--delimiter must be one character or 'tab', not '" + text + "'");
}

// "a, b, c" for a few names; the first and last few for many.
std::string name_list(const std::vector<std::string>& names) {
  std::string text;
  const std::size_t shown = names.size() <= 16 ? names.size() : 5;
  for (std::size_t i = 0; i < shown; ++i) text += (i ? ", " : "") + names[i];
  if (shown < names.size()) text += ", ..., " + names[names.size() - 2] + ", " + names.back();
  return text;
}

}  // namespace

data::Dataset load_dataset(const DataOptions& options, std::uint64_t seed) {
  const std::uint64_t split_seed = options.split_seed >= 0 ? static_cast<std::uint64_t>(options.split_seed) : seed;
  if (!(options.test_fraction > 0.0 && options.test_fraction < 1.0))
    throw InputError("--test-fraction must lie in (0, 1)");
  if (!(options.val_fraction >= 0.0 && options.val_fraction < 1.0)) throw InputError("--val-fraction must lie in [0, 1)");
  std::optional<data::Scaling> scaling;
  if (!options.scaling.empty()) scaling = data::parse_scaling(options.scaling);
  data::Dataset dataset;
  if (!options.data_file.empty()) {
    if (!options.dataset.empty())
      throw InputError("give --dataset NAME or --data FILE, not both (--data " + options.data_file + ", --dataset " +
                       options.dataset + ")");
    data::CsvDatasetOptions csv;
    csv.label_column = options.label_column;
    csv.one_hot_width = options.one_hot_width;
    csv.header = data::parse_header_mode(options.header);
    csv.delimiter = parse_delimiter(options.delimiter);
    csv.max_classes = options.max_classes;
    csv.drop_columns = options.drop_columns;
    dataset = data::split_dataset(data::load_csv_dataset(options.data_file, csv), options.test_fraction, split_seed);
    dataset.name = std::filesystem::path(options.data_file).stem().string();
    dataset.source_files.push_back(options.data_file);
    dataset.source_sha256.push_back(io::sha256_file(options.data_file));
    if (dataset.train_x.rows() == 0 || dataset.test_x.rows() == 0)
      throw InputError(options.data_file + ": too few rows for a training and a test split");
    data::hold_out_validation(dataset, options.val_fraction, split_seed);
    data::scale_features(dataset, scaling.value_or(data::Scaling::standard));
  } else {
    if (options.dataset.empty()) throw InputError("no dataset: give --dataset NAME or --data FILE");
    data::PresetRequest request;
    request.name = options.dataset;
    for (const auto& dir : options.data_dirs) request.search_dirs.emplace_back(dir);
    request.split_seed = split_seed;
    request.test_fraction = options.test_fraction;
    request.validation_fraction = options.val_fraction;
    request.scaling = scaling;
    if (options.train_limit > 0) request.train_limit = static_cast<std::size_t>(options.train_limit);
    dataset = data::load_preset(request);
    // A tiny --test-fraction rounds a preset's test split to nothing: no accuracy could be measured.
    if (dataset.train_x.rows() == 0 || dataset.test_x.rows() == 0)
      throw InputError("--dataset " + options.dataset + ": --test-fraction " + io::format_double(options.test_fraction) +
                       " leaves " + std::to_string(dataset.train_x.rows()) + " training and " +
                       std::to_string(dataset.test_x.rows()) + " test samples; both splits need at least one");
  }
  for (const auto& warning : dataset.warnings) spdlog::warn("{}", warning);
  spdlog::info("{}", load_summary(dataset));
  return dataset;
}

std::string load_summary(const data::Dataset& dataset) {
  std::vector<std::size_t> counts(dataset.class_names.size(), 0);
  for (const auto* labels : {&dataset.train_y, &dataset.validation_y, &dataset.test_y})
    for (int label : *labels) ++counts[static_cast<std::size_t>(label)];
  std::vector<std::string> classes;
  for (std::size_t k = 0; k < counts.size(); ++k)
    classes.push_back(dataset.class_names[k] + " (" + std::to_string(counts[k]) + ")");
  std::string files;
  for (const auto& file : dataset.source_files) files += (files.empty() ? "" : ", ") + file;
  std::string text = "data: " + files;
  if (dataset.layout) {
    const auto& layout = *dataset.layout;
    text += std::string(" (header: ") + (layout.header ? "yes, " : "no, ") + layout.header_reason + "; label column " +
            std::to_string(layout.label_column) + ")";
  }
  text += ": " + std::to_string(dataset.train_x.rows()) + " train, " + std::to_string(dataset.validation_x.rows()) +
          " validation, " + std::to_string(dataset.test_x.rows()) + " test samples; " +
          std::to_string(dataset.feature_names.size()) + " features (" + name_list(dataset.feature_names) + "); " +
          std::to_string(classes.size()) + " classes: " + name_list(classes) + "; scaling " +
          data::to_string(dataset.scaler.kind);
  return text;
}

std::string choose_perturbed_weight(const nn::Mlp& net, const data::Dataset& dataset, std::uint64_t seed,
                                    const PerturbationOptions& options) {
  const auto names = net.weight_names();
  if (options.weight.empty()) return names[nn::perturbed_weight(net, dataset, seed, options.perturbation)];
  if (options.perturbation != 0)
    spdlog::warn("--weight {} overrides --perturbation {}", options.weight, options.perturbation);
  int layer = 0, row = 0, column = 0;
  net.locate_weight(options.weight, layer, row, column);
  if (layer == 0 && nn::constant_feature(dataset.train_x, column)) {
    const std::string default_weight = names[nn::perturbed_weight(net, dataset, seed, 0)];
    throw InputError("--weight " + options.weight + " multiplies feature " + std::to_string(column) + " (" +
                     dataset.feature_names[static_cast<std::size_t>(column)] +
                     "), which is constant over the training split: its perturbation cannot change the run; choose "
                     "another weight (the default, --perturbation 0, is " + default_weight + ")");
  }
  return options.weight;
}

nn::Mlp build_network(const data::Dataset& dataset, const NetworkOptions& options) {
  nn::Architecture architecture;
  architecture.layer_sizes.push_back(dataset.num_features());
  for (int units : options.hidden) {
    if (units < 1) throw InputError("--hidden: every layer needs at least one unit");
    architecture.layer_sizes.push_back(units);
  }
  architecture.layer_sizes.push_back(nn::output_units_for(dataset.num_classes()));
  architecture.hidden = nn::parse_activation(options.activation);
  architecture.output = nn::parse_output_activation(options.output);
  architecture.loss = nn::parse_loss(options.loss);
  return nn::Mlp(architecture);
}

RunModel load_run_model(const DataOptions& data, const NetworkOptions& network, std::uint64_t seed, const std::string& model,
                        const std::vector<std::string>& other_inputs, bool force) {
  data::Dataset dataset = load_dataset(data, seed);
  nn::Mlp net = build_network(dataset, network);
  const RunIdentity own = run_identity(dataset, seed, net);
  std::vector<std::string> inputs{model};
  inputs.insert(inputs.end(), other_inputs.begin(), other_inputs.end());
  ProvenanceCheck check = check_provenance(inputs, force, &own);
  const auto parameters = io::read_named_values(model);
  net.set_parameters(parameters.names, parameters.values, model);
  return {std::move(dataset), std::move(net), std::move(check)};
}

nn::Mlp network_from_parameters(const std::string& path) {
  const auto table = io::read_named_values(path);
  std::vector<std::string> weight_names;
  for (const auto& name : table.names)
    if (!name.empty() && name[0] == 'w') weight_names.push_back(name);
  nn::Mlp net(nn::Architecture{nn::layer_sizes_from_weight_names(weight_names, path)});
  net.set_parameters(table.names, table.values, path);
  return net;
}

std::size_t block_columns(std::size_t requested, std::size_t rows) {
  if (requested > 0) return requested;
  const std::size_t budget = std::size_t{256} << 20;
  return std::max<std::size_t>(1, budget / ((rows > 0 ? rows : std::size_t{16384}) * sizeof(double)));
}

ProgressMeter::ProgressMeter(std::string what, std::string unit, long long total)
    : what_(std::move(what)), unit_(std::move(unit)), total_(total),
      start_(std::chrono::steady_clock::now()), last_report_(start_) {}

void ProgressMeter::advance(long long done) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_report_ < std::chrono::seconds(2)) return;
  last_report_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  spdlog::info("{}: {}/{} {} ({:.0f}%), {:.0f} {}/s, ETA {:.0f} s", what_, done, total_, unit_,
               total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate, unit_, eta);
}

void ProgressMeter::finish() { finish(total_); }

void ProgressMeter::finish(long long done) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  spdlog::info("{}: {} {} in {:.2f} s ({:.0f} {}/s)", what_, done, unit_, elapsed,
               elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0, unit_);
}

}  // namespace legcnet::stages
