// End-to-end tests of windowed-le, granger and prune, and of the whole chain on a short iris run.
#include <gtest/gtest.h>

#include "legcnet/io/named_values.hpp"
#include "legcnet/io/series.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

void expect_refused(const testkit::TempDir& dir, const std::string& args, const std::string& fragment) {
  const auto out = dir / "refused-output";
  const auto result = run_legcnet(args + " --out " + out.string(), dir / "err");
  EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
  EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(out)) << args;
}

// Dense and perturbed iris runs of 12 epochs (1441 rows), shared by the tests of this file.
class ChainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("ChainTest-suite");
    // Window 60, as windowed-le below: train-dense keeps metrics at those window ends.
    const std::string run = "--config configs/iris.toml --seed 2 --epochs 12 --window 60 --quiet";
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet("train-dense " + run + " --out " + path("dense"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("perturb-retrain " + run + " --init " + path("dense/init.csv") + " --out " + path("pert"), err)
                  .exit_code, 0);
    ASSERT_EQ(run_legcnet("diff-series --base " + path("dense/weights.csv") + " --perturbed " + path("pert/weights.csv") +
                              " --out " + path("diff.csv"), err).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static testkit::TempDir* dir_;
};
testkit::TempDir* ChainTest::dir_ = nullptr;

}  // namespace

TEST_F(ChainTest, WindowedLeWritesWindowsInInputOrderAndIgnoresThreadCount) {
  testkit::TempDir dir;
  const std::string base = "windowed-le --series " + path("diff.csv") + " --window 60 --overlap 0.1 --min-tsep 5 --quiet";
  expect_ok(run_legcnet(base + " --threads 1 --out " + (dir / "one.csv").string(), dir / "err"));
  expect_ok(run_legcnet(base + " --threads 2 --out " + (dir / "two.csv").string() + " --curve " +
                            (dir / "curve.csv").string(), dir / "err"));
  EXPECT_EQ(testkit::read_file(dir / "one.csv"), testkit::read_file(dir / "two.csv"));
  const auto le = io::read_series((dir / "one.csv").string(), {"window", "start_step", "end_step"});
  const auto diff = io::read_series(path("diff.csv"));
  EXPECT_EQ(le.names, diff.names);
  // hop round(60 * 0.9) = 54; windows l with 54 l + 59 <= 1440.
  EXPECT_EQ(le.rows(), 26);
  EXPECT_EQ(le.index(1, 1), 54);
  EXPECT_EQ(le.index(1, 2), 113);
  EXPECT_TRUE(le.values.allFinite());
  const std::string curve = testkit::read_file(dir / "curve.csv");
  EXPECT_EQ(curve.substr(0, curve.find('\n')), "window,weight,k,divergence");
}

TEST_F(ChainTest, WindowedLeCountsNanWindowsAndNeverWritesZero) {
  testkit::TempDir dir;
  // A raw weights file where one column never moves: every window of it is constant.
  auto dense = io::read_series(path("dense/weights.csv"));
  dense.values.col(3).setConstant(0.5);
  {
    std::ofstream out(dir / "w.csv");
    io::write_series(out, dense);
  }
  const auto result = run_legcnet("windowed-le --series " + (dir / "w.csv").string() +
                                      " --window 60 --min-tsep 5 --quiet --out " + (dir / "le.csv").string(),
                                  dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("nan: 26 (constant 26)"), std::string::npos) << result.stderr_text;
  const auto le = io::read_series((dir / "le.csv").string(), {"window", "start_step", "end_step"});
  EXPECT_TRUE(le.values.col(3).array().isNaN().all());
}

TEST_F(ChainTest, WindowedLeRefusesBadInput) {
  testkit::TempDir dir;
  expect_refused(dir, "windowed-le --series " + path("diff.csv") + " --window 2000", "fewer than one window of 2000");
  expect_refused(dir, "windowed-le --series " + path("diff.csv") + " --window 30 --min-tsep 10 --traj-len 10",
                 "too short for these parameters");
  testkit::write_file(dir / "bad.csv", "step,a\n0,1\n1,2\n2,3\n3,x\n4,5\n");
  expect_refused(dir, "windowed-le --window 4 --min-tsep 0 --traj-len 2 --series " + (dir / "bad.csv").string(), "bad.csv:5: column 2: not a number");
  testkit::write_file(dir / "nostep.csv", "time,a\n0,1\n");
  expect_refused(dir, "windowed-le --window 4 --min-tsep 0 --traj-len 2 --series " + (dir / "nostep.csv").string(), "expected column 'step'");
}

TEST_F(ChainTest, GrangerPruneAndRetrainRunAsAChain) {
  testkit::TempDir dir;
  const auto le = (dir / "le.csv").string(), granger = (dir / "granger.csv").string(), mask = (dir / "mask.csv").string();
  expect_ok(run_legcnet("windowed-le --series " + path("diff.csv") + " --window 60 --min-tsep 5 --quiet --out " + le,
                        dir / "err"));
  expect_ok(run_legcnet("granger --le " + le + " --metrics " + path("dense/metrics.csv") +
                            " --maxlag 4 --quiet --out " + granger, dir / "err"));
  const std::string table = testkit::read_file(granger);
  EXPECT_EQ(table.substr(0, table.find('\n')),
            "weight,n,lag,stat,p_value,differenced,testable,causal,reason,adf_p_x,adf_p_y,df_resid");
  expect_ok(run_legcnet("prune --method legc --granger " + granger + " --quiet --out " + mask, dir / "err"));
  const auto kept = io::read_named_values(mask, "weight", "keep");
  EXPECT_EQ(kept.names.size(), 42u);
  expect_ok(run_legcnet("retrain-sparse --config configs/iris.toml --seed 2 --max-epochs 5 --init " +
                            path("dense/init.csv") + " --mask " + mask + " --quiet --out " + (dir / "sparse").string(),
                        dir / "err"));
  EXPECT_TRUE(std::filesystem::exists(dir / "sparse" / "summary.csv"));
}

TEST_F(ChainTest, GrangerRefusesFilesOfDifferentRunsAndBadAlpha) {
  testkit::TempDir dir;
  const auto le = (dir / "le.csv").string();
  expect_ok(run_legcnet("windowed-le --series " + path("diff.csv") + " --window 60 --min-tsep 5 --quiet --out " + le,
                        dir / "err"));
  testkit::write_file(dir / "metrics.csv", "step,epoch,train_loss,train_acc,test_acc\n0,0,1,0.5,0.5\n");
  expect_refused(dir, "granger --le " + le + " --metrics " + (dir / "metrics.csv").string(), "do not fit: window 0 ends at step 59");
  expect_refused(dir, "granger --le " + le + " --metrics " + path("dense/metrics.csv") + " --alpha 1.5",
                 "--alpha must lie in (0, 1)");
}

TEST_F(ChainTest, PruneBaselinesCountAndChooseAsDocumented) {
  testkit::TempDir dir;
  const auto model = path("dense/model.csv");
  const auto random = (dir / "random.csv").string(), magnitude = (dir / "magnitude.csv").string();
  expect_ok(run_legcnet("prune --method random --fraction 0.4 --model " + model + " --quiet --out " + random, dir / "err"));
  auto mask = io::read_named_values(random, "weight", "keep");
  EXPECT_EQ(std::count(mask.values.begin(), mask.values.end(), 0.0), 17);  // round(0.4 * 42)
  expect_ok(run_legcnet("prune --method magnitude --match " + random + " --model " + model + " --quiet --out " + magnitude,
                        dir / "err"));
  mask = io::read_named_values(magnitude, "weight", "keep");
  EXPECT_EQ(std::count(mask.values.begin(), mask.values.end(), 0.0), 17);
  // Every pruned weight is no larger in magnitude than every kept one.
  const auto trained = io::read_named_values(model);
  double largest_pruned = 0, smallest_kept = 1e300;
  for (std::size_t k = 0; k < mask.names.size(); ++k) {
    const double size = std::abs(trained.values[std::find(trained.names.begin(), trained.names.end(), mask.names[k]) -
                                                trained.names.begin()]);
    if (mask.values[k] == 0) largest_pruned = std::max(largest_pruned, size);
    else smallest_kept = std::min(smallest_kept, size);
  }
  EXPECT_LE(largest_pruned, smallest_kept);
}

TEST_F(ChainTest, PruneRefusesBadInput) {
  testkit::TempDir dir;
  const auto model = path("dense/model.csv");
  expect_refused(dir, "prune --method random --fraction 1 --model " + model, "--fraction must lie in [0, 1)");
  expect_refused(dir, "prune --method random --fraction -0.5 --model " + model, "--fraction must lie in [0, 1)");
  testkit::write_file(dir / "other.csv", "weight,keep\nw1_0_0,1\nw1_0_1,0\n");
  expect_refused(dir, "prune --method magnitude --match " + (dir / "other.csv").string() + " --model " + model,
                 "do not fit");
  // Pruning every first-layer weight cuts the outputs off the inputs.
  std::string granger = "weight,testable,causal\n";
  const auto names = io::read_series(path("diff.csv")).names;
  for (const auto& name : names) granger += name + (name.rfind("w1_", 0) == 0 ? ",1,0\n" : ",1,1\n");
  testkit::write_file(dir / "granger.csv", granger);
  expect_refused(dir, "prune --method legc --granger " + (dir / "granger.csv").string(), "cuts every path");
}
