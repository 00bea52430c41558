// End-to-end tests of shap, shap-compare and esd on a short iris run, and of the diagnostics
// tables of legcnet report.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

Table read_table(const std::filesystem::path& path) {
  io::CsvReader reader(path.string());
  Table table;
  std::vector<std::string> fields;
  reader.next(table.header);
  while (reader.next(fields)) table.rows.push_back(fields);
  return table;
}

double number(const std::string& text) { return std::stod(text); }

// Exit 2, one line on stderr holding `fragment`, and nothing written below dir/out.
void expect_refused(const testkit::TempDir& dir, const std::string& args, const std::string& fragment) {
  const auto result = run_legcnet(args + " --out " + (dir / "out" / "x.csv").string(), dir / "err");
  EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
  EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << args;
}

// A dense iris run of 5 epochs (4-6-3), a magnitude mask for it, and a 3-feature iris3f model.
class DiagnosticsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("DiagnosticsTest-suite");
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet("train-dense --config configs/iris.toml --seed 2 --epochs 5 --record-every 0 --quiet --out " +
                              path("dense"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("prune --method magnitude --fraction 0.25 --model " + path("dense/model.csv") +
                              " --quiet --out " + path("mask.csv"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("train-dense --config configs/iris3f.toml --seed 2 --epochs 1 --record-every 0 --quiet --out " +
                              path("iris3f"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("prune --method magnitude --fraction 0.25 --model " + path("iris3f/model.csv") +
                              " --quiet --out " + path("iris3f-mask.csv"), err).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static testkit::TempDir* dir_;
  inline static const std::string kShap = "shap --config configs/iris.toml --seed 2 --quiet ";
};
testkit::TempDir* DiagnosticsTest::dir_ = nullptr;

// Every row: one test sample, and its values add up to output - base value (efficiency).
void expect_rows_add_up(const Table& shap, std::size_t samples) {
  ASSERT_EQ(shap.rows.size(), samples);
  for (std::size_t s = 0; s < shap.rows.size(); ++s) {
    const auto& row = shap.rows[s];
    ASSERT_EQ(row.size(), 8u);
    EXPECT_EQ(row[0], std::to_string(s));
    EXPECT_TRUE(row[1] == "0" || row[1] == "1" || row[1] == "2") << row[1];
    double sum = 0;
    for (std::size_t j = 4; j < row.size(); ++j) sum += number(row[j]);
    EXPECT_NEAR(sum, number(row[2]) - number(row[3]), 1e-9) << "sample " << s;
  }
}

}  // namespace

TEST_F(DiagnosticsTest, ShapExplainsEveryTestSampleAndItsValuesAddUp) {
  testkit::TempDir dir;
  expect_ok(run_legcnet(kShap + "--model " + path("dense/model.csv") + " --out " + (dir / "shap.csv").string(), dir / "err"));
  const Table shap = read_table(dir / "shap.csv");
  EXPECT_EQ(shap.header, (std::vector<std::string>{"sample", "class", "output", "base_value", "SepalLengthCm",
                                                   "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"}));
  const std::string record = testkit::read_file(path("dense/run.toml"));
  EXPECT_NE(record.find("test_samples = 30"), std::string::npos);
  expect_rows_add_up(shap, 30);
  // With the mean as background the base value is f(mean) for the class explained: one per class.
  std::map<std::string, std::string> base_of_class;
  for (const auto& row : shap.rows) {
    const auto [found, added] = base_of_class.emplace(row[1], row[3]);
    EXPECT_EQ(found->second, row[3]) << "class " << row[1];
  }
  // The importance file beside it: mean |SHAP| per feature, standard error 0 (exact).
  const Table importance = read_table(dir / "shap-importance.csv");
  EXPECT_EQ(importance.header, (std::vector<std::string>{"feature", "mean_abs_shap", "standard_error"}));
  ASSERT_EQ(importance.rows.size(), 4u);
  for (std::size_t j = 0; j < 4; ++j) {
    double mean = 0;
    for (const auto& row : shap.rows) mean += std::abs(number(row[4 + j]));
    EXPECT_EQ(importance.rows[j][0], shap.header[4 + j]);
    EXPECT_NEAR(number(importance.rows[j][1]), mean / 30, 1e-12);
    EXPECT_EQ(importance.rows[j][2], "0");
  }
  EXPECT_NE(testkit::read_file(dir / "shap.toml").find("stage = \"shap\""), std::string::npos);
}

TEST_F(DiagnosticsTest, ShapWithSampledBackgroundMaskAndKernelStillAddsUp) {
  testkit::TempDir dir;
  expect_ok(run_legcnet(kShap + "--model " + path("dense/model.csv") + " --mask " + path("mask.csv") +
                            " --background 12 --out " + (dir / "shap.csv").string(), dir / "err"));
  expect_rows_add_up(read_table(dir / "shap.csv"), 30);
  // Kernel SHAP (forced): efficiency holds by construction, standard errors are reported.
  expect_ok(run_legcnet(kShap + "--model " + path("dense/model.csv") + " --estimator kernel --coalitions 64 --out " +
                            (dir / "kernel.csv").string() + " --standard-errors " + (dir / "se.csv").string(),
                        dir / "err"));
  expect_rows_add_up(read_table(dir / "kernel.csv"), 30);
  const Table se = read_table(dir / "se.csv");
  ASSERT_EQ(se.rows.size(), 30u);
  for (const auto& row : se.rows)
    for (std::size_t j = 4; j < row.size(); ++j) EXPECT_GE(number(row[j]), 0.0);
}

TEST_F(DiagnosticsTest, ShapCompareOfAFileWithItselfIsOneAndAcceptsShapCsv) {
  testkit::TempDir dir;
  const auto shap = (dir / "shap.csv").string(), importance = (dir / "shap-importance.csv").string();
  expect_ok(run_legcnet(kShap + "--model " + path("dense/model.csv") + " --out " + shap, dir / "err"));
  for (const auto& other : {importance, shap}) {
    expect_ok(run_legcnet("shap-compare " + importance + " " + other + " --quiet --out " + (dir / "agree.csv").string(),
                          dir / "err"));
    const Table agree = read_table(dir / "agree.csv");
    EXPECT_EQ(agree.header, (std::vector<std::string>{"first", "second", "features", "spearman_rho", "kendall_tau_b", "k",
                                                      "top_k_overlap"}));
    ASSERT_EQ(agree.rows.size(), 1u);
    EXPECT_EQ(agree.rows[0][2], "4");
    EXPECT_EQ(agree.rows[0][3], "1");
    EXPECT_EQ(agree.rows[0][4], "1");
    EXPECT_EQ(agree.rows[0][5], "3");
    EXPECT_EQ(agree.rows[0][6], "1");
  }
}

TEST_F(DiagnosticsTest, EsdWritesOneRowPerLayerAndEveryEigenvalue) {
  testkit::TempDir dir;
  expect_ok(run_legcnet("esd --quiet --model " + path("dense/model.csv") + " --mask " + path("mask.csv") + " --out " +
                            (dir / "esd.csv").string() + " --spectrum " + (dir / "spectrum.csv").string(),
                        dir / "err"));
  const Table esd = read_table(dir / "esd.csv");
  EXPECT_EQ(esd.header, (std::vector<std::string>{"layer", "rows", "columns", "n_eigenvalues", "lambda_max", "alpha",
                                                  "alpha_weighted", "xmin", "ks_distance", "tail_count", "mp_lambda_plus",
                                                  "above_bulk", "status"}));
  ASSERT_EQ(esd.rows.size(), 2u);
  EXPECT_EQ(esd.rows[0][0], "1");
  EXPECT_EQ(esd.rows[0][1], "6");
  EXPECT_EQ(esd.rows[0][2], "4");
  EXPECT_EQ(esd.rows[0][3], "4");
  EXPECT_EQ(esd.rows[1][3], "3");
  // 4 and 3 eigenvalues: reported, flagged, never skipped.
  for (const auto& row : esd.rows) {
    EXPECT_EQ(row[12], "too_few_eigenvalues");
    EXPECT_EQ(row[5], "nan");
    EXPECT_GT(number(row[4]), 0.0);
  }
  const Table spectrum = read_table(dir / "spectrum.csv");
  EXPECT_EQ(spectrum.header, (std::vector<std::string>{"layer", "index", "eigenvalue"}));
  ASSERT_EQ(spectrum.rows.size(), 7u);
  EXPECT_EQ(spectrum.rows[3][2], esd.rows[0][4]);  // the last of layer 1 is lambda_max
}

TEST_F(DiagnosticsTest, BadInputExitsTwoWithOneLineAndNoOutput) {
  testkit::TempDir dir;
  const std::string model = path("dense/model.csv"), spectrum = " --spectrum " + (dir / "out" / "s.csv").string();
  // A mask of another architecture (3-6-3 against 4-6-3).
  // shap finds it in the mask's record first (iris3f-mask.toml); esd has only the mask itself.
  expect_refused(dir, kShap + "--model " + model + " --mask " + path("iris3f-mask.csv"),
                 "iris3f-mask.csv does not belong to this run: architecture 4-6-3 sigmoid/sigmoid here vs 3-6-3");
  expect_refused(dir, "esd --model " + model + " --mask " + path("iris3f-mask.csv") + spectrum,
                 "iris3f-mask.csv do not belong together: architecture 4-6-3 sigmoid/sigmoid in");
  // A model file with a weight missing.
  std::string text = testkit::read_file(model);
  const auto line = text.find("w1_2_1,");
  text.erase(line, text.find('\n', line) + 1 - line);
  const auto broken = (dir / "in" / "model.csv").string();
  testkit::write_file(broken, text);
  expect_refused(dir, kShap + "--model " + broken, "in/model.csv");
  expect_refused(dir, "esd --model " + broken + spectrum, "in/model.csv");
  // A model of another dataset's network, a bad option value, files that do not compare.
  expect_refused(dir, kShap + "--model " + path("iris3f/model.csv"),
                 "iris3f/model.csv does not belong to this run: architecture 4-6-3 sigmoid/sigmoid here vs 3-6-3");
  expect_refused(dir, kShap + "--model " + model + " --background none", "--background must be 'mean'");
  expect_refused(dir, "shap-compare " + model + " " + model, "neither an importance file");
  testkit::write_file(dir / "in" / "three.csv", "feature,mean_abs_shap\na,1\nb,2\nc,3\n");
  testkit::write_file(dir / "in" / "other.csv", "feature,mean_abs_shap\na,1\nb,2\nd,3\n");
  expect_refused(dir, "shap-compare " + (dir / "in" / "three.csv").string() + " " + (dir / "in" / "other.csv").string(),
                 "their features differ");
}

TEST(ReportDiagnostics, TablesAppearOnlyWhenShapAndEsdFilesExist) {
  testkit::TempDir dir;
  const auto runs = dir / "runs" / "iris";
  auto write_run = [&](int seed, const std::string& method, const std::string& importance) {
    const auto run = runs / ("seed" + std::to_string(seed)) / method;
    testkit::write_file(run / "sparse" / "summary.csv",
                        "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                        "flops_forward,flops_train\n" + method + "," + std::to_string(seed) +
                            ",10,0.96,0.9,0.9,42,42,0,102,1\n");
    if (importance.empty()) return;
    testkit::write_file(run / "shap-importance.csv", "feature,mean_abs_shap,standard_error\n" + importance);
    testkit::write_file(run / "esd.csv",
                        "layer,rows,columns,n_eigenvalues,lambda_max,alpha,alpha_weighted,xmin,ks_distance,tail_count,"
                        "mp_lambda_plus,above_bulk,status\n"
                        "1,6,4,4,2,nan,nan,nan,nan,4,3,0,too_few_eigenvalues\n"
                        "2,3,6,3,10,2.5,2.5,1,0.1,3,3,1,ok\n");
  };
  const std::string args = "report --quiet --runs " + (dir / "runs").string() + " --out " + (dir / "results").string();
  write_run(1, "dense", "");
  write_run(1, "ft", "");
  expect_ok(run_legcnet(args, dir / "err"));
  std::string tables = testkit::read_file(dir / "results" / "tables.md");
  EXPECT_EQ(tables.find("SHAP"), std::string::npos);
  EXPECT_EQ(tables.find("WeightWatcher"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "results" / "shap-agreement.csv"));

  // Seed 1: ft ranks the features as dense does; seed 2: reversed.
  write_run(1, "dense", "a,0.4,0\nb,0.3,0\nc,0.2,0\nd,0.1,0\n");
  write_run(1, "ft", "a,0.8,0\nb,0.6,0\nc,0.4,0\nd,0.2,0\n");
  write_run(2, "dense", "a,0.4,0\nb,0.3,0\nc,0.2,0\nd,0.1,0\n");
  write_run(2, "ft", "a,0.1,0\nb,0.2,0\nc,0.3,0\nd,0.4,0\n");
  expect_ok(run_legcnet(args, dir / "err"));
  tables = testkit::read_file(dir / "results" / "tables.md");
  // Spearman 1 and -1: mean 0, sd sqrt(2); top-3 overlap 1 and 2/3.
  EXPECT_NE(tables.find("| iris | LEGCNet-FT | 2 | 0.000 ± 1.414 | 0.000 ± 1.414 | 0.833 ± 0.236 |"), std::string::npos)
      << tables;
  EXPECT_NE(tables.find("| iris (4–6–3) | dense | n/a | n/a | 2.50 | 2.50 |"), std::string::npos) << tables;
  const Table agreement = read_table(dir / "results" / "shap-agreement.csv");
  ASSERT_EQ(agreement.rows.size(), 2u);
  EXPECT_EQ(agreement.rows[1][4], "-1");
  EXPECT_EQ(read_table(dir / "results" / "esd.csv").rows.size(), 8u);
}
