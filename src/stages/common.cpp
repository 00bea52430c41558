#include "legcnet/stages/common.hpp"

#include <spdlog/spdlog.h>

#include "legcnet/error.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/sha256.hpp"

namespace legcnet::stages {

data::Dataset load_dataset(const DataOptions& options, std::uint64_t seed) {
  const std::uint64_t split_seed = options.split_seed >= 0 ? static_cast<std::uint64_t>(options.split_seed) : seed;
  if (options.test_fraction <= 0.0 || options.test_fraction >= 1.0)
    throw InputError("--test-fraction must lie in (0, 1)");
  std::optional<data::Scaling> scaling;
  if (!options.scaling.empty()) scaling = data::parse_scaling(options.scaling);
  if (!options.data_file.empty()) {
    data::CsvDatasetOptions csv;
    csv.label_column = options.label_column;
    csv.one_hot_width = options.one_hot_width;
    data::Dataset dataset =
        data::split_dataset(data::load_csv_dataset(options.data_file, csv), options.test_fraction, split_seed);
    dataset.name = options.data_file;
    dataset.source_files.push_back(options.data_file);
    dataset.source_sha256.push_back(io::sha256_file(options.data_file));
    if (dataset.train_x.rows() == 0 || dataset.test_x.rows() == 0)
      throw InputError(options.data_file + ": too few rows for a training and a test split");
    data::scale_features(dataset, scaling.value_or(data::Scaling::standard));
    return dataset;
  }
  if (options.dataset.empty()) throw InputError("no dataset: give --dataset NAME or --data FILE");
  data::PresetRequest request;
  request.name = options.dataset;
  for (const auto& dir : options.data_dirs) request.search_dirs.emplace_back(dir);
  request.split_seed = split_seed;
  request.test_fraction = options.test_fraction;
  request.scaling = scaling;
  if (options.train_limit > 0) request.train_limit = static_cast<std::size_t>(options.train_limit);
  return data::load_preset(request);
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

nn::Mlp network_from_parameters(const std::string& path) {
  const auto table = io::read_named_values(path);
  std::vector<std::string> weight_names;
  for (const auto& name : table.names)
    if (!name.empty() && name[0] == 'w') weight_names.push_back(name);
  nn::Mlp net(nn::Architecture{nn::layer_sizes_from_weight_names(weight_names, path)});
  net.set_parameters(table.names, table.values, path);
  return net;
}

std::string toml_string(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

namespace {
std::string toml_array(const std::vector<std::string>& items) {
  std::string text = "[";
  for (std::size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + toml_string(items[i]);
  return text + "]";
}
}  // namespace

std::string run_record(const Provenance& provenance, std::uint64_t seed, const data::Dataset* dataset) {
  std::string text = "# How this directory's files were made; rerun with the [config] keys.\n[run]\n";
  text += "stage = " + toml_string(provenance.stage) + "\n";
  text += "tool_version = " + toml_string(LEGCNET_VERSION) + "\n";
  text += "seed = " + std::to_string(seed) + "\n";
  if (dataset != nullptr) {
    text += "dataset = " + toml_string(dataset->name) + "\n";
    text += "dataset_files = " + toml_array(dataset->source_files) + "\n";
    text += "dataset_sha256 = " + toml_array(dataset->source_sha256) + "\n";
    text += "train_samples = " + std::to_string(dataset->train_x.rows()) + "\n";
    text += "test_samples = " + std::to_string(dataset->test_x.rows()) + "\n";
  }
  text += "\n[config]\n" + provenance.resolved_config;
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
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
