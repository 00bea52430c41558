// legcnet report: the matched-count table and the sparsity sweep (issue 14).
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// One run's summary.csv: `extra` adds columns beyond the eleven (header and values, each ",a,b").
void summary(const testkit::TempDir& dir, int seed, const std::string& method, const std::string& values,
             const std::string& subdirectory = "sparse", const std::string& extra_header = "",
             const std::string& extra_values = "") {
  testkit::write_file(dir / "runs" / "cancer" / ("seed" + std::to_string(seed)) / method / subdirectory / "summary.csv",
                      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                      "flops_forward,flops_train" + extra_header + "\n" + method + "," + std::to_string(seed) + "," +
                          values + extra_values + "\n");
}

std::string report(const testkit::TempDir& dir) {
  const auto result = run_legcnet("report --quiet --runs " + (dir / "runs").string() + " --out " + (dir / "results").string(),
                                  dir / "err");
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  return testkit::read_file(dir / "results" / "tables.md");
}

}  // namespace

TEST(ReportSweep, MatchedCountsGroupByBudgetWithEffectivePruning) {
  testkit::TempDir dir;
  summary(dir, 1, "dense", "4,0.95,0.90,0.9,60,60,0,130,1");
  summary(dir, 2, "dense", "5,0.95,0.94,0.9,60,60,0,130,1");
  summary(dir, 1, "spectral-ft", "6,0.95,0.88,0.9,60,40,33.3,90,1", "sparse", ",pct_pruned_effective", ",40");
  summary(dir, 2, "spectral-ft", "7,0.95,0.90,0.9,60,40,33.3,90,1", "sparse", ",pct_pruned_effective", ",50");
  summary(dir, 1, "magnitude25", "3,0.95,0.91,0.9,60,45,25,100,1");
  summary(dir, 1, "random40", "3,0.95,0.91,0.9,60,36,40,100,1");
  const std::string tables = report(dir);
  const auto section = tables.substr(tables.find("## Every method at matched counts"));
  EXPECT_NE(section.find("| none | dense | 2 | 0.9200 ± 0.0283 |  | 0.0 | - | 4.5 ± 0.7 |"), std::string::npos) << section;
  // Paired: 0.88 - 0.90 and 0.90 - 0.94; effective % is the mean of 40 and 50.
  EXPECT_NE(section.find("| FT count | spectral, FT count | 2 | 0.8900 ± 0.0141 | -0.0300 [-0.0400, -0.0200] | 33.3 | 45.0 | 6.5 ± 0.7 |"),
            std::string::npos) << section;
  EXPECT_NE(section.find("| 25% | magnitude 25% | 1 |"), std::string::npos) << section;
  EXPECT_EQ(section.find("random 40%"), std::string::npos) << section;  // no matched partner
}

TEST(ReportSweep, SweepTableCsvAndPairedDifferences) {
  testkit::TempDir dir;
  for (int seed : {1, 2}) {
    summary(dir, seed, "dense", "4,0.95,0.90,0.9,60,60,0,130,1");
    summary(dir, seed, "sweep-spectral90", "9,0.7,0.70,0.5,60,6,90,20,1");
    summary(dir, seed, "sweep-random-layer90", seed == 1 ? "9,0.7,0.80,0.5,60,6,90,20,1" : "9,0.7,0.60,0.5,60,6,90,20,1");
    summary(dir, seed, "sweep-spectral50", "9,0.7,0.85,0.5,60,30,50,20,1");
  }
  summary(dir, 1, "sweep-spectral90-oneshot", "0,0.6,0.65,0.5,60,6,90,20,0", "oneshot");
  summary(dir, 1, "dense-trained", "30,0.96,0.93,0.9,60,60,0,130,0", "");
  const std::string tables = report(dir);
  // The sweep's runs stay out of the leading table.
  const auto leading = tables.substr(0, tables.find("## Sparsity sweep"));
  EXPECT_EQ(leading.find("sweep-"), std::string::npos) << leading;
  const auto section = tables.substr(tables.find("## Sparsity sweep"));
  EXPECT_NE(section.find("| method | dense | 50% | 90% |"), std::string::npos) << section;
  EXPECT_NE(section.find("| spectral | 0.9000 ± 0.0000 | 0.8500 ± 0.0000 | 0.7000 ± 0.0000 |"), std::string::npos) << section;
  EXPECT_NE(section.find("| random (per layer) | 0.9000 ± 0.0000 | - | 0.7000 ± 0.1414 |"), std::string::npos) << section;
  // spectral - random: 0.7 - 0.8 and 0.7 - 0.6.
  EXPECT_NE(section.find("| spectral − random (per layer) (paired) | | - | +0.0000 [-0.1000, +0.1000] (2) |"),
            std::string::npos) << section;
  // Without retraining: one seed, so one value per cell.
  EXPECT_NE(section.find("| spectral | 0.9300 | - | 0.6500 |"), std::string::npos) << section;
  const std::string csv = testkit::read_file(dir / "results" / "sweep.csv");
  EXPECT_NE(csv.find("cancer,dense,1,0,2,0.9,0,0,0\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("cancer,random-layer,1,90,2,0.7,0.1414213562373095"), std::string::npos) << csv;
  EXPECT_NE(csv.find("cancer,spectral,0,90,1,0.65,0,90,nan\n"), std::string::npos) << csv;
}
