#include "legcnet/stages/export.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/npz.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/stages/common.hpp"
#include "legcnet/stages/provenance.hpp"

namespace legcnet::stages {
namespace {

// One value of a record table, or an InputError naming the record and the key.
const std::vector<std::string>& record_value(const std::map<std::string, std::vector<std::string>>& table,
                                             const std::string& key, const std::string& record) {
  auto found = table.find(key);
  if (found == table.end() || found->second.empty())
    throw InputError(record + ": no '" + key + "' (a run.toml of legcnet " LEGCNET_VERSION " or later is needed)");
  return found->second;
}

std::vector<long long> integers_of(const std::vector<std::string>& texts, const std::string& record, const std::string& key) {
  std::vector<long long> values;
  for (const auto& text : texts) {
    long long value = 0;
    if (!io::parse_int64(text, value)) throw InputError(record + ": '" + key + "' holds '" + text + "', not an integer");
    values.push_back(value);
  }
  return values;
}

}  // namespace

void export_run(const ExportOptions& options) {
  if (options.run.empty()) throw InputError("--run DIR (a training run's directory) is required");
  if (options.out.empty()) throw InputError("--out FILE.npz is required");
  const std::filesystem::path run(options.run);
  const std::string record = (run / "run.toml").string();
  if (!std::filesystem::is_regular_file(record)) throw InputError(record + ": no such file (is " + options.run + " a run directory?)");
  const std::string model_path = options.model.empty() ? (run / "model.csv").string() : options.model;
  const std::string scaler_path = (run / "scaler.csv").string();

  // The mask: the one given, else the one the run was retrained with (its [config] mask), if any.
  const auto config = read_record_table(record, "config");
  std::string mask_path = options.mask;
  if (mask_path.empty()) {
    auto found = config.find("mask");
    if (found != config.end() && !found->second.empty() && !found->second.front().empty()) {
      mask_path = found->second.front();
      if (!std::filesystem::is_regular_file(mask_path))
        throw InputError(record + " names the mask " + mask_path + ", which no longer exists; give --mask FILE");
    }
  }
  std::vector<std::string> inputs{model_path, scaler_path};
  if (!mask_path.empty()) inputs.push_back(mask_path);
  const ProvenanceCheck check = check_provenance(inputs, options.force);
  for (const auto& line : check.forced) spdlog::warn("export: --force: {}", line);

  nn::Mlp net = network_from_parameters(model_path);
  const nn::Mask mask = mask_path.empty() ? nn::Mask::keep_all(net) : nn::read_mask(mask_path, net);
  const auto data = read_record_table(record, "data");
  const auto& features = record_value(data, "features", record);
  const auto& classes = record_value(data, "classes", record);
  if (static_cast<int>(features.size()) != net.architecture().layer_sizes.front())
    throw InputError(record + " lists " + std::to_string(features.size()) + " features, but " + model_path + " has " +
                     std::to_string(net.architecture().layer_sizes.front()) + " inputs");

  // scaler.csv, in the features' order.
  io::CsvReader reader(scaler_path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(scaler_path, 1, "empty file: no header line");
  const auto c_feature = io::header_column(header, "feature", scaler_path), c_shift = io::header_column(header, "shift", scaler_path),
             c_scale = io::header_column(header, "scale", scaler_path);
  std::vector<double> shift, scale;
  while (reader.next(fields)) {
    if (fields.size() != header.size()) throw InputError(scaler_path, reader.line(), "wrong field count");
    if (shift.size() >= features.size() || fields[c_feature] != features[shift.size()])
      throw InputError(scaler_path, reader.line(), "feature '" + fields[c_feature] + "' is not the run's next feature");
    shift.push_back(reader.number(fields, c_shift));
    scale.push_back(reader.number(fields, c_scale));
  }
  if (shift.size() != features.size())
    throw InputError(scaler_path + ": " + std::to_string(shift.size()) + " features, the run has " + std::to_string(features.size()));

  std::vector<std::pair<std::string, io::NpyArray>> arrays;
  const auto factors = mask.layer_factors(net);
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    const std::string layer = std::to_string(l + 1);
    arrays.emplace_back("W" + layer, io::npy_float64(net.weights[l]));
    arrays.emplace_back("b" + layer, io::npy_float64(std::vector<double>(net.biases[l].data(), net.biases[l].data() + net.biases[l].size())));
    arrays.emplace_back("mask" + layer, io::npy_uint8(factors[l]));
  }
  arrays.emplace_back("scaler_shift", io::npy_float64(shift));
  arrays.emplace_back("scaler_scale", io::npy_float64(scale));
  arrays.emplace_back("feature_names", io::npy_unicode(features));
  arrays.emplace_back("class_names", io::npy_unicode(classes));
  // 0-based columns of the data file (legcnet's generic CSV loader and the presets record them).
  auto columns = data.find("feature_columns");
  if (columns != data.end())
    arrays.emplace_back("feature_columns", io::npy_int64(integers_of(columns->second, record, "feature_columns")));
  auto label = data.find("label_column");
  if (label != data.end())
    arrays.emplace_back("label_column", io::npy_int64(integers_of(label->second, record, "label_column").front()));
  arrays.emplace_back("activation", io::npy_unicode(record_value(config, "activation", record).front()));
  arrays.emplace_back("output", io::npy_unicode(record_value(config, "output", record).front()));

  io::AtomicFile out(options.out);
  io::write_npz(out.stream(), arrays);
  out.commit();
  spdlog::info("export: {} layers, {} of {} weights kept, {} features, {} classes -> {}", net.weights.size(), mask.kept(),
               mask.keep.size(), features.size(), classes.size(), options.out);
}

}  // namespace legcnet::stages
