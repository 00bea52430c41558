#pragma once
// A labelled dataset split into training and test parts; features are rows of samples.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace legcnet::data {

// Samples x features, row-major so that one sample is contiguous.
using FeatureMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct LabeledData {
  FeatureMatrix features;
  std::vector<int> labels;  // 0 .. class_names.size()-1
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
};

struct Dataset {
  std::string name;
  FeatureMatrix train_x, test_x;
  std::vector<int> train_y, test_y;
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  std::vector<std::string> source_files;
  std::vector<std::string> source_sha256;  // one per source file

  int num_features() const { return static_cast<int>(train_x.cols()); }
  int num_classes() const { return static_cast<int>(class_names.size()); }
};

enum class Scaling { standard, minmax, none };
Scaling parse_scaling(const std::string& text);  // throws InputError on an unknown name
std::string to_string(Scaling scaling);

// Fits the scaler on the training split only and applies it to both splits. Standard scaling
// uses the population standard deviation (as scikit-learn); a constant feature is only centred.
void scale_features(Dataset& dataset, Scaling scaling);

// Shuffles with a stream of `seed` and puts ceil(test_fraction * n) samples in the test split.
Dataset split_dataset(LabeledData data, double test_fraction, std::uint64_t seed);

// Generic numeric CSV: label in column `label_column` (0-based; -1 = last), or one-hot over
// columns [label_column, label_column + one_hot_width). A header is detected when the first line
// has a non-numeric feature cell. Labels are ordered numerically if all are numbers, else by text.
struct CsvDatasetOptions {
  int label_column = -1;
  int one_hot_width = 1;
  std::vector<int> drop_columns;             // e.g. an id column
  std::vector<std::string> expected_classes;  // when set, any other label is an error
};
LabeledData load_csv_dataset(const std::string& path, const CsvDatasetOptions& options);

}  // namespace legcnet::data
