// End-to-end tests of train-dense, perturb-retrain, diff-series and retrain-sparse: the binary is
// run as a user would, from the source directory, on the preset configs.
#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/io/named_values.hpp"
#include "legcnet/io/series.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// A short iris run keeps these tests fast; every step is still recorded.
const std::string kIrisShort = "--config configs/iris.toml --seed 3 --epochs 4 --quiet";
// retrain-sparse's --epochs is a fixed budget; without it, it trains to the benchmark.
const std::string kIrisRetrain = "--config configs/iris.toml --seed 3 --quiet";

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

}  // namespace

TEST(TrainDense, SameConfigAndSeedGiveByteIdenticalFiles) {
  testkit::TempDir dir;
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --eval-every 1 --out " + (dir / "a").string(), dir / "err"));
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --eval-every 1 --out " + (dir / "b").string(), dir / "err"));
  for (const char* file : {"weights.csv", "metrics.csv", "model.csv", "init.csv", "scaler.csv", "split.csv"}) {
    const auto a = testkit::read_file(dir / "a" / file);
    EXPECT_FALSE(a.empty()) << file;
    EXPECT_EQ(a, testkit::read_file(dir / "b" / file)) << file;
  }
  const auto weights = io::read_series((dir / "a" / "weights.csv").string());
  EXPECT_EQ(weights.rows(), 4 * 120 + 1);  // step 0 and one row per update
  EXPECT_EQ(weights.names.size(), 4u * 6 + 6 * 3);
  const auto metrics = io::read_series((dir / "a" / "metrics.csv").string());
  EXPECT_EQ(metrics.names, (std::vector<std::string>{"epoch", "train_loss", "train_acc", "test_acc"}));
  EXPECT_EQ(metrics.rows(), weights.rows());
  EXPECT_NE(testkit::read_file(dir / "a" / "run.toml").find("dataset_sha256"), std::string::npos);
}

TEST(TrainDense, ThinsMetricsAndSeriesButKeepsEpochAndWindowEnds) {
  testkit::TempDir dir;
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --eval-every 1000 --record-every 2 --out " +
                            (dir / "a").string(),
                        dir / "err"));
  const auto weights = io::read_series((dir / "a" / "weights.csv").string());
  EXPECT_EQ(weights.rows(), 4 * 60 + 1);
  const auto metrics = io::read_series((dir / "a" / "metrics.csv").string());
  // Step 0, four epoch ends, and the window ends: window 160 rows, hop 144 rows, a row every
  // 2 steps -> rows 159 and 303 fall inside the 241 rows, i.e. steps 318 (and 606 is too late).
  std::vector<long long> steps(metrics.index.data(), metrics.index.data() + metrics.rows());
  EXPECT_EQ(steps, (std::vector<long long>{0, 120, 240, 318, 360, 480}));
}

TEST(PerturbRetrain, DeltaZeroGivesExactZerosAndDeltaGivesTheNudge) {
  testkit::TempDir dir;
  const std::string base = (dir / "base").string();
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --out " + base, dir / "err"));
  for (const std::string delta : {"0", "1e-4"}) {
    const std::string run = (dir / ("p" + delta)).string();
    expect_ok(run_legcnet("perturb-retrain " + kIrisShort + " --init " + base + "/init.csv --delta " + delta +
                              " --out " + run,
                          dir / "err"));
    expect_ok(run_legcnet("diff-series --base " + base + "/weights.csv --perturbed " + run +
                              "/weights.csv --out " + run + "/diff.csv",
                          dir / "err"));
    const auto diff = io::read_series(run + "/diff.csv");
    if (delta == "0") {
      EXPECT_TRUE((diff.values.array() == 0.0).all());
      continue;
    }
    // (w + 1e-4) - w is 1e-4 only up to the rounding of w + 1e-4 (|w| < 4: error < 4.5e-16).
    EXPECT_NEAR(diff.values(0, 0), 1e-4, 1e-15);
    EXPECT_TRUE((diff.values.row(0).tail(diff.values.cols() - 1).array() == 0.0).all());
    EXPECT_TRUE((diff.values.bottomRows(diff.rows() - 1).array() != 0.0).any());
  }
}

TEST(RetrainSparse, MaskedWeightsStayExactlyZeroAndSummaryIsComplete) {
  testkit::TempDir dir;
  const std::string base = (dir / "base").string();
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --out " + base, dir / "err"));
  std::string mask = "weight,keep\n";
  const auto names = io::read_series(base + "/weights.csv").names;
  for (std::size_t k = 0; k < names.size(); ++k) mask += names[k] + (k % 3 == 1 ? ",0\n" : ",1\n");
  testkit::write_file(dir / "mask.csv", mask);
  expect_ok(run_legcnet("retrain-sparse " + kIrisRetrain + " --init " + base + "/init.csv --mask " +
                            (dir / "mask.csv").string() + " --record-every 1 --max-epochs 3 --out " +
                            (dir / "sparse").string(),
                        dir / "err"));
  const auto series = io::read_series((dir / "sparse" / "weights.csv").string());
  for (std::size_t k = 1; k < names.size(); k += 3)
    EXPECT_TRUE((series.values.col(static_cast<Eigen::Index>(k)).array() == 0.0).all()) << names[k];
  EXPECT_TRUE((series.values.col(0).array() != 0.0).all());
  const std::string summary = testkit::read_file(dir / "sparse" / "summary.csv");
  EXPECT_EQ(summary.substr(0, summary.find('\n')),
            "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
            "flops_forward,flops_train,weights_effective,pct_pruned_effective");
  // 42 weights, 14 pruned; stopped by the 3-epoch limit (benchmark 0.95 not reached in 3 epochs
  // at lr 0.05) unless it was reached earlier.
  EXPECT_NE(summary.find(",42,28,33.33333333333333"), std::string::npos) << summary;
}

TEST(RetrainSparse, EpochsIsAFixedBudgetAndTheConfigsEpochsIsNot) {
  testkit::TempDir dir;
  const std::string base = (dir / "base").string();
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --out " + base, dir / "err"));
  // A benchmark every net reaches after one epoch: without --epochs the retraining stops there,
  // although the config says epochs = 200 (the dense run's length).
  const std::string common = "retrain-sparse " + kIrisRetrain + " --init " + base + "/init.csv --benchmark 0.01 ";
  expect_ok(run_legcnet(common + "--out " + (dir / "benchmark").string(), dir / "err"));
  expect_ok(run_legcnet(common + "--epochs 3 --out " + (dir / "fixed").string(), dir / "err"));
  auto row = [&](const std::string& run) {
    const std::string summary = testkit::read_file(dir / run / "summary.csv");
    return summary.substr(summary.find('\n') + 1);
  };
  EXPECT_EQ(row("benchmark").substr(0, 11), "sparse,3,1,") << row("benchmark");
  EXPECT_EQ(row("fixed").substr(0, 11), "sparse,3,3,") << row("fixed");
  const std::string fixed_summary = testkit::read_file(dir / "fixed" / "summary.csv");
  EXPECT_NE(fixed_summary.find(",epochs_budget\n"), std::string::npos) << fixed_summary;
  EXPECT_EQ(fixed_summary.substr(fixed_summary.size() - 3), ",3\n");
  EXPECT_EQ(testkit::read_file(dir / "benchmark" / "summary.csv").find("epochs_budget"), std::string::npos);
  EXPECT_NE(testkit::read_file(dir / "fixed" / "run.toml").find("fixed_epochs = 3"), std::string::npos);
  // Three epoch ends in the metrics, each 120 steps apart.
  const auto metrics = io::read_series((dir / "fixed" / "metrics.csv").string());
  EXPECT_EQ(metrics.index(metrics.rows() - 1, 0), 3 * 120);
  const auto refused = run_legcnet(common + "--epochs 0 --out " + (dir / "zero").string(), dir / "err");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "zero"));
}

TEST(TrainDense, WritesTheSummaryOfItsOwnModel) {
  testkit::TempDir dir;
  expect_ok(run_legcnet("train-dense " + kIrisShort + " --out " + (dir / "a").string(), dir / "err"));
  const std::string summary = testkit::read_file(dir / "a" / "summary.csv");
  EXPECT_EQ(summary.substr(summary.find('\n') + 1, 18), "dense-trained,3,4,") << summary;
  expect_ok(run_legcnet("perturb-retrain " + kIrisShort + " --init " + (dir / "a" / "init.csv").string() + " --out " +
                            (dir / "p").string(),
                        dir / "err"));
  EXPECT_FALSE(std::filesystem::exists(dir / "p" / "summary.csv"));
}

// The paper's dense accuracies are 0.90 (iris, banknote) and 0.88 (cancer); legcnet scales with
// training statistics only and should beat them (issue 2's thresholds).
TEST(TrainDense, PresetConfigsReachTheIssueAccuracies) {
  testkit::TempDir dir;
  for (const auto& [preset, threshold] : std::vector<std::pair<std::string, double>>{
           {"iris", 0.95}, {"banknote", 0.95}, {"cancer", 0.94}}) {
    const std::string out = (dir / preset).string();
    expect_ok(run_legcnet("train-dense --config configs/" + preset + ".toml --seed 1 --record-every 0 --eval-every "
                                                                       "100000 --quiet --out " + out,
                          dir / "err"));
    const auto metrics = io::read_series(out + "/metrics.csv");
    const double test_accuracy = metrics.values(metrics.rows() - 1, 3);
    EXPECT_GE(test_accuracy, threshold) << preset;
  }
}
