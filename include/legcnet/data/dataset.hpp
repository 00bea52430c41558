#pragma once
// A labelled dataset split into training, validation and test parts; features are rows of samples.
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace legcnet::data {

// Samples x features, row-major so that one sample is contiguous.
using FeatureMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Where a sample came from: `file` indexes Dataset::source_files, `row` is its 0-based data row
// there (header and blank lines not counted; for IDX files, the image index).
struct SampleSource {
  std::size_t file = 0;
  std::size_t row = 0;
};

// How a CSV was read, for the record (run.toml [data]) and the load summary.
struct CsvLayout {
  char delimiter = ',';
  bool header = false;
  std::string header_reason;           // why auto detection took line 1 for a header (or not)
  std::vector<int> feature_columns;    // 0-based columns of the file, in feature order
  int label_column = 0;                // 0-based first column of the label
  int one_hot_width = 1;
};

struct LabeledData {
  FeatureMatrix features;
  std::vector<int> labels;  // 0 .. class_names.size()-1
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  std::vector<std::size_t> rows;       // each sample's 0-based data row in its file (empty: 0, 1, ...)
  std::optional<CsvLayout> layout;     // set by load_csv_dataset
  std::vector<std::string> warnings;   // for the stage to log (e.g. a column that looks like an index)
};

enum class Scaling { standard, minmax, none };
Scaling parse_scaling(const std::string& text);  // throws InputError on an unknown name
std::string to_string(Scaling scaling);

// What scaling did to feature j: scaled = (x - shift[j]) / scale[j], exactly as computed.
struct FeatureScaler {
  Scaling kind = Scaling::none;
  std::vector<double> shift, scale;
};

struct Dataset {
  std::string name;
  FeatureMatrix train_x, validation_x, test_x;
  std::vector<int> train_y, validation_y, test_y;
  std::vector<SampleSource> train_sources, validation_sources, test_sources;  // one per row, same order
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
  std::vector<std::string> source_files;
  std::vector<std::string> source_sha256;  // one per source file
  FeatureScaler scaler;                    // identity until scale_features runs
  std::optional<CsvLayout> layout;         // datasets read from one CSV
  std::vector<std::string> warnings;

  int num_features() const { return static_cast<int>(train_x.cols()); }
  int num_classes() const { return static_cast<int>(class_names.size()); }
  bool has_validation() const { return validation_x.rows() > 0; }
};

// Fits the scaler on the training split only and applies it to every split; records it in
// dataset.scaler. Standard scaling uses the population standard deviation (as scikit-learn);
// a constant feature is only centred (minmax: only shifted to 0).
void scale_features(Dataset& dataset, Scaling scaling);

// Shuffles with the "split" stream of `seed` and puts ceil(test_fraction * n) samples in the
// test split. The samples' sources name file `file` (their rows from data.rows).
Dataset split_dataset(LabeledData data, double test_fraction, std::uint64_t seed, std::size_t file = 0);

// Holds out ceil(fraction * training samples) of the training split as the validation split,
// drawn by the "validation" stream of `seed` (the rest keep their order). Call before scaling,
// so that the scaler sees the remaining training samples only. fraction 0 does nothing.
void hold_out_validation(Dataset& dataset, double fraction, std::uint64_t seed);

// Generic numeric CSV. Column numbers are 0-based everywhere, options and messages alike.
enum class HeaderMode { automatic, yes, no };
HeaderMode parse_header_mode(const std::string& text);  // auto | yes | no

struct CsvDatasetOptions {
  int label_column = -1;                      // -1 = last
  int one_hot_width = 1;                      // >1: the label is one-hot over that many columns
  std::vector<int> drop_columns;              // e.g. an id column
  std::vector<std::string> expected_classes;  // when set, any other label is an error
  HeaderMode header = HeaderMode::automatic;
  char delimiter = 0;                         // 0: ',' and refuse a file that looks ';' or tab separated
  int max_classes = 100;                      // more distinct labels than this (or than half the samples): refused
};

// Reads the CSV, refusing what would otherwise train silently on garbage: a non-finite cell
// (nan, inf, overflow), a label column that looks like a feature (too many classes), a file
// with another separator. With HeaderMode::automatic, line 1 is a header when one of its cells,
// the label included, is not a number where the rows below hold numbers, or when its feature
// cells are 0, 1, 2, ... (pandas' default column names). Labels are ordered numerically if all
// are numbers, else by text.
LabeledData load_csv_dataset(const std::string& path, const CsvDatasetOptions& options);

}  // namespace legcnet::data
