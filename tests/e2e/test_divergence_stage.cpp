// End-to-end tests of `legcnet divergence` on synthetic weight series with known growth.
#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/series.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// A pair of weight series: three weights in two layers, recorded every 2 steps for 400 steps.
// The perturbed run differs from the base in w1_0_0 by 1e-4 e^{0.02 t} and in w2_0_0 by
// 1e-4 e^{0.02 t} as well, so d(t) = sqrt(2) 1e-4 e^{0.02 t}, per layer 1e-4 e^{0.02 t}.
// The base weights are large (norm ~ 1e3) so that the separation stays far from saturation.
void write_pair(const std::filesystem::path& base, const std::filesystem::path& perturbed) {
  const std::vector<std::string> names{"w1_0_0", "w1_0_1", "w2_0_0"};
  io::AtomicFileSet files;
  auto base_writer = io::open_series_writer(files, base, {"step"}, names);
  auto perturbed_writer = io::open_series_writer(files, perturbed, {"step"}, names);
  for (long long step = 0; step <= 400; step += 2) {
    const double t = static_cast<double>(step);
    const std::vector<double> w{1000.0 + std::sin(t), -500.0 + std::cos(t), 300.0};
    const double e = 1e-4 * std::exp(0.02 * t);
    const std::vector<double> p{w[0] + e, w[1], w[2] + e};
    const long long index[1] = {step};
    base_writer->write_row(index, std::span<const double>(w));
    perturbed_writer->write_row(index, std::span<const double>(p));
  }
  base_writer->finish();
  perturbed_writer->finish();
  files.commit_all();
}

std::map<std::string, std::string> summary_of(const std::filesystem::path& path) {
  io::CsvReader reader(path.string());
  std::vector<std::string> header, row;
  EXPECT_TRUE(reader.next(header));
  EXPECT_TRUE(reader.next(row));
  std::map<std::string, std::string> fields;
  for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) fields[header[i]] = row[i];
  return fields;
}

}  // namespace

TEST(DivergenceStage, KnownGrowthFromCsvAndNpyAlike) {
  testkit::TempDir dir;
  write_pair(dir / "a" / "weights.csv", dir / "b" / "weights.csv");
  write_pair(dir / "a" / "weights.npy", dir / "b" / "weights.npy");
  testkit::write_file(dir / "a" / "run.toml", "[run]\ntrain_samples = 30\n\n[config]\nbatch-size=4\n");  // 8 steps/epoch
  for (const std::string ext : {"csv", "npy"}) {
    const auto result = run_legcnet("divergence --base " + (dir / "a" / ("weights." + ext)).string() + " --perturbed " +
                                        (dir / "b" / ("weights." + ext)).string() + " --out " +
                                        (dir / ("divergence-" + ext + ".csv")).string() + " --summary " +
                                        (dir / ("summary-" + ext + ".csv")).string(),
                                    dir / "err");
    ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  }
  EXPECT_EQ(testkit::read_file(dir / "divergence-csv.csv"), testkit::read_file(dir / "divergence-npy.csv"));
  EXPECT_EQ(testkit::read_file(dir / "summary-csv.csv"), testkit::read_file(dir / "summary-npy.csv"));

  const auto series = io::read_series((dir / "divergence-csv.csv").string());
  ASSERT_EQ(series.names, (std::vector<std::string>{"distance", "log_distance", "base_norm", "distance_w1", "distance_w2"}));
  ASSERT_EQ(series.rows(), 201);
  for (Eigen::Index r = 0; r < series.rows(); ++r) {
    const double t = static_cast<double>(series.index(r, 0));
    const double e = 1e-4 * std::exp(0.02 * t);
    // Differences of numbers near 1000 lose about 1e-13 absolute: relative 1e-9 at e = 1e-4.
    EXPECT_NEAR(series.values(r, 0), std::sqrt(2.0) * e, 1e-9 * e);
    EXPECT_NEAR(series.values(r, 1), std::log(std::sqrt(2.0) * e), 1e-9);
    EXPECT_NEAR(series.values(r, 3), e, 1e-9 * e);
    EXPECT_NEAR(series.values(r, 4), e, 1e-9 * e);
  }
  auto summary = summary_of(dir / "summary-csv.csv");
  EXPECT_NEAR(std::stod(summary["exponent_per_step"]), 0.02, 1e-9);
  EXPECT_NEAR(std::stod(summary["exponent_per_epoch"]), 0.16, 1e-8);
  EXPECT_NEAR(std::stod(summary["growth"]), std::exp(8.0), 1e-6 * std::exp(8.0));
  EXPECT_EQ(summary["verdict"], "chaotic");
  EXPECT_EQ(summary["first_step"], "0");
  EXPECT_EQ(summary["last_step"], "400");
  EXPECT_EQ(summary["rows"], "201");
  EXPECT_EQ(summary["saturation_step"], "-1");
  EXPECT_EQ(summary["status"], "ok");

  // A fit range in steps, and the summary on stdout without --summary.
  const auto result = run_legcnet("divergence --base " + (dir / "a" / "weights.csv").string() + " --perturbed " +
                                      (dir / "b" / "weights.csv").string() + " --fit-range 100:200 --quiet --out " +
                                      (dir / "d2.csv").string() + " --summary " + (dir / "s2.csv").string(),
                                  dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  summary = summary_of(dir / "s2.csv");
  EXPECT_EQ(summary["first_step"], "100");
  EXPECT_EQ(summary["last_step"], "200");
  EXPECT_EQ(summary["rows"], "51");
  EXPECT_NEAR(std::stod(summary["growth"]), std::exp(2.0), 1e-8 * std::exp(2.0));
  EXPECT_EQ(summary["verdict"], "neutral");  // e^2 = 7.4 < 10
}

TEST(DivergenceStage, RefusesSeriesThatDoNotFitAndLeavesNothing) {
  testkit::TempDir dir;
  write_pair(dir / "a" / "weights.csv", dir / "b" / "weights.csv");
  // Another weight name, and fewer steps.
  std::string text = testkit::read_file(dir / "b" / "weights.csv");
  testkit::write_file(dir / "renamed.csv", "step,w1_0_0,w1_0_1,w2_0_1" + text.substr(text.find('\n')));
  testkit::write_file(dir / "short.csv", text.substr(0, text.rfind('\n', text.size() - 2) + 1));
  const auto expect_refused = [&](const std::string& perturbed, const std::string& fragment) {
    const auto result = run_legcnet("divergence --base " + (dir / "a" / "weights.csv").string() + " --perturbed " +
                                        perturbed + " --out " + (dir / "out.csv").string() + " --summary " +
                                        (dir / "summary.csv").string(),
                                    dir / "err");
    EXPECT_EQ(result.exit_code, 2) << result.stderr_text;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
    EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
    EXPECT_FALSE(std::filesystem::exists(dir / "summary.csv"));
  };
  expect_refused((dir / "renamed.csv").string(), "column 4 is 'w2_0_0' vs 'w2_0_1'");
  expect_refused((dir / "short.csv").string(), "different step counts");
  expect_refused((dir / "a" / "weights.csv").string() + " --fit-range 5", "--fit-range must be a:b");
  expect_refused((dir / "a" / "weights.csv").string() + " --min-growth 1", "--min-growth");
}

TEST(DivergenceStage, IrisAtThePapersLearningRateIsNotChaotic) {
  // 20 epochs of iris at lr 0.05: the nudge of 1e-4 grows by well under a decade.
  testkit::TempDir dir;
  const std::string run = "--config configs/iris.toml --seed 1 --epochs 20 --quiet";
  ASSERT_EQ(run_legcnet("train-dense " + run + " --out " + (dir / "dense").string(), dir / "err").exit_code, 0);
  ASSERT_EQ(run_legcnet("perturb-retrain " + run + " --init " + (dir / "dense" / "init.csv").string() + " --out " +
                            (dir / "pert").string(), dir / "err").exit_code, 0);
  const auto result = run_legcnet("divergence --base " + (dir / "dense" / "weights.csv").string() + " --perturbed " +
                                      (dir / "pert" / "weights.csv").string() + " --out " + (dir / "d.csv").string() +
                                      " --summary " + (dir / "s.csv").string(),
                                  dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  auto summary = summary_of(dir / "s.csv");
  EXPECT_EQ(summary["verdict"], "neutral");
  EXPECT_EQ(summary["last_step"], "2400");
  EXPECT_LT(std::stod(summary["growth"]), 2.0);
  // Per epoch from the run.toml beside the base series: 120 steps.
  EXPECT_NEAR(std::stod(summary["exponent_per_epoch"]), 120.0 * std::stod(summary["exponent_per_step"]), 1e-12);
}

TEST(DivergenceStage, RefusesRunsThatDoNotBelongTogetherUnlessForced) {
  // Seed 1's dense run against seed 2's: same names and steps, different seeds (run.toml).
  testkit::TempDir dir;
  for (const std::string seed : {"1", "2"})
    ASSERT_EQ(run_legcnet("train-dense --config configs/iris.toml --epochs 2 --quiet --seed " + seed + " --out " +
                              (dir / ("s" + seed)).string(), dir / "err").exit_code, 0);
  const std::string args = "divergence --base " + (dir / "s1" / "weights.csv").string() + " --perturbed " +
                           (dir / "s2" / "weights.csv").string() + " --out " + (dir / "d.csv").string() + " --summary " +
                           (dir / "s.csv").string();
  auto result = run_legcnet(args, dir / "err");
  EXPECT_EQ(result.exit_code, 2) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("seed"), std::string::npos) << result.stderr_text;
  EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "d.csv"));
  result = run_legcnet(args + " --force", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_TRUE(std::filesystem::exists(dir / "d.toml"));  // the record, with what --force let through
  EXPECT_NE(testkit::read_file(dir / "d.toml").find("seed"), std::string::npos);
}
