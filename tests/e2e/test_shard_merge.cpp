// windowed-le and granger with --shard k/n, joined by legcnet merge: the joined file is the
// unsharded run's, byte for byte; gaps, overlaps and shards of different runs are refused.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::read_file;
using testkit::run_legcnet;

namespace {

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

// Dense and perturbed iris runs of 12 epochs (1441 rows) and their difference series.
class ShardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("ShardTest-suite");
    // Window 60, as windowed-le below: train-dense keeps metrics at those window ends.
    const std::string run = "--config configs/iris.toml --seed 3 --epochs 12 --window 60 --quiet";
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet("train-dense " + run + " --out " + path("dense"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("perturb-retrain " + run + " --init " + path("dense/init.csv") + " --out " + path("pert"), err)
                  .exit_code, 0);
    ASSERT_EQ(run_legcnet("diff-series --base " + path("dense/weights.csv") + " --perturbed " + path("pert/weights.csv") +
                              " --out " + path("diff.csv"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet(le_args() + " --out " + path("le.csv"), err).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static std::string le_args() { return "windowed-le --series " + path("diff.csv") + " --window 60 --min-tsep 5 --quiet"; }
  static std::string granger_args() {
    return "granger --le " + path("le.csv") + " --metrics " + path("dense/metrics.csv") + " --maxlag 4 --quiet";
  }
  static testkit::TempDir* dir_;
};
testkit::TempDir* ShardTest::dir_ = nullptr;

// Runs `args --shard k/n --out DIR/NAMEk.EXT` for every k and returns the shard files.
std::vector<std::string> shards(const testkit::TempDir& dir, const std::string& args, std::size_t count,
                                const std::string& name, const std::string& extension) {
  std::vector<std::string> files;
  for (std::size_t k = 0; k < count; ++k) {
    files.push_back((dir / (name + std::to_string(k) + extension)).string());
    expect_ok(run_legcnet(args + " --shard " + std::to_string(k) + "/" + std::to_string(count) + " --out " + files.back(),
                          dir / "err"));
  }
  return files;
}

std::string joined(const std::vector<std::string>& files) {
  std::string text;
  for (const auto& file : files) text += " " + file;
  return text;
}

void expect_merge_refused(const testkit::TempDir& dir, const std::vector<std::string>& files, const std::string& fragment) {
  const auto out = dir / "refused.csv";
  const auto result = run_legcnet("merge --out " + out.string() + joined(files), dir / "err");
  EXPECT_EQ(result.exit_code, 2) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
  EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace

TEST_F(ShardTest, WindowedLeShardsMergeIntoTheWholeFile) {
  testkit::TempDir dir;
  auto files = shards(dir, le_args(), 4, "le", ".csv");
  // Each shard holds only its block: 42 weights in blocks of 10, 11, 10, 11.
  const std::string first = read_file(files[0]);
  EXPECT_EQ(first.substr(0, first.find('\n')),
            "window,start_step,end_step,w1_0_0,w1_0_1,w1_0_2,w1_0_3,w1_1_0,w1_1_1,w1_1_2,w1_1_3,w1_2_0,w1_2_1");
  std::reverse(files.begin(), files.end());  // the order on the command line does not matter
  expect_ok(run_legcnet("merge --out " + (dir / "le.csv").string() + joined(files), dir / "err"));
  EXPECT_EQ(read_file(dir / "le.csv"), read_file(path("le.csv")));
  EXPECT_FALSE(std::filesystem::exists(dir / "le.csv.shard.toml"));
}

TEST_F(ShardTest, NpyShardsMergeIntoTheWholeFile) {
  testkit::TempDir dir;
  expect_ok(run_legcnet(le_args() + " --out " + (dir / "whole.npy").string(), dir / "err"));
  const auto files = shards(dir, le_args(), 3, "le", ".npy");
  expect_ok(run_legcnet("merge --out " + (dir / "merged.npy").string() + joined(files), dir / "err"));
  EXPECT_EQ(read_file(dir / "merged.npy"), read_file(dir / "whole.npy"));
  EXPECT_EQ(read_file(dir / "merged.columns.csv"), read_file(dir / "whole.columns.csv"));
}

TEST_F(ShardTest, GrangerShardsMergeIntoTheWholeFile) {
  testkit::TempDir dir;
  expect_ok(run_legcnet(granger_args() + " --out " + (dir / "whole.csv").string(), dir / "err"));
  const auto files = shards(dir, granger_args(), 5, "granger", ".csv");
  expect_ok(run_legcnet("merge --out " + (dir / "merged.csv").string() + joined(files), dir / "err"));
  EXPECT_EQ(read_file(dir / "merged.csv"), read_file(dir / "whole.csv"));
  // A single shard of one is the whole file too.
  const auto one = shards(dir, granger_args(), 1, "one", ".csv");
  expect_ok(run_legcnet("merge --out " + (dir / "one-merged.csv").string() + joined(one), dir / "err"));
  EXPECT_EQ(read_file(dir / "one-merged.csv"), read_file(dir / "whole.csv"));
}

TEST_F(ShardTest, MergeRefusesGapsOverlapsAndOtherRuns) {
  testkit::TempDir dir;
  const auto files = shards(dir, le_args(), 3, "le", ".csv");
  expect_merge_refused(dir, {files[0], files[2]}, "shard 1/3 (weights 14 .. 27) is missing");
  expect_merge_refused(dir, {files[0], files[1], files[1], files[2]}, "overlap: both are shard 1/3");
  // Another estimator setting is another run, even for the same series.
  const auto other = shards(dir, le_args() + " --traj-len 8", 3, "other", ".csv");
  expect_merge_refused(dir, {files[0], other[1], files[2]}, "shards of different runs");
  // The same setting on another series (seed) is another run too.
  {
    auto text = read_file(path("diff.csv"));
    const auto digit = text.find_last_of("0123456789");  // the last digit of the last value
    text[digit] = text[digit] == '1' ? '2' : '1';
    testkit::write_file(dir / "diff2.csv", text);
  }
  const auto changed = shards(dir, "windowed-le --series " + (dir / "diff2.csv").string() + " --window 60 --min-tsep 5 --quiet",
                              3, "changed", ".csv");
  expect_merge_refused(dir, {files[0], files[1], changed[2]}, "shards of different runs");
  const auto four = shards(dir, le_args(), 4, "four", ".csv");
  expect_merge_refused(dir, {files[0], files[1], four[3]}, "split the weights differently");
  const auto granger = shards(dir, granger_args(), 3, "granger", ".csv");
  expect_merge_refused(dir, {files[0], files[1], granger[2]}, "not shards of the same kind of file");
  // A file that is no shard, and a shard changed after it was written.
  expect_merge_refused(dir, {path("le.csv")}, "is no shard");
  testkit::write_file(files[1], read_file(files[2]));
  expect_merge_refused(dir, files, "does not hold what");
}

TEST_F(ShardTest, ShardOptionsAreChecked) {
  testkit::TempDir dir;
  for (const auto& [args, fragment] : std::vector<std::pair<std::string, std::string>>{
           {le_args() + " --shard 3/3", "k must lie in 0 .. n-1"},
           {le_args() + " --shard 0/43", "more shards than the 42 weights"},
           {le_args() + " --shard 1", "--shard must be k/n"},
           {granger_args() + " --fdr bh --shard 0/2", "--fdr bh adjusts each p-value"}}) {
    const auto out = dir / "out.csv";
    const auto result = run_legcnet(args + " --out " + out.string(), dir / "err");
    EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

TEST_F(ShardTest, AWholeRunRemovesAnEarlierShardRecord) {
  testkit::TempDir dir;
  const auto out = (dir / "le.csv").string();
  expect_ok(run_legcnet(le_args() + " --shard 0/2 --out " + out, dir / "err"));
  EXPECT_TRUE(std::filesystem::exists(out + ".shard.toml"));
  expect_ok(run_legcnet(le_args() + " --out " + out, dir / "err"));
  EXPECT_FALSE(std::filesystem::exists(out + ".shard.toml"));
}
