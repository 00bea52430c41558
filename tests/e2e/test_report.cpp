// legcnet report: gathering, best-of and mean +- sd, and the regression comparison.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void write_summary(const testkit::TempDir& dir, const std::string& dataset, int seed, const std::string& method,
                   const std::string& values) {
  testkit::write_file(dir / "runs" / dataset / ("seed" + std::to_string(seed)) / method / "sparse" / "summary.csv",
                      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                      "flops_forward,flops_train\n" + method + "," + std::to_string(seed) + "," + values + "\n");
}

}  // namespace

TEST(Report, TablesShowMeanAndSdPairedDifferencesEveryMethodAndThePaper) {
  testkit::TempDir dir;
  write_summary(dir, "iris", 1, "dense", "40,0.96,0.9,0.89,42,42,0,102,1");
  write_summary(dir, "iris", 2, "dense", "30,0.96,1,1,42,42,0,102,1");
  write_summary(dir, "iris", 1, "ft", "20,0.95,0.9333333333333333,0.93,42,32,23.80952380952381,82,1");
  // A method the report does not know is listed after the known ones, never dropped.
  write_summary(dir, "iris", 1, "legcnet-ft", "25,0.95,0.8,0.8,42,30,28.571428571428573,80,1");
  write_summary(dir, "iris", 2, "legcnet-ft", "26,0.95,0.9,0.9,42,30,28.571428571428573,80,1");
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const std::string tables = testkit::read_file(dir / "results" / "tables.md");
  // Mean of 0.9 and 1 is 0.95, sample sd 0.0707.
  EXPECT_NE(tables.find("| dense | 2 | 0.9500 ± 0.0707 |"), std::string::npos) << tables;
  // Paired with dense of the same seed: ft 0.9333 - 0.9 (seed 1 only); legcnet-ft 0.8 - 0.9 and 0.9 - 1.
  EXPECT_NE(tables.find("| LEGCNet-FT | 1 | 0.9333 ± 0.0000 | +0.0333 [+0.0333, +0.0333] | 23.8 | 20.0 ± 0.0 | -20.0 [-20.0, -20.0] |"),
            std::string::npos) << tables;
  EXPECT_NE(tables.find("| legcnet-ft | 2 | 0.8500 ± 0.0707 | -0.1000 [-0.1000, -0.1000] | 28.6 | 25.5 ± 0.7 | -9.5 [-15.0, -4.0] |"),
            std::string::npos) << tables;
  EXPECT_LT(tables.find("| LEGCNet-FT |"), tables.find("| legcnet-ft |"));
  // The paper's layout: mean ± sd first, best by test (seed 2 for dense) last, labelled.
  EXPECT_NE(tables.find("| iris | mean ± sd | 42.0 ± 0.0 / 32.0 ± 0.0 | 35.0 ± 7.1 / 20.0 ± 0.0 | 0.9500 ± 0.0707 / 0.9333 ± 0.0000 |"),
            std::string::npos) << tables;
  EXPECT_NE(tables.find("| | best by test † | 42 / 32 | 30 / 20 | 1.0000 / 0.9333 |"), std::string::npos) << tables;
  EXPECT_NE(tables.find("| | *paper* | 42 / 40 | 182 / 166 |"), std::string::npos) << tables;
  EXPECT_LT(tables.find("| | *paper* | 42 / 40"), tables.find("| | best by test † | 42 / 32"));
  EXPECT_EQ(tables.find("| | best by validation"), std::string::npos) << "no run has a validation split";
  const std::string summary = testkit::read_file(dir / "results" / "summary.csv");
  EXPECT_EQ(std::count(summary.begin(), summary.end(), '\n'), 6);
}

TEST(Report, WithAValidationSplitTheBestSeedIsChosenOnValidationBeforeTheTestConvention) {
  testkit::TempDir dir;
  const std::string header = "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                             "flops_forward,flops_train,weights_effective,pct_pruned_effective,val_acc\n";
  auto write = [&](int seed, const std::string& method, const std::string& values) {
    testkit::write_file(dir / "runs" / "iris" / ("seed" + std::to_string(seed)) / method / "sparse" / "summary.csv",
                        header + method + "," + std::to_string(seed) + "," + values + "\n");
  };
  // Seed 1 is best on validation (0.95), seed 2 on test (1.0): the two rows must differ.
  write(1, "dense", "40,0.96,0.9,0.89,42,42,0,102,1,42,0,0.95");
  write(2, "dense", "30,0.96,1,1,42,42,0,102,1,42,0,0.9");
  write(1, "ft", "20,0.95,0.8,0.8,42,32,23.80952380952381,82,1,32,23.80952380952381,0.92");
  write(2, "ft", "22,0.95,0.9,0.9,42,32,23.80952380952381,82,1,32,23.80952380952381,0.96");
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const std::string tables = testkit::read_file(dir / "results" / "tables.md");
  // dense: seed 1 by validation, seed 2 by test; ft: seed 2 by both.
  const auto by_validation = tables.find("| | best by validation | 42 / 32 | 40 / 22 | 0.9000 / 0.9000 |");
  const auto by_test = tables.find("| | best by test † | 42 / 32 | 30 / 22 | 1.0000 / 0.9000 |");
  ASSERT_NE(by_validation, std::string::npos) << tables;
  ASSERT_NE(by_test, std::string::npos) << tables;
  EXPECT_LT(by_validation, by_test);  // the paper's optimistic convention stands last
}

TEST(Report, RegressionFailsOutsideTheBandsAndPassesInside) {
  testkit::TempDir dir;
  write_summary(dir, "iris", 1, "dense", "40,0.96,0.9,0.89,42,42,0,102,1");
  const std::string header =
      "dataset,method,seed,epochs,mask_sha256,test_acc,test_acc_band,pct_pruned,pct_pruned_band,test_acc_sd,"
      "pct_pruned_sd,sd_seeds\n";
  testkit::write_file(dir / "ok.csv", header + "iris,dense,1,40,,0.92,0.03,0,0,0.015,0,5\n");
  testkit::write_file(dir / "bad.csv", header + "iris,dense,1,41,,0.95,0.03,0,0,0.015,0,5\n");
  const std::string args = "report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string();
  EXPECT_EQ(run_legcnet(args + " --expected " + (dir / "ok.csv").string(), dir / "err").exit_code, 0);
  const auto bad = run_legcnet(args + " --expected " + (dir / "bad.csv").string(), dir / "err");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.stderr_text.find("epochs 40, expected 41"), std::string::npos) << bad.stderr_text;
  EXPECT_NE(bad.stderr_text.find("test accuracy 0.9000 outside 0.9500 ± 0.0300"), std::string::npos) << bad.stderr_text;
}

TEST(Report, IgnoresItsOwnOutputBelowTheRunsDirectory) {
  // make regression writes its results inside the runs directory; a second report must not read
  // its own summary.csv as a run.
  testkit::TempDir dir;
  write_summary(dir, "iris", 1, "dense", "40,0.96,0.9,0.89,42,42,0,102,1");
  const std::string args = "report --quiet --runs " + (dir / "runs").string() + " --out " + (dir / "runs" / "results").string();
  ASSERT_EQ(run_legcnet(args, dir / "err").exit_code, 0);
  const auto again = run_legcnet(args, dir / "err");
  ASSERT_EQ(again.exit_code, 0) << again.stderr_text;
  const std::string summary = testkit::read_file(dir / "runs" / "results" / "summary.csv");
  EXPECT_EQ(std::count(summary.begin(), summary.end(), '\n'), 2) << summary;
}

TEST(Report, FixedBudgetRunsHaveTheirOwnSectionPairedWithDenseAtTheSameBudget) {
  testkit::TempDir dir;
  auto fixed = [&](int seed, const std::string& method, const std::string& values) {
    testkit::write_file(dir / "runs" / "iris" / ("seed" + std::to_string(seed)) / method / "fixed" / "summary.csv",
                        "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                        "flops_forward,flops_train,epochs_budget\n" + method + "@fixed," + std::to_string(seed) + "," +
                            values + "\n");
  };
  write_summary(dir, "iris", 1, "dense", "40,0.96,0.9,0.89,42,42,0,102,1");
  write_summary(dir, "iris", 1, "ft", "60,0.95,0.95,0.93,42,32,23.80952380952381,82,1");
  fixed(1, "dense", "40,0.96,0.9,0.89,42,42,0,102,1,40");
  fixed(1, "ft", "40,0.95,0.8,0.8,42,32,23.80952380952381,82,1,40");
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const std::string tables = testkit::read_file(dir / "results" / "tables.md");
  const auto section = tables.find("## Every method at a fixed budget");
  ASSERT_NE(section, std::string::npos) << tables;
  // ft at the fixed budget: 0.8 - 0.9 against dense at the same budget; beside it ft to the benchmark.
  EXPECT_NE(tables.find("| LEGCNet-FT | 1 | 40.0 ± 0.0 | 0.8000 ± 0.0000 | -0.1000 [-0.1000, -0.1000] | 0.9500 ± 0.0000 | 60.0 ± 0.0 |",
                        section), std::string::npos) << tables;
  // Fixed-budget runs stay out of the leading table.
  EXPECT_EQ(tables.substr(0, section).find("fixed budget"), std::string::npos) << tables;
}
