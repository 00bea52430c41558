// Bad input: exit status 2, one line on stderr naming file, line and problem, no output left.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void expect_refused(const testkit::TempDir& dir, const std::string& args, const std::string& fragment) {
  const auto result = run_legcnet(args + " --out " + (dir / "out").string(), dir / "err");
  EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << args << "\n" << result.stderr_text;
  EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << args;
}

const std::string kTrain = "train-dense --epochs 1 --quiet ";

}  // namespace

TEST(BadInput, DatasetProblemsNameFileLineAndColumn) {
  testkit::TempDir dir;
  const std::string csv = (dir / "d.csv").string();
  expect_refused(dir, kTrain + "--data " + (dir / "missing.csv").string(), "missing.csv: cannot open");
  testkit::write_file(csv, "a,b,label\n1,2,x\n3,4,y\n5,6\n");
  expect_refused(dir, kTrain + "--data " + csv, "d.csv:4: expected 3 fields, found 2");
  testkit::write_file(csv, "a,b,label\n1,2,x\n3,oops,y\n");
  expect_refused(dir, kTrain + "--data " + csv, "d.csv:3: column 1 ('b'): not a number: 'oops'");
  testkit::write_file(csv, "a,b,label\n");
  expect_refused(dir, kTrain + "--data " + csv, "d.csv:2: empty dataset");
  testkit::write_file(csv, "");
  expect_refused(dir, kTrain + "--data " + csv, "d.csv:1: empty dataset");
  // A preset with a fixed class list: an unknown species.
  std::string iris = testkit::read_file(testkit::source_dir() / "data" / "iris-fisher.csv");
  iris.replace(iris.find("Iris-virginica"), 14, "Iris-germanica");
  testkit::write_file(dir / "mirror" / "Iris.csv", iris);
  expect_refused(dir, kTrain + "--dataset iris --data-dir " + (dir / "mirror").string(),
                 "Iris.csv:102: column 5 ('Species'): unknown label 'Iris-germanica'");
  expect_refused(dir, kTrain + "--dataset irises", "unknown dataset preset 'irises'");
}

TEST(BadInput, ConfigKeyTypoNamesFileAndLine) {
  testkit::TempDir dir;
  testkit::write_file(dir / "c.toml", "dataset = \"iris\"\n# learning rate\nlrate = 0.1\n");
  expect_refused(dir, kTrain + "--config " + (dir / "c.toml").string(), "c.toml:3: unknown key 'lrate'");
}

TEST(BadInput, StagesRefuseFilesThatDoNotFit) {
  testkit::TempDir dir;
  const auto run = [&](const std::string& args) { return run_legcnet(args, dir / "err"); };
  ASSERT_EQ(run("train-dense --config configs/iris.toml --epochs 1 --quiet --out " + (dir / "a").string()).exit_code, 0);
  ASSERT_EQ(run("train-dense --config configs/iris.toml --epochs 2 --quiet --out " + (dir / "b").string()).exit_code, 0);
  ASSERT_EQ(run("train-dense --config configs/iris3f.toml --epochs 1 --quiet --out " + (dir / "c").string()).exit_code, 0);
  expect_refused(dir, "diff-series --base " + (dir / "a" / "weights.csv").string() + " --perturbed " +
                          (dir / "b" / "weights.csv").string(),
                 "do not fit: different step counts");
  expect_refused(dir, "diff-series --base " + (dir / "a" / "weights.csv").string() + " --perturbed " +
                          (dir / "c" / "weights.csv").string(),
                 "do not belong together: architecture 4-6-3 sigmoid/sigmoid in");
  expect_refused(dir, "perturb-retrain --config configs/iris3f.toml --epochs 1 --quiet --init " +
                          (dir / "a" / "init.csv").string(),
                 "init.csv does not belong to this run: architecture 3-6-3 sigmoid/sigmoid here vs 4-6-3");
  // Without records (files from elsewhere), the files themselves are compared.
  std::filesystem::remove(dir / "a" / "run.toml");
  std::filesystem::remove(dir / "c" / "run.toml");
  expect_refused(dir, "diff-series --base " + (dir / "a" / "weights.csv").string() + " --perturbed " +
                          (dir / "c" / "weights.csv").string(),
                 "do not fit");
  expect_refused(dir, "perturb-retrain --config configs/iris3f.toml --epochs 1 --quiet --init " +
                          (dir / "a" / "init.csv").string(),
                 "another architecture");
  expect_refused(dir, "perturb-retrain --config configs/iris.toml --epochs 1 --quiet --weight w9_0_0 --init " +
                          (dir / "a" / "init.csv").string(),
                 "unknown weight 'w9_0_0'");
}
