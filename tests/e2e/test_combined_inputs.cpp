// Stages that combine files of runs refuse files of different runs (issue 11, item 3): complexity
// (a model and a mask) and shap-compare (two SHAP files), each with --force to override.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// Two short iris runs of different seeds: their models, masks and SHAP files.
class CombinedInputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("CombinedInputs-suite");
    const auto err = *dir_ / "setup-err";
    for (const std::string seed : {"1", "2"}) {
      const std::string run = "--config configs/iris.toml --seed " + seed + " ";
      ASSERT_EQ(run_legcnet("train-dense " + run + "--epochs 2 --record-every 0 --quiet --out " + path("dense" + seed), err)
                    .exit_code, 0);
      ASSERT_EQ(run_legcnet("prune --method magnitude --fraction 0.25 --quiet --model " + path("dense" + seed + "/model.csv") +
                                " --out " + path("mask" + seed + ".csv"), err)
                    .exit_code, 0);
      ASSERT_EQ(run_legcnet("shap " + run + "--quiet --model " + path("dense" + seed + "/model.csv") + " --out " +
                                path("shap" + seed + ".csv"), err)
                    .exit_code, 0);
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static void expect_refused(const std::string& args) { testkit::expect_refused(dir_->path(), args, "do not belong together"); }
  static void expect_ok(const std::string& args, const std::string& out) {
    const auto result = run_legcnet(args + " --out " + path(out), *dir_ / "err");
    EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
    EXPECT_TRUE(std::filesystem::exists(*dir_ / out));
  }
  static testkit::TempDir* dir_;
};
testkit::TempDir* CombinedInputs::dir_ = nullptr;

TEST_F(CombinedInputs, ComplexityRefusesAMaskOfAnotherSeedUnlessForced) {
  expect_ok("complexity --quiet --model " + path("dense1/model.csv") + " --mask " + path("mask1.csv"), "same.csv");
  expect_refused("complexity --quiet --model " + path("dense1/model.csv") + " --mask " + path("mask2.csv"));
  expect_ok("complexity --quiet --force --model " + path("dense1/model.csv") + " --mask " + path("mask2.csv"), "forced.csv");
}

TEST_F(CombinedInputs, ShapCompareRefusesShapOfAnotherSeedUnlessForced) {
  expect_ok("shap-compare --quiet " + path("shap1.csv") + " " + path("shap1.csv"), "same.csv");
  expect_refused("shap-compare --quiet " + path("shap1.csv") + " " + path("shap2.csv"));
  expect_ok("shap-compare --quiet --force " + path("shap1.csv") + " " + path("shap2.csv"), "forced.csv");
}

}  // namespace
