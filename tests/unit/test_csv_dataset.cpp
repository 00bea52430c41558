// The generic CSV loader refuses or reports, never guesses silently (issue 11.1), on real pandas
// exports (tests/reference/pandas, made by make_pandas_exports.py) and on small files.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "legcnet/data/dataset.hpp"
#include "legcnet/error.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

std::string pandas(const std::string& name) {
  return (testkit::source_dir() / "tests" / "reference" / "pandas" / name).string();
}

data::LabeledData load(const std::string& path, data::CsvDatasetOptions options = {}) {
  return data::load_csv_dataset(path, options);
}

// The message of the InputError that loading throws ("" when it loads).
std::string refusal(const std::string& path, data::CsvDatasetOptions options = {}) {
  try {
    data::load_csv_dataset(path, options);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

const std::vector<std::string> kWineNames{"alcohol",       "malic_acid",      "ash",          "alcalinity_of_ash",
                                          "magnesium",     "total_phenols",   "flavanoids",   "nonflavanoid_phenols",
                                          "proanthocyanins", "color_intensity", "hue",
                                          "od280/od315_of_diluted_wines", "proline"};

}  // namespace

TEST(CsvDataset, NamedPandasExportReadsWithItsHeader) {
  const auto data = load(pandas("wine_named.csv"));
  EXPECT_EQ(data.features.rows(), 60);
  EXPECT_EQ(data.feature_names, kWineNames);
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"0", "1", "2"}));
  ASSERT_TRUE(data.layout);
  EXPECT_TRUE(data.layout->header);
  EXPECT_EQ(data.layout->label_column, 13);
  EXPECT_DOUBLE_EQ(data.features(0, 0), 14.23);
  EXPECT_DOUBLE_EQ(data.features(59, 12), 560.0);  // the last row's proline (wine row 177)
  EXPECT_TRUE(data.warnings.empty());
  EXPECT_EQ(data.rows.front(), 0u);
  EXPECT_EQ(data.rows.back(), 59u);
}

// pandas' header 0,1,...,12,label was read as a data row (a 4th class "label", one sample more).
TEST(CsvDataset, PandasDefaultHeadersAreHeaders) {
  for (const char* file : {"wine_default_header.csv", "wine_numeric_header.csv"}) {
    SCOPED_TRACE(file);
    const auto data = load(pandas(file));
    EXPECT_EQ(data.features.rows(), 60);
    EXPECT_EQ(data.class_names.size(), 3u);
    EXPECT_TRUE(data.layout->header);
    EXPECT_EQ(data.feature_names.front(), "0");
    EXPECT_DOUBLE_EQ(data.features(0, 0), 14.23);
  }
  EXPECT_NE(load(pandas("wine_default_header.csv")).layout->header_reason.find("'label' in column 13"), std::string::npos);
  EXPECT_NE(load(pandas("wine_numeric_header.csv")).layout->header_reason.find("pandas"), std::string::npos);
  // --header no takes line 1 for data: "label" is then no number in a numeric... label column, a class.
  data::CsvDatasetOptions no_header;
  no_header.header = data::HeaderMode::no;
  EXPECT_EQ(refusal(pandas("wine_numeric_header.csv"), no_header), "");
  EXPECT_EQ(load(pandas("wine_numeric_header.csv"), no_header).features.rows(), 61);
}

TEST(CsvDataset, HeaderDetectionLooksAtTheLabelToo) {
  testkit::TempDir dir;
  // Text labels without a header: line 1 is data.
  testkit::write_file(dir / "a.csv", "1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,10,x\n");
  auto data = load((dir / "a.csv").string());
  EXPECT_FALSE(data.layout->header);
  EXPECT_EQ(data.features.rows(), 5);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"x0", "x1"}));
  // Numeric feature names with a text label name over numeric labels: a header.
  testkit::write_file(dir / "b.csv", "10,20,species\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
  data = load((dir / "b.csv").string());
  EXPECT_TRUE(data.layout->header);
  EXPECT_EQ(data.features.rows(), 4);
  // --header yes: numeric names taken as names.
  data::CsvDatasetOptions yes;
  yes.header = data::HeaderMode::yes;
  data = load((dir / "a.csv").string(), yes);
  EXPECT_EQ(data.features.rows(), 4);
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"1", "2"}));
}

// A nan cell trained to a model whose every weight was nan; inf and 1e400 likewise.
TEST(CsvDataset, NonFiniteCellsAreRefusedWithFileLineAndColumn) {
  EXPECT_EQ(refusal(pandas("wine_nan.csv")),
            pandas("wine_nan.csv") + ":9: column 4 ('magnesium'): 'nan' is not a finite number (a missing value?); "
                                     "every cell must hold one");
  testkit::TempDir dir;
  const std::string path = (dir / "d.csv").string();
  testkit::write_file(path, "a,b,label\n1,2,0\n3,inf,1\n5,6,0\n7,8,1\n");
  EXPECT_EQ(refusal(path), path + ":3: column 1 ('b'): 'inf' is not a finite number (a missing value?); every cell must hold one");
  testkit::write_file(path, "a,b,label\n1,2,0\n3,4,1\n-1e400,6,0\n7,8,1\n");
  EXPECT_EQ(refusal(path), path + ":4: column 0 ('a'): '-1e400' overflows a double");
  testkit::write_file(path, "a,b,label\n1,2,0\n3,4,1\n5,,0\n7,8,1\n");
  EXPECT_EQ(refusal(path), path + ":4: column 1 ('b'): empty cell (a missing value?); every cell must hold a number");
  testkit::write_file(path, "1,2,0\n3,4,1\n5,NaN,0\n7,8,1\n");
  EXPECT_EQ(refusal(path), path + ":3: column 1: 'NaN' is not a finite number (a missing value?); every cell must hold one");
  // Underflow reads as the nearest double (0 here), as strtod does: not garbage.
  testkit::write_file(path, "1,2,0\n3,4,1\n5,1e-400,0\n7,8,1\n");
  EXPECT_EQ(load(path).features(2, 1), 0.0);
}

TEST(CsvDataset, OtherSeparatorsAreNamedAndReadWithDelimiter) {
  const std::string semicolon = pandas("wine_semicolon.csv");
  EXPECT_EQ(refusal(semicolon),
            semicolon + ":1: the line is separated by semicolons, not commas: read it with --delimiter ';'");
  data::CsvDatasetOptions options;
  options.delimiter = ';';
  const auto data = load(semicolon, options);
  EXPECT_EQ(data.feature_names, kWineNames);
  EXPECT_EQ(data.features, load(pandas("wine_named.csv")).features);
  testkit::TempDir dir;
  const std::string tabs = (dir / "t.tsv").string();
  testkit::write_file(tabs, "a\tb\tlabel\n1\t2\t0\n3\t4\t1\n5\t6\t0\n7\t8\t1\n");
  EXPECT_EQ(refusal(tabs), tabs + ":1: the line is separated by tabs, not commas: read it with --delimiter tab");
  options.delimiter = '\t';
  EXPECT_EQ(load(tabs, options).features.rows(), 4);
  // A decimal comma under --delimiter ';' is named as such.
  const std::string european = (dir / "e.csv").string();
  testkit::write_file(european, "a;b;label\n1,5;2;0\n3;4;1\n5;6;0\n7;8;1\n");
  options.delimiter = ';';
  EXPECT_EQ(refusal(european, options),
            european + ":2: column 0 ('a'): not a number: '1,5' (a decimal comma? numbers need a '.')");
}

// The label first without --label-col made proline (the last column) the label: 121 classes.
TEST(CsvDataset, ALabelColumnWithTooManyValuesIsRefusedNamingIt) {
  const std::string path = pandas("wine_label_first.csv");
  EXPECT_EQ(refusal(path),
            path + ": the label, column 13 ('proline'), holds 50 distinct values for 60 samples: not a class label? "
                   "--label-col K picks the label column (0-based; default: the last), --max-classes N allows more "
                   "classes (now 100)");
  data::CsvDatasetOptions options;
  options.label_column = 0;
  const auto data = load(path, options);
  EXPECT_EQ(data.class_names.size(), 3u);
  EXPECT_EQ(data.feature_names, kWineNames);
  EXPECT_EQ(data.layout->feature_columns.front(), 1);
  // --max-classes: 3 classes with a limit of 2.
  options.max_classes = 2;
  EXPECT_NE(refusal(path, options).find("holds 3 distinct values for 60 samples"), std::string::npos);
}

TEST(CsvDataset, AnIndexColumnDrawsAWarningAndDropColsLeavesItOut) {
  const std::string path = pandas("wine_index.csv");
  auto data = load(path);
  ASSERT_EQ(data.warnings.size(), 1u);
  EXPECT_EQ(data.warnings.front(), path + ": column 0 holds 0, 1, ... 59, the row numbers: an index, not a feature? "
                                          "(--drop-cols 0 leaves it out)");
  EXPECT_EQ(data.feature_names.front(), "x0");  // pandas leaves the index column's name empty
  data::CsvDatasetOptions options;
  options.drop_columns = {0};
  data = load(path, options);
  EXPECT_TRUE(data.warnings.empty());
  EXPECT_EQ(data.feature_names, kWineNames);
  EXPECT_EQ(data.features, load(pandas("wine_named.csv")).features);
}

TEST(CsvDataset, ColumnNumbersAreZeroBasedInOptionsAndMessages) {
  testkit::TempDir dir;
  const std::string path = (dir / "d.csv").string();
  testkit::write_file(path, "a,b,label\n1,2,x\n3,oops,y\n");
  EXPECT_EQ(refusal(path), path + ":3: column 1 ('b'): not a number: 'oops'");
  data::CsvDatasetOptions options;
  options.label_column = 3;
  EXPECT_EQ(refusal(path, options), path + ":1: label column 3 is outside the 3 columns 0..2");
  options.label_column = 0;
  testkit::write_file(path, "label,a,b\nx,1,2\ny,3,4\nx,5,6\nq,7,8\n");
  options.expected_classes = {"x", "y"};
  EXPECT_EQ(refusal(path, options), path + ":5: column 0 ('label'): unknown label 'q'");
}

TEST(Dataset, ValidationIsASeededHoldOutOfTheTrainingSplit) {
  data::LabeledData labeled;
  labeled.features.resize(100, 2);
  for (int r = 0; r < 100; ++r) labeled.features.row(r) << r, 2.0 * r;
  labeled.labels.assign(100, 0);
  for (int r = 0; r < 100; r += 2) labeled.labels[static_cast<std::size_t>(r)] = 1;
  labeled.class_names = {"0", "1"};
  labeled.feature_names = {"a", "b"};
  const data::Dataset plain = data::split_dataset(labeled, 0.2, 5);
  data::Dataset held = plain;
  data::hold_out_validation(held, 0.25, 5);
  EXPECT_EQ(held.train_x.rows(), 60);
  EXPECT_EQ(held.validation_x.rows(), 20);  // ceil(0.25 * 80)
  EXPECT_EQ(held.test_x, plain.test_x);     // the test split does not move
  std::multiset<double> before, after;
  for (Eigen::Index r = 0; r < plain.train_x.rows(); ++r) before.insert(plain.train_x(r, 0));
  for (Eigen::Index r = 0; r < held.train_x.rows(); ++r) after.insert(held.train_x(r, 0));
  for (Eigen::Index r = 0; r < held.validation_x.rows(); ++r) after.insert(held.validation_x(r, 0));
  EXPECT_EQ(before, after);  // a partition of the training split
  for (Eigen::Index r = 0; r < held.validation_x.rows(); ++r) {
    const auto row = static_cast<std::size_t>(held.validation_x(r, 0));  // feature 0 is the row number
    EXPECT_EQ(held.validation_sources[static_cast<std::size_t>(r)].row, row);
    EXPECT_EQ(held.validation_y[static_cast<std::size_t>(r)], row % 2 == 0 ? 1 : 0);
  }
  data::Dataset again = plain, other = plain;
  data::hold_out_validation(again, 0.25, 5);
  data::hold_out_validation(other, 0.25, 6);
  EXPECT_EQ(again.validation_x, held.validation_x);
  EXPECT_NE(other.validation_x, held.validation_x);
  // Scaling after the hold-out sees the remaining training samples only.
  data::scale_features(held, data::Scaling::standard);
  EXPECT_NEAR(held.train_x.col(0).mean(), 0.0, 1e-12);
  EXPECT_GT(std::abs(held.validation_x.col(0).mean()), 1e-6);
  data::Dataset all = plain;
  EXPECT_THROW(data::hold_out_validation(all, 0.999, 5), InputError);
}
