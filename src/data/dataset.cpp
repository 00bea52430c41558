#include "legcnet/data/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/random.hpp"

namespace legcnet::data {

Scaling parse_scaling(const std::string& text) {
  if (text == "standard") return Scaling::standard;
  if (text == "minmax") return Scaling::minmax;
  if (text == "none") return Scaling::none;
  throw InputError("unknown scaling '" + text + "' (expected standard, minmax or none)");
}

std::string to_string(Scaling scaling) {
  switch (scaling) {
    case Scaling::standard: return "standard";
    case Scaling::minmax: return "minmax";
    case Scaling::none: return "none";
  }
  return "none";
}

void scale_features(Dataset& dataset, Scaling scaling) {
  if (scaling == Scaling::none || dataset.train_x.rows() == 0) return;
  const auto n = static_cast<double>(dataset.train_x.rows());
  for (Eigen::Index j = 0; j < dataset.train_x.cols(); ++j) {
    auto column = dataset.train_x.col(j);
    double offset = 0.0, divisor = 1.0;
    if (scaling == Scaling::standard) {
      offset = column.sum() / n;
      const double variance = (column.array() - offset).square().sum() / n;
      if (variance > 0.0) divisor = std::sqrt(variance);
    } else {
      offset = column.minCoeff();
      const double range = column.maxCoeff() - offset;
      if (range > 0.0) divisor = range;
    }
    dataset.train_x.col(j) = (column.array() - offset) / divisor;
    dataset.test_x.col(j) = (dataset.test_x.col(j).array() - offset) / divisor;
  }
}

Dataset split_dataset(LabeledData data, double test_fraction, std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(data.features.rows());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  RandomStream stream(seed, "split");
  stream.shuffle(std::span<std::size_t>(order));
  const auto test_count = static_cast<std::size_t>(std::ceil(test_fraction * static_cast<double>(n) - 1e-9));
  const std::size_t train_count = n - test_count;
  Dataset dataset;
  dataset.feature_names = std::move(data.feature_names);
  dataset.class_names = std::move(data.class_names);
  const auto features = data.features.cols();
  dataset.train_x.resize(static_cast<Eigen::Index>(train_count), features);
  dataset.test_x.resize(static_cast<Eigen::Index>(test_count), features);
  for (std::size_t i = 0; i < n; ++i) {
    const auto source = static_cast<Eigen::Index>(order[i]);
    if (i < train_count) {
      dataset.train_x.row(static_cast<Eigen::Index>(i)) = data.features.row(source);
      dataset.train_y.push_back(data.labels[order[i]]);
    } else {
      dataset.test_x.row(static_cast<Eigen::Index>(i - train_count)) = data.features.row(source);
      dataset.test_y.push_back(data.labels[order[i]]);
    }
  }
  return dataset;
}

namespace {

bool all_numeric(const std::vector<std::string>& values) {
  double ignored = 0.0;
  return std::all_of(values.begin(), values.end(),
                     [&](const std::string& v) { return io::parse_double(v, ignored); });
}

// Class order: numeric labels by value, text labels alphabetically (as scikit-learn's encoders).
std::vector<std::string> ordered_classes(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  if (all_numeric(labels)) {
    std::stable_sort(labels.begin(), labels.end(), [](const std::string& a, const std::string& b) {
      double x = 0, y = 0;
      io::parse_double(a, x);
      io::parse_double(b, y);
      return x < y;
    });
  }
  return labels;
}

}  // namespace

LabeledData load_csv_dataset(const std::string& path, const CsvDatasetOptions& options) {
  io::CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty dataset: no lines");
  const std::size_t width = fields.size();
  const int label_first = options.label_column < 0 ? static_cast<int>(width) - options.one_hot_width
                                                   : options.label_column;
  if (label_first < 0 || label_first + options.one_hot_width > static_cast<int>(width))
    throw InputError(path, reader.line(), "label column " + std::to_string(label_first + 1) +
                                              " is outside the " + std::to_string(width) + " columns");
  auto is_label = [&](std::size_t c) {
    return static_cast<int>(c) >= label_first && static_cast<int>(c) < label_first + options.one_hot_width;
  };
  auto is_dropped = [&](std::size_t c) {
    return std::find(options.drop_columns.begin(), options.drop_columns.end(), static_cast<int>(c)) !=
           options.drop_columns.end();
  };
  std::vector<std::size_t> feature_columns;
  for (std::size_t c = 0; c < width; ++c)
    if (!is_label(c) && !is_dropped(c)) feature_columns.push_back(c);

  LabeledData data;
  bool header = false;
  for (std::size_t c : feature_columns) {
    double ignored = 0.0;
    if (!io::parse_double(fields[c], ignored)) header = true;
  }
  if (header) {
    for (std::size_t c : feature_columns) data.feature_names.push_back(fields[c]);
  } else {
    for (std::size_t c : feature_columns) data.feature_names.push_back("x" + std::to_string(c));
  }

  std::vector<double> cells;
  std::vector<std::string> raw_labels;
  std::vector<std::size_t> label_lines;
  bool have_row = !header;
  do {
    if (!have_row) {
      have_row = true;
      continue;
    }
    if (fields.size() != width)
      throw InputError(path, reader.line(),
                       "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
    for (std::size_t c : feature_columns) cells.push_back(reader.number(fields, c));
    if (options.one_hot_width == 1) {
      raw_labels.push_back(fields[static_cast<std::size_t>(label_first)]);
    } else {
      int hot = -1;
      for (int k = 0; k < options.one_hot_width; ++k) {
        const double value = reader.number(fields, static_cast<std::size_t>(label_first + k));
        if (value == 1.0 && hot < 0) {
          hot = k;
        } else if (value != 0.0) {
          throw InputError(path, reader.line(), static_cast<std::size_t>(label_first + k + 1),
                           "one-hot label is not a single 1 among 0s");
        }
      }
      if (hot < 0) throw InputError(path, reader.line(), "one-hot label has no 1");
      raw_labels.push_back(std::to_string(hot));
    }
    label_lines.push_back(reader.line());
  } while (reader.next(fields));
  if (raw_labels.empty()) throw InputError(path, reader.line() + 1, "empty dataset: no data rows");

  data.class_names = options.expected_classes.empty() ? ordered_classes(raw_labels) : options.expected_classes;
  std::map<std::string, int> class_index;
  for (std::size_t k = 0; k < data.class_names.size(); ++k) class_index[data.class_names[k]] = static_cast<int>(k);
  for (std::size_t i = 0; i < raw_labels.size(); ++i) {
    auto found = class_index.find(raw_labels[i]);
    if (found == class_index.end())
      throw InputError(path, label_lines[i], static_cast<std::size_t>(label_first + 1),
                       "unknown label '" + raw_labels[i] + "'");
    data.labels.push_back(found->second);
  }
  const auto rows = static_cast<Eigen::Index>(raw_labels.size());
  data.features = Eigen::Map<FeatureMatrix>(cells.data(), rows, static_cast<Eigen::Index>(feature_columns.size()));
  return data;
}

}  // namespace legcnet::data
