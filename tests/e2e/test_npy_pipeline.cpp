// The same run through .npy series and through CSV series gives identical results.
#include <gtest/gtest.h>

#include "legcnet/io/series.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

TEST(NpyPipeline, GivesTheSameResultsAsCsv) {
  testkit::TempDir dir;
  const std::string run = "--config configs/iris.toml --seed 4 --epochs 8 --window 60 --quiet";
  auto ok = [&](const std::string& args) {
    const auto result = run_legcnet(args, dir / "err");
    ASSERT_EQ(result.exit_code, 0) << args << "\n" << result.stderr_text;
  };
  for (const std::string format : {"csv", "npy"}) {
    const std::string d = (dir / format).string();
    ok("train-dense " + run + " --series-format " + format + " --out " + d + "/dense");
    ok("perturb-retrain " + run + " --series-format " + format + " --init " + d + "/dense/init.csv --out " + d + "/pert");
    ok("diff-series --base " + d + "/dense/weights." + format + " --perturbed " + d + "/pert/weights." + format +
       " --out " + d + "/diff." + format + " --quiet");
    // Two-column blocks exercise the block reader on both formats.
    ok("windowed-le --series " + d + "/diff." + format + " --window 60 --min-tsep 5 --block-columns 2 --quiet --out " + d +
       "/le.csv");
    ok("granger --le " + d + "/le.csv --metrics " + d + "/dense/metrics.csv --maxlag 4 --quiet --out " + d + "/granger.csv");
  }
  const auto csv_weights = io::read_series((dir / "csv" / "dense" / "weights.csv").string());
  const auto npy_weights = io::read_series((dir / "npy" / "dense" / "weights.npy").string());
  EXPECT_EQ(csv_weights.names, npy_weights.names);
  EXPECT_EQ(csv_weights.index, npy_weights.index);
  EXPECT_TRUE((csv_weights.values.array() == npy_weights.values.array()).all());
  const auto csv_diff = io::read_series((dir / "csv" / "diff.csv").string());
  const auto npy_diff = io::read_series((dir / "npy" / "diff.npy").string());
  EXPECT_TRUE((csv_diff.values.array() == npy_diff.values.array()).all());
  for (const char* file : {"le.csv", "granger.csv", "dense/metrics.csv", "dense/model.csv"})
    EXPECT_EQ(testkit::read_file(dir / "csv" / file), testkit::read_file(dir / "npy" / file)) << file;
}
