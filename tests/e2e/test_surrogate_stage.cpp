// End-to-end tests of windowed-le's surrogate test (--surrogates K --surrogate-out FILE).
#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/random.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// 1000 rows: w1_0_0 the logistic map (r = 4), w1_0_1 uniform white noise, w1_0_2 constant
// (no exponent, so no p-value).
std::filesystem::path write_series(const testkit::TempDir& dir) {
  const auto path = dir / "series.csv";
  io::AtomicFileSet files;
  auto writer = io::open_series_writer(files, path, {"step"}, {"w1_0_0", "w1_0_1", "w1_0_2"});
  RandomStream random(5, "noise");
  double x = 0.3;
  for (long long step = 0; step < 1000; ++step) {
    x = 4.0 * x * (1.0 - x);
    const std::vector<double> row{x, random.uniform(), 0.25};
    const long long index[1] = {step};
    writer->write_row(index, std::span<const double>(row));
  }
  writer->finish();
  files.commit_all();
  return path;
}

std::string surrogate_run(const std::filesystem::path& series, const std::filesystem::path& out,
                          const std::filesystem::path& p_values, const std::string& extra) {
  return "windowed-le --series " + series.string() + " --window 160 --overlap 0.5 --surrogates 19 --surrogate-out " +
         p_values.string() + " --out " + out.string() + " " + extra;
}

}  // namespace

TEST(SurrogateStage, PValuesLikeLeCsvAndIndependentOfThreadsBlocksAndShards) {
  testkit::TempDir dir;
  const auto series = write_series(dir);
  auto result = run_legcnet(surrogate_run(series, dir / "le.csv", dir / "p1.csv", "--threads 1"), dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  // 11 windows (hop 80): the logistic column's 11 significant, the noise column's about 5%,
  // the constant column none (nan).
  EXPECT_NE(result.stderr_text.find("surrogates (iaaft, K = 19, seed 1)"), std::string::npos) << result.stderr_text;
  result = run_legcnet(surrogate_run(series, dir / "le2.csv", dir / "p2.csv", "--threads 2 --block-columns 1"), dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(testkit::read_file(dir / "p1.csv"), testkit::read_file(dir / "p2.csv"));
  EXPECT_EQ(testkit::read_file(dir / "le.csv"), testkit::read_file(dir / "le2.csv"));

  const auto le = io::read_series((dir / "le.csv").string(), {"window", "start_step", "end_step"});
  const auto p = io::read_series((dir / "p1.csv").string(), {"window", "start_step", "end_step"});
  EXPECT_EQ(p.names, le.names);
  EXPECT_EQ(p.index, le.index);
  ASSERT_EQ(p.rows(), 11);
  for (Eigen::Index w = 0; w < p.rows(); ++w) {
    EXPECT_DOUBLE_EQ(p.values(w, 0), 0.05) << "logistic window " << w;  // beats all 19 surrogates
    EXPECT_GE(p.values(w, 1), 0.05);
    EXPECT_LE(p.values(w, 1), 1.0);
    EXPECT_DOUBLE_EQ(p.values(w, 1) * 20.0, std::round(p.values(w, 1) * 20.0));  // a multiple of 1/20
    EXPECT_TRUE(std::isnan(p.values(w, 2)));
  }

  // Shards of the weights, joined by legcnet merge, give the whole run's p-values byte for byte.
  for (const std::string k : {"0", "1"}) {
    result = run_legcnet(surrogate_run(series, dir / ("le-" + k + ".csv"), dir / ("p-" + k + ".csv"),
                                       "--threads 2 --shard " + k + "/2"),
                         dir / "err");
    ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  }
  result = run_legcnet("merge " + (dir / "p-0.csv").string() + " " + (dir / "p-1.csv").string() + " --out " +
                           (dir / "p-merged.csv").string(),
                       dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(testkit::read_file(dir / "p-merged.csv"), testkit::read_file(dir / "p1.csv"));

  // Shuffle surrogates and another seed are other tests: same layout, other numbers for noise.
  result = run_legcnet(surrogate_run(series, dir / "le3.csv", dir / "p3.csv", "--surrogate-kind shuffle --surrogate-seed 2"),
                       dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const auto shuffled = io::read_series((dir / "p3.csv").string(), {"window", "start_step", "end_step"});
  for (Eigen::Index w = 0; w < p.rows(); ++w) EXPECT_DOUBLE_EQ(shuffled.values(w, 0), 0.05);
}

TEST(SurrogateStage, RefusesIncompleteOptionsAndWritesNothing) {
  testkit::TempDir dir;
  const auto series = write_series(dir);
  const auto refused = [&](const std::string& args, const std::string& fragment) {
    const auto result = run_legcnet("windowed-le --series " + series.string() + " --window 160 --out " +
                                        (dir / "le.csv").string() + " " + args,
                                    dir / "err");
    EXPECT_EQ(result.exit_code, 2) << args;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(dir / "le.csv"));
    EXPECT_FALSE(std::filesystem::exists(dir / "p.csv"));
  };
  refused("--surrogates 19", "--surrogates K needs --surrogate-out FILE");
  refused("--surrogate-out " + (dir / "p.csv").string(), "--surrogate-out needs --surrogates K");
  refused("--surrogates 19 --surrogate-kind phase --surrogate-out " + (dir / "p.csv").string(), "--surrogate-kind");
}
