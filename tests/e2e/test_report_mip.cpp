// legcnet report with the MIP's runs: the masks evaluated without retraining get their own section,
// paired with the trained dense model, and the node-level controls appear at the MIP's count.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void write_summary(const testkit::TempDir& dir, const std::string& dataset, int seed, const std::string& where,
                   const std::string& method, const std::string& values) {
  testkit::write_file(dir / "runs" / dataset / ("seed" + std::to_string(seed)) / where / "summary.csv",
                      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                      "flops_forward,flops_train\n" + method + "," + std::to_string(seed) + "," + values + "\n");
}

}  // namespace

TEST(ReportMip, UnretrainedMasksHaveTheirOwnSectionPairedWithTheTrainedModel) {
  testkit::TempDir dir;
  for (int seed : {1, 2}) {
    write_summary(dir, "iris", seed, "dense", "dense-trained", seed == 1 ? "200,1,0.96,0.96,42,42,0,102,1" : "200,1,1,1,42,42,0,102,1");
    write_summary(dir, "iris", seed, "dense/sparse", "dense", "40,0.96,0.9,0.89,42,42,0,102,1");
    write_summary(dir, "iris", seed, "mip/sparse", "mip", "30,0.96,0.9,0.89,42,21,50,60,1");
    write_summary(dir, "iris", seed, "random-mip/sparse", "random-mip", "50,0.96,0.8,0.79,42,21,50,60,1");
    write_summary(dir, "iris", seed, "mip/unretrained", "mip-unretrained",
                  seed == 1 ? "0,0.9,0.9,0.9,42,21,50,60,0" : "0,0.9,0.96,0.96,42,21,50,60,0");
    write_summary(dir, "iris", seed, "random-mip/unretrained", "random-mip-unretrained", "0,0.5,0.5,0.5,42,21,50,60,0");
  }
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const std::string tables = testkit::read_file(dir / "results" / "tables.md");
  const auto section = tables.find("## Without retraining");
  ASSERT_NE(section, std::string::npos) << tables;
  // Trained dense: 0.96 and 1 (mean 0.98, sd 0.0283); retrained dense 0.9 both.
  EXPECT_NE(tables.find("| dense | 2 | 0.0 | 0.9800 ± 0.0283 | | 0.9000 ± 0.0000 | |", section), std::string::npos) << tables;
  // MIP without retraining: 0.9 - 0.96 and 0.96 - 1 (-0.06, -0.04); retrained: 0.9 - 0.9.
  EXPECT_NE(tables.find("| MIP critical neurons | 2 | 50.0 | 0.9300 ± 0.0424 | -0.0500 [-0.0600, -0.0400] | 0.9000 ± 0.0000 | "
                        "+0.0000 [+0.0000, +0.0000] |", section),
            std::string::npos) << tables;
  EXPECT_NE(tables.find("| random units, MIP count | 2 | 50.0 | 0.5000 ± 0.0000 | -0.4800 [-0.5000, -0.4600] |", section),
            std::string::npos) << tables;
  // Not in the leading table (they have their own section), but the retrained ones are, and they
  // are matched at the MIP's count.
  const auto leading_end = tables.find("## ", tables.find("## Every method against the dense model") + 3);
  EXPECT_EQ(tables.substr(0, leading_end).find("no retraining"), std::string::npos) << tables;
  EXPECT_NE(tables.find("| MIP units | random units, MIP count | 2 |"), std::string::npos) << tables;
  EXPECT_NE(tables.find("| MIP units | MIP critical neurons | 2 |"), std::string::npos) << tables;
}
