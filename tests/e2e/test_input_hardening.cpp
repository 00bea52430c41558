// Inputs the reliability battery of issue 15 found accepted with exit 0 or misreported, through the
// binary: each run exits 2 with one line naming the problem and writes nothing. Each test failed
// before its fix.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// A short iris run (dense, 2 epochs) and its windowed exponents, shared by the tests here.
class InputHardening : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("InputHardening-suite");
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet("train-dense " + kIrisOptions + "--epochs 2 --eval-every 1 --out " + path("dense"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("windowed-le --config configs/iris.toml --window 40 --overlap 0.5 --quiet --series " +
                              path("dense/weights.csv") + " --out " + path("le.csv"), err).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }

  static void expect_refused(const std::string& args, const std::string& fragment) {
    testkit::expect_refused(dir_->path(), args, fragment);
  }

  // The first `lines` lines of `file`, written under `name`.
  static std::string head(const std::string& file, int lines, const std::string& name) {
    std::istringstream in(testkit::read_file(path(file)));
    std::string text, line;
    for (int i = 0; i < lines && std::getline(in, line); ++i) text += line + "\n";
    testkit::write_file(path(name), text);
    return path(name);
  }

  static inline const std::string kIrisOptions = "--config configs/iris.toml --seed 1 --quiet ";
  static testkit::TempDir* dir_;
};
testkit::TempDir* InputHardening::dir_ = nullptr;

TEST_F(InputHardening, DuplicateWeightColumnsInASeriesAreRefused) {
  std::string text = testkit::read_file(path("dense/weights.csv"));
  text.replace(text.find("w1_0_1"), 6, "w1_0_0");
  testkit::write_file(path("dup.csv"), text);
  expect_refused("windowed-le --config configs/iris.toml --window 40 --series " + path("dup.csv"),
                 "dup.csv:1: column 3: column 'w1_0_0' repeats column 2");
  expect_refused("diff-series --base " + path("dup.csv") + " --perturbed " + path("dup.csv"), "repeats column 2");
}

TEST_F(InputHardening, HeaderOnlySeriesAndExponentFilesAreRefused) {
  expect_refused("windowed-le --config configs/iris.toml --window 40 --series " + head("dense/weights.csv", 1, "h.csv"),
                 "h.csv:2: no data rows after the header");
  expect_refused("granger --le " + head("le.csv", 1, "h-le.csv") + " --metrics " + path("dense/metrics.csv"),
                 "h-le.csv:2: no data rows after the header");
  expect_refused("diff-series --base " + path("h.csv") + " --perturbed " + path("h.csv"), "h.csv:2: no data rows");
}

TEST_F(InputHardening, StepsAndEndStepsMustIncrease) {
  // Rows 2 and 3 of the series swapped: steps 1, 0.
  std::istringstream in(testkit::read_file(path("dense/weights.csv")));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::swap(lines[2], lines[3]);
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  testkit::write_file(path("swapped.csv"), text);
  expect_refused("diff-series --base " + path("swapped.csv") + " --perturbed " + path("swapped.csv"),
                 "swapped.csv:4: column 1: 'step' does not increase");
  // le.csv with its second window ending where the first does.
  std::istringstream le_in(testkit::read_file(path("le.csv")));
  std::vector<std::string> le;
  for (std::string line; std::getline(le_in, line);) le.push_back(line);
  const auto end_of = [](const std::string& line) {
    const auto second = line.find(',', line.find(',') + 1);
    return std::make_pair(second + 1, line.find(',', second + 1));
  };
  const auto [first_begin, first_end] = end_of(le[1]);
  const auto [begin, end] = end_of(le[2]);
  le[2] = le[2].substr(0, begin) + le[1].substr(first_begin, first_end - first_begin) + le[2].substr(end);
  text.clear();
  for (const auto& line : le) text += line + "\n";
  testkit::write_file(path("le-end.csv"), text);
  expect_refused("granger --le " + path("le-end.csv") + " --metrics " + path("dense/metrics.csv"),
                 "le-end.csv:3: column 3: 'end_step' does not increase");
}

TEST_F(InputHardening, NulByteInsideALineIsRefused) {
  std::string init = testkit::read_file(path("dense/init.csv"));
  // After the value: the line cut at the NUL would read as a good line.
  init.insert(init.find('\n', init.find("w1_0_1,")), std::string("\0junk", 5));
  testkit::write_file(path("nul-init.csv"), init);
  expect_refused("retrain-sparse " + kIrisOptions + "--max-epochs 1 --init " + path("nul-init.csv"),
                 "nul-init.csv:3: a NUL byte inside the line");
}

TEST_F(InputHardening, TinyTestFractionOfAPresetIsRefused) {
  expect_refused("train-dense " + kIrisOptions + "--epochs 1 --test-fraction 1e-12",
                 "--test-fraction 1e-12 leaves 150 training and 0 test samples");
}

TEST_F(InputHardening, DuplicateTomlKeysAreRefused) {
  testkit::write_file(path("dup.toml"), "dataset = \"iris\"\nhidden = [6]\nlr = 0.1\nepochs = 1\nlr = 0.5\n");
  expect_refused("train-dense --quiet --config " + path("dup.toml"), "dup.toml:5: key 'lr' is already set on line 3");
}

TEST_F(InputHardening, ByteOrderMarkInATomlConfigIsSkipped) {
  testkit::write_file(path("bom.toml"), "\xEF\xBB\xBF" "dataset = \"iris\"\nhidden = [6]\nepochs = 1\n");
  const auto out = *dir_ / "bom-run";
  const auto result = run_legcnet("train-dense --quiet --config " + path("bom.toml") + " --out " + out.string(), *dir_ / "err");
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_TRUE(std::filesystem::exists(out / "model.csv"));
}

TEST_F(InputHardening, DirectoryGivenAsAnInputFileIsNamedAsSuch) {
  std::filesystem::create_directories(*dir_ / "a-directory");
  // Options CLI11 checks as existing files say it their way.
  expect_refused("retrain-sparse " + kIrisOptions + "--max-epochs 1 --init " + path("a-directory"),
                 "--init: File is actually a directory");
  expect_refused("granger --le " + path("a-directory") + " --metrics " + path("dense/metrics.csv"),
                 "a-directory: cannot open: is a directory");
  expect_refused("train-dense --quiet --config " + path("a-directory"), "--config: File is actually a directory");
  expect_refused("windowed-le --config configs/iris.toml --window 40 --series " + path("a-directory"),
                 "a-directory: cannot open: is a directory");
}

TEST_F(InputHardening, MalformedNpyHeaderIsReportedOnOneLine) {
  std::string bytes = "\x93NUMPY\x01";
  bytes += std::string(1, '\0');
  bytes += std::string("\x76\x00", 2);  // header length 118: 10 + 118 = 128
  std::string header = "{'descr': '<f8',\n'fortran_order': False\n";
  header.resize(117, ' ');
  bytes += header + "\n";
  testkit::write_file(path("bad.npy"), bytes);
  testkit::write_file(path("bad.columns.csv"), "step,w1_0_0\n");
  expect_refused("windowed-le --config configs/iris.toml --window 40 --series " + path("bad.npy"),
                 "bad.npy: malformed .npy header");
}

TEST_F(InputHardening, SeriesFromStandardInputIsRefusedWhereItWouldBeReadTwice) {
  expect_refused("windowed-le --config configs/iris.toml --window 40 --series - < " + path("dense/weights.csv"),
                 "standard input cannot be read more than once");
}

TEST_F(InputHardening, ResultsPrintedToAFullOrClosedStdoutAreAnError) {
  const auto err = *dir_ / "err";
  const std::string prune = "cd '" + testkit::source_dir().string() + "' && '" + std::string(LEGCNET_BINARY) +
                            "' prune --method random --fraction 0.5 --model " + path("dense/model.csv") + " --out " +
                            path("mask.csv");
  for (const std::string redirect : {" > /dev/full", " >&-"}) {
    std::filesystem::remove(path("mask.csv"));
    const int status = std::system((prune + redirect + " 2> " + err.string()).c_str());
    const std::string message = testkit::read_file(err);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << redirect << ": " << message;
    EXPECT_NE(message.find("standard output: write failed"), std::string::npos) << redirect << ": " << message;
  }
  const int status = std::system((prune + " > /dev/null 2> " + err.string()).c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testkit::read_file(err);
}

}  // namespace
