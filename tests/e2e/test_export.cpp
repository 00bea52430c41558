// legcnet export: the README's numpy forward pass, run on the npz of a pruned iris run, gives the
// tool's own test accuracy exactly; bad inputs are refused with nothing written.
#include <gtest/gtest.h>

#include <regex>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

// The first ```python block after `heading` in README.md.
std::string readme_python_block(const std::string& heading) {
  const std::string readme = testkit::read_file(testkit::source_dir() / "README.md");
  const auto section = readme.find(heading);
  if (section == std::string::npos) return "";
  const auto start = readme.find("```python\n", section);
  const auto end = readme.find("```\n", start + 10);
  return start == std::string::npos || end == std::string::npos ? "" : readme.substr(start + 10, end - start - 10);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST(Export, ReadmeNumpyForwardPassReproducesTheTestAccuracyOfAPrunedRun) {
  const std::string python = testkit::python_with_numpy();
  if (python.empty()) GTEST_SKIP() << "no python3 with numpy (apt-get install python3-numpy)";
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  const std::string iris = "--config configs/iris.toml --seed 2 --quiet";
  expect_ok(run_legcnet("train-dense " + iris + " --epochs 5 --record-every 0 --out " + path("dense"), dir / "err"));
  expect_ok(run_legcnet("prune --method random --fraction 0.3 --prune-seed 2 --model " + path("dense/model.csv") +
                            " --quiet --out " + path("mask.csv"),
                        dir / "err"));
  expect_ok(run_legcnet("retrain-sparse " + iris + " --init " + path("dense/init.csv") + " --mask " + path("mask.csv") +
                            " --epochs 3 --out " + path("sparse"),
                        dir / "err"));
  expect_ok(run_legcnet("export --run " + path("sparse") + " --quiet --out " + path("model.npz"), dir / "err"));

  std::string script = readme_python_block("## Results outside legcnet");
  ASSERT_FALSE(script.empty()) << "README.md has no python block under 'Results outside legcnet'";
  // The README's file names, pointed at this run (split.csv names the data file relative to the
  // source directory, where run_legcnet runs).
  script = replace_all(script, "\"ft.npz\"", "\"" + path("model.npz") + "\"");
  script = replace_all(script, "\"split.csv\"", "\"" + path("sparse/split.csv") + "\"");
  script = replace_all(script, "\"data/Iris.csv\"", "\"" + (testkit::source_dir() / "data/Iris.csv").string() + "\"");
  testkit::write_file(dir / "forward.py", script);
  const std::string command = python + " '" + path("forward.py") + "' > '" + path("out") + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << testkit::read_file(dir / "out");
  // summary.csv: method,seed,epochs,train_acc,test_acc,...; Python prints the shortest round-trip
  // form, as legcnet does, so the two strings agree exactly when the accuracies do.
  const std::string summary = testkit::read_file(dir / "sparse" / "summary.csv");
  std::vector<std::string> fields;
  std::string row = summary.substr(summary.find('\n') + 1);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(row, match, std::regex("^[^,]*,[^,]*,[^,]*,[^,]*,([^,]*),")));
  EXPECT_EQ(testkit::read_file(dir / "out"), match[1].str() + "\n");
  // The mask the run was retrained with is the one exported (the README's pass multiplies by it).
  const std::string check = "import numpy as np; m = np.load('" + path("model.npz") + "'); print(int(m['mask1'].sum() + m['mask2'].sum()))";
  testkit::write_file(dir / "count.py", check);
  ASSERT_EQ(std::system((python + " '" + path("count.py") + "' > '" + path("count") + "'").c_str()), 0);
  EXPECT_EQ(testkit::read_file(dir / "count"), "29\n");  // 42 weights, round(0.3 * 42) = 13 pruned
}

TEST(Export, RefusesAModelOfAnotherRunAndWritesNothing) {
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  expect_ok(run_legcnet("train-dense --config configs/iris.toml --seed 1 --epochs 2 --record-every 0 --quiet --out " + path("a"),
                        dir / "err"));
  expect_ok(run_legcnet("train-dense --config configs/iris.toml --seed 2 --epochs 2 --record-every 0 --quiet --out " + path("b"),
                        dir / "err"));
  const auto refused = run_legcnet("export --run " + path("a") + " --model " + path("b/model.csv") + " --out " + path("x.npz"),
                                   dir / "err");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.stderr_text.find("do not belong together"), std::string::npos) << refused.stderr_text;
  EXPECT_EQ(std::count(refused.stderr_text.begin(), refused.stderr_text.end(), '\n'), 1) << refused.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.npz"));
  const auto not_a_run = run_legcnet("export --run " + dir.path().string() + " --out " + path("y.npz"), dir / "err");
  EXPECT_EQ(not_a_run.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "y.npz"));
}
