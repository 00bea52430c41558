// Numbers from untrusted places, through the binary: options (command line and --config), and
// files that are not series (name,value files, importances, summaries). Each is finite where it
// must be and an integer of the right range where it must be, or the run exits 2 with one line
// and writes nothing. Regression tests of the reliability battery's findings (issue 15).
#include <gtest/gtest.h>

#include <regex>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// A short iris run (dense 2 epochs, its sparse retraining, SHAP of it) shared by the tests here.
class NumericInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("NumericInputs-suite");
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet(kIris + "--epochs 2 --eval-every 1 --out " + path("dense"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("retrain-sparse " + kIrisOptions + "--max-epochs 1 --init " + path("dense/init.csv") +
                              " --out " + path("sparse"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("shap " + kIrisOptions + "--model " + path("sparse/model.csv") + " --out " + path("shap.csv"), err)
                  .exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }

  static void expect_refused(const std::string& args, const std::string& fragment) {
    testkit::expect_refused(dir_->path(), args, fragment);
  }

  // `file` with its line starting `prefix` replaced by `line`, written under `name`.
  static std::string edited(const std::string& file, const std::string& prefix, const std::string& line,
                            const std::string& name) {
    std::istringstream in(testkit::read_file(path(file)));
    std::string text, current;
    bool replaced = false;
    while (std::getline(in, current)) {
      if (!replaced && current.rfind(prefix, 0) == 0) current = line, replaced = true;
      text += current + "\n";
    }
    EXPECT_TRUE(replaced) << file << " has no line starting " << prefix;
    testkit::write_file(path(name), text);
    return path(name);
  }

  static inline const std::string kIrisOptions = "--config configs/iris.toml --seed 1 --quiet ";
  static inline const std::string kIris = "train-dense " + kIrisOptions;
  static testkit::TempDir* dir_;
};
testkit::TempDir* NumericInputs::dir_ = nullptr;

TEST_F(NumericInputs, NanOptionsAreRefusedOnTheCommandLine) {
  expect_refused(kIris + "--epochs 1 --lr nan", "--lr: 'nan' is not a finite number");
  expect_refused(kIris + "--epochs 1 --overlap nan", "--overlap: 'nan' is not a finite number");
  expect_refused(kIris + "--epochs 1 --test-fraction nan", "--test-fraction: 'nan' is not a finite number");
  expect_refused(kIris + "--epochs 1 --lr inf", "--lr: 'inf' is not a finite number");
  expect_refused(kIris + "--epochs 1 --lr 1e400", "--lr: '1e400' is out of the range of a double");
  expect_refused("perturb-retrain " + kIrisOptions + "--epochs 1 --init " + path("dense/init.csv") + " --delta nan",
                 "--delta: 'nan' is not a finite number");
  expect_refused("retrain-sparse " + kIrisOptions + "--init " + path("dense/init.csv") + " --benchmark nan",
                 "--benchmark: 'nan' is not a finite number");
  expect_refused("prune --method random --fraction nan --model " + path("dense/model.csv"),
                 "--fraction: 'nan' is not a finite number");
}

TEST_F(NumericInputs, NanOptionsAreRefusedInConfigFiles) {
  testkit::write_file(path("nan.toml"), "dataset = \"iris\"\nhidden = [6]\ndelta = nan\n");
  expect_refused("perturb-retrain --config " + path("nan.toml") + " --epochs 1 --quiet --init " + path("dense/init.csv"),
                 "nan.toml:3: key 'delta': --delta: 'nan' is not a finite number");
  testkit::write_file(path("seed.toml"), "dataset = \"iris\"\nhidden = [6]\nseed = -1\n");
  expect_refused("train-dense --config " + path("seed.toml") + " --epochs 1 --quiet",
                 "seed.toml:3: key 'seed': --seed: '-1' is negative");
}

TEST_F(NumericInputs, NegativeCountsAndSeedsDoNotWrapAround) {
  expect_refused(kIris + "--epochs 1 --seed -1", "--seed: '-1' is negative");
  expect_refused(kIris + "--epochs 1 --seed 18446744073709551616", "--seed: '18446744073709551616' is too large");
  expect_refused("shap " + kIrisOptions + "--model " + path("sparse/model.csv") + " --estimator kernel --coalitions -2",
                 "--coalitions: '-2' is negative");
  expect_refused("windowed-le --config configs/iris.toml --series " + path("dense/weights.csv") + " --fit-range -1:3",
                 "--fit-range must be a:b with whole numbers");
}

TEST_F(NumericInputs, IntegersAreDecimalNotOctal) {
  const auto out = *dir_ / "octal";
  ASSERT_EQ(run_legcnet(kIris + "--epochs 010 --eval-every 120 --out " + out.string(), *dir_ / "err").exit_code, 0);
  // 120 training samples: 1200 steps in 10 epochs (8 in octal), so the last row is step 1200.
  const std::string metrics = testkit::read_file(out / "metrics.csv");
  EXPECT_NE(metrics.find("\n1200,10,"), std::string::npos) << metrics;
  EXPECT_NE(testkit::read_file(out / "run.toml").find("epochs = 10\n"), std::string::npos);
}

TEST_F(NumericInputs, RangeMessagesPrintNumbersShortly) {
  const auto result = run_legcnet(kIris + "--epochs 1 --lr -1.7976931348623157e308 --out " + path("refused"), *dir_ / "err");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("--lr: '-1.7976931348623157e308' is not positive"), std::string::npos)
      << result.stderr_text;
  EXPECT_LT(result.stderr_text.size(), 200U) << result.stderr_text;
}

TEST_F(NumericInputs, NonFiniteValuesInFilesThatAreNotSeriesAreRefused) {
  const std::string init = edited("dense/init.csv", "w1_0_1,", "w1_0_1,nan", "nan-init.csv");
  expect_refused("retrain-sparse " + kIrisOptions + "--max-epochs 1 --init " + init, "nan-init.csv:3: column 2: not a finite number: 'nan'");
  const std::string model = edited("sparse/model.csv", "w1_0_1,", "w1_0_1,inf", "inf-model.csv");
  expect_refused("shap " + kIrisOptions + "--model " + model, "inf-model.csv:3: column 2: not a finite number: 'inf'");
  expect_refused("prune --method magnitude --fraction 0.25 --model " + model, "inf-model.csv:3: column 2: not a finite number");
  const std::string importance = edited("shap-importance.csv", "SepalWidthCm,", "SepalWidthCm,nan,0", "nan-importance.csv");
  expect_refused("shap-compare " + path("shap-importance.csv") + " " + importance, "nan-importance.csv:3: column 2: not a finite number");
}

TEST_F(NumericInputs, SummaryNumbersAreCheckedBeforeTheReportUsesThem) {
  const std::string summary = testkit::read_file(path("sparse/summary.csv"));
  const std::string header = summary.substr(0, summary.find('\n') + 1);
  std::string row = summary.substr(header.size());
  const std::vector<std::pair<std::string, std::string>> cases{
      {"1e300", "not a whole number: '1e300'"}, {"nan", "not a whole number: 'nan'"}, {"-3", "-3 is outside 0.."}};
  for (const auto& [epochs, message] : cases) {
    // method,seed,epochs,...: the third field.
    const auto first = row.find(','), second = row.find(',', first + 1), third = row.find(',', second + 1);
    const std::string bad = row.substr(0, second + 1) + epochs + row.substr(third);
    testkit::write_file(*dir_ / "runs" / "iris" / "seed1" / "dense" / "sparse" / "summary.csv", header + bad);
    expect_refused("report --runs " + path("runs"), "summary.csv:2: column 3: " + message);
  }
  const auto first = row.find(','), second = row.find(',', first + 1), third = row.find(',', second + 1),
             fourth = row.find(',', third + 1);
  testkit::write_file(*dir_ / "runs" / "iris" / "seed1" / "dense" / "sparse" / "summary.csv",
                      header + row.substr(0, third + 1) + "nan" + row.substr(fourth));
  expect_refused("report --runs " + path("runs"), "summary.csv:2: column 4: not a finite number: 'nan'");
}

TEST_F(NumericInputs, WeightNamesWithHugeIndicesAreRefusedBeforeSizingANetwork) {
  testkit::write_file(path("overflow.csv"), "name,value\nw1_2147483647_0,1\n");
  expect_refused("esd --model " + path("overflow.csv"), "'w1_2147483647_0' has an index beyond the 1 weights listed");
  testkit::write_file(path("huge.csv"), "name,value\nw1_20000_20000,1\n");
  expect_refused("esd --model " + path("huge.csv"), "'w1_20000_20000' has an index beyond the 1 weights listed");
  testkit::write_file(path("sparse-names.csv"), "name,value\nw1_0_0,1\nw1_1_1,1\n");
  expect_refused("esd --model " + path("sparse-names.csv"), "2 names for the 4 weights their largest indices imply");
}

TEST_F(NumericInputs, HugeArchitecturesAreRefusedBeforeAllocating) {
  expect_refused(kIris + "--epochs 1 --hidden 100000 100000",
                 "a 4-100000-100000-3 network has more than 100000000 weights and biases");
}

TEST_F(NumericInputs, MatchMasksHoldZerosAndOnes) {
  for (const std::string keep : {"2", "nan", "0.5"}) {
    std::string text = "weight,keep\n";
    std::istringstream in(testkit::read_file(path("dense/model.csv")));
    std::string line;
    std::getline(in, line);
    bool first = true;
    while (std::getline(in, line))
      if (line[0] == 'w') text += line.substr(0, line.find(',')) + "," + (first ? keep : "1") + "\n", first = false;
    testkit::write_file(path("bad-mask.csv"), text);
    expect_refused("prune --method random --match " + path("bad-mask.csv") + " --model " + path("dense/model.csv"),
                   "bad-mask.csv:2: column 2: ");
  }
}

TEST_F(NumericInputs, GrangerLagsBeyondTheDataAreRefusedNotLoopedOver) {
  const auto err = *dir_ / "err";
  ASSERT_EQ(run_legcnet("windowed-le --config configs/iris.toml --window 40 --overlap 0.5 --series " +
                            path("dense/weights.csv") + " --quiet --out " + path("le.csv"), err).exit_code, 0);
  expect_refused("granger --le " + path("le.csv") + " --metrics " + path("dense/metrics.csv") +
                     " --maxlag 2147483647 --lag-select fixed --lag 2147483647",
                 "lag 2147483647 cannot be tested on 11 windows");
  const auto out = *dir_ / "granger.csv";
  ASSERT_EQ(run_legcnet("granger --le " + path("le.csv") + " --metrics " + path("dense/metrics.csv") +
                            " --maxlag 30000000 --out " + out.string(), err).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(out));
}

}  // namespace
