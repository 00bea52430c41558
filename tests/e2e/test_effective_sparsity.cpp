// Effective sparsity end to end: a hand-made granger.csv whose verdicts cut a hidden unit's only
// outgoing weights and an input's every weight; prune warns, and retrain-sparse's summary.csv
// counts the weights still on an input-output path.
#include <gtest/gtest.h>

#include "legcnet/io/csv.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

TEST(EffectiveSparsity, PruneWarnsAndSummaryCountsWeightsOnAPath) {
  testkit::TempDir dir;
  // iris: 4 inputs, 6 hidden, 3 outputs. Non-causal (so pruned): every w2_k_0 (hidden unit 0's
  // outgoing weights) and every w1_j_3 (input 3's weights).
  std::string granger = "weight,testable,causal\n";
  for (int j = 0; j < 6; ++j)
    for (int i = 0; i < 4; ++i)
      granger += "w1_" + std::to_string(j) + "_" + std::to_string(i) + ",1," + (i == 3 ? "0" : "1") + "\n";
  for (int k = 0; k < 3; ++k)
    for (int j = 0; j < 6; ++j)
      granger += "w2_" + std::to_string(k) + "_" + std::to_string(j) + ",1," + (j == 0 ? "0" : "1") + "\n";
  testkit::write_file(dir / "granger.csv", granger);
  const auto mask = (dir / "mask.csv").string();
  const auto pruned = run_legcnet("prune --method legc --granger " + (dir / "granger.csv").string() + " --out " + mask,
                                  dir / "err");
  ASSERT_EQ(pruned.exit_code, 0) << pruned.stderr_text;
  // Pruned: 6 (input 3) + 3 (unit 0's outgoing) = 9 of 42. Also out of effect: unit 0's 3 other
  // incoming weights, from inputs 0..2.
  EXPECT_NE(pruned.stderr_text.find("units on no input-output path: inputs 1 of 4, layer 1 1 of 6"), std::string::npos)
      << pruned.stderr_text;
  EXPECT_NE(pruned.stderr_text.find("21.4% of the weights pruned, 28.6% in effect"), std::string::npos)
      << pruned.stderr_text;

  ASSERT_EQ(run_legcnet("train-dense --config configs/iris.toml --seed 1 --epochs 1 --quiet --out " +
                            (dir / "dense").string(), dir / "err").exit_code, 0);
  ASSERT_EQ(run_legcnet("retrain-sparse --config configs/iris.toml --seed 1 --max-epochs 1 --quiet --init " +
                            (dir / "dense" / "init.csv").string() + " --mask " + mask + " --out " +
                            (dir / "sparse").string(), dir / "err").exit_code, 0);
  io::CsvReader reader((dir / "sparse" / "summary.csv").string());
  std::vector<std::string> header, row;
  ASSERT_TRUE(reader.next(header));
  ASSERT_TRUE(reader.next(row));
  ASSERT_EQ(header.size(), 13u);
  EXPECT_EQ(header[11], "weights_effective");
  EXPECT_EQ(header[12], "pct_pruned_effective");
  EXPECT_EQ(row[7], "33");   // weights_kept
  EXPECT_EQ(row[11], "30");  // 33 kept less unit 0's 3 incoming weights from inputs 0..2
  EXPECT_NEAR(std::stod(row[12]), 100.0 * 12.0 / 42.0, 1e-12);
}
