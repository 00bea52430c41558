#include "legcnet/data/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"
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
  const Eigen::Index features = dataset.train_x.cols();
  dataset.scaler.kind = scaling;
  dataset.scaler.shift.assign(static_cast<std::size_t>(features), 0.0);
  dataset.scaler.scale.assign(static_cast<std::size_t>(features), 1.0);
  if (scaling == Scaling::none || dataset.train_x.rows() == 0) return;
  const auto n = static_cast<double>(dataset.train_x.rows());
  for (Eigen::Index j = 0; j < features; ++j) {
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
    for (FeatureMatrix* x : {&dataset.train_x, &dataset.validation_x, &dataset.test_x})
      if (x->rows() > 0) x->col(j) = (x->col(j).array() - offset) / divisor;
    dataset.scaler.shift[static_cast<std::size_t>(j)] = offset;
    dataset.scaler.scale[static_cast<std::size_t>(j)] = divisor;
  }
}

Dataset split_dataset(LabeledData data, double test_fraction, std::uint64_t seed, std::size_t file) {
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
  dataset.layout = std::move(data.layout);
  dataset.warnings = std::move(data.warnings);
  const auto features = data.features.cols();
  dataset.train_x.resize(static_cast<Eigen::Index>(train_count), features);
  dataset.test_x.resize(static_cast<Eigen::Index>(test_count), features);
  dataset.validation_x.resize(0, features);
  for (std::size_t i = 0; i < n; ++i) {
    const auto source = static_cast<Eigen::Index>(order[i]);
    const SampleSource where{file, data.rows.empty() ? order[i] : data.rows[order[i]]};
    if (i < train_count) {
      dataset.train_x.row(static_cast<Eigen::Index>(i)) = data.features.row(source);
      dataset.train_y.push_back(data.labels[order[i]]);
      dataset.train_sources.push_back(where);
    } else {
      dataset.test_x.row(static_cast<Eigen::Index>(i - train_count)) = data.features.row(source);
      dataset.test_y.push_back(data.labels[order[i]]);
      dataset.test_sources.push_back(where);
    }
  }
  return dataset;
}

void hold_out_validation(Dataset& dataset, double fraction, std::uint64_t seed) {
  if (fraction == 0.0) return;
  const auto n = static_cast<std::size_t>(dataset.train_x.rows());
  const auto count = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(n) - 1e-9));
  if (count == 0) return;
  if (count >= n)
    throw InputError("--val-fraction " + io::format_double(fraction) + " leaves no training sample (" +
                     std::to_string(n) + " in the training split)");
  // A partial Fisher-Yates shuffle from the front draws the validation samples.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  RandomStream stream(seed, "validation");
  for (std::size_t i = 0; i < count; ++i) std::swap(order[i], order[i + static_cast<std::size_t>(stream.below(n - i))]);
  std::vector<bool> held(n, false);
  for (std::size_t i = 0; i < count; ++i) held[order[i]] = true;
  const auto features = dataset.train_x.cols();
  FeatureMatrix train(static_cast<Eigen::Index>(n - count), features), validation(static_cast<Eigen::Index>(count), features);
  std::vector<int> train_y, validation_y;
  std::vector<SampleSource> train_sources, validation_sources;
  for (std::size_t i = 0; i < count; ++i) {
    validation.row(static_cast<Eigen::Index>(i)) = dataset.train_x.row(static_cast<Eigen::Index>(order[i]));
    validation_y.push_back(dataset.train_y[order[i]]);
    validation_sources.push_back(dataset.train_sources[order[i]]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (held[i]) continue;
    train.row(static_cast<Eigen::Index>(train_y.size())) = dataset.train_x.row(static_cast<Eigen::Index>(i));
    train_y.push_back(dataset.train_y[i]);
    train_sources.push_back(dataset.train_sources[i]);
  }
  dataset.train_x = std::move(train);
  dataset.train_y = std::move(train_y);
  dataset.train_sources = std::move(train_sources);
  dataset.validation_x = std::move(validation);
  dataset.validation_y = std::move(validation_y);
  dataset.validation_sources = std::move(validation_sources);
}

}  // namespace legcnet::data
