// The report's "Does the decision carry information?" section on hand-made runs: shares from
// granger.csv files, mask agreement across perturbations against the hypergeometric expectation,
// nominal and effective % pruned, and the accuracy of the consensus and null-decided masks.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

const std::vector<std::string> kWeights{"w1_0_0", "w1_0_1", "w1_1_0", "w1_1_1", "w2_0_0", "w2_0_1"};

void write_summary(const testkit::TempDir& dir, const std::string& method, const std::string& values) {
  testkit::write_file(dir / "runs" / "iris" / "seed1" / method / "sparse" / "summary.csv",
                      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                      "flops_forward,flops_train,weights_effective,pct_pruned_effective\n" + method + ",1," + values + "\n");
}

void write_mask(const testkit::TempDir& dir, const std::string& method, const std::vector<int>& keep) {
  std::string text = "weight,keep\n";
  for (std::size_t k = 0; k < kWeights.size(); ++k) text += kWeights[k] + "," + std::to_string(keep[k]) + "\n";
  testkit::write_file(dir / "runs" / "iris" / "seed1" / method / "mask.csv", text);
}

// causal: 1/0 per weight, -1 untestable; null_share column when given.
void write_granger(const testkit::TempDir& dir, const std::string& method, const std::vector<int>& causal,
                   const std::vector<double>& null_share = {}) {
  std::string text = std::string("weight,testable,causal") + (null_share.empty() ? "" : ",null_share") + "\n";
  for (std::size_t k = 0; k < kWeights.size(); ++k) {
    text += kWeights[k] + "," + (causal[k] < 0 ? "0,0" : "1," + std::to_string(causal[k]));
    if (!null_share.empty()) text += "," + (causal[k] < 0 ? std::string("nan") : std::to_string(null_share[k]));
    text += "\n";
  }
  testkit::write_file(dir / "runs" / "iris" / "seed1" / method / "granger.csv", text);
}

}  // namespace

TEST(ReportEvidence, SharesAgreementAndMaskResults) {
  testkit::TempDir dir;
  write_summary(dir, "dense", "10,1,0.90,0.9,6,6,0,20,1,6,0");
  write_summary(dir, "ft", "10,1,0.80,0.8,6,4,33.333333333333336,16,1,2,66.66666666666667");
  write_summary(dir, "ft-consensus", "10,1,0.85,0.85,6,5,16.666666666666668,18,1,5,16.666666666666668");
  write_summary(dir, "ft-null", "10,1,0.95,0.95,6,1,83.33333333333333,10,1,1,83.33333333333333");
  // Real target: 4 of 5 tested causal. Null file: mean null_share 0.5 over the 5 tested, 1 of 5 causal by p_null.
  write_granger(dir, "ft", {1, 1, 0, 1, 1, -1});
  write_granger(dir, "ft-null", {0, 0, 0, 1, 0, -1}, {0.2, 0.4, 0.6, 0.8, 0.5});
  // Pruned sets {2, 5}, {2, 3}, {0, 1}: Jaccard 1/3, 0, 0.
  write_mask(dir, "ft", {1, 1, 0, 1, 1, 0});
  write_mask(dir, "ft-p1", {1, 1, 0, 0, 1, 1});
  write_mask(dir, "ft-p2", {0, 0, 1, 1, 1, 1});
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const std::string tables = testkit::read_file(dir / "results" / "tables.md");
  ASSERT_NE(tables.find("## Does the decision carry information?"), std::string::npos) << tables;
  // Expected Jaccard of two random 2-subsets of 6: P(K=1) = 8/15 (J = 1/3), P(K=2) = 1/15 (J = 1):
  // 8/45 + 1/15 = 11/45 = 0.244. Pairs beyond chance: none (P(K >= 1) = 9/15).
  EXPECT_NE(tables.find("| iris | LEGCNet-FT | 1 | 0.80 | 0.50 | 0.20 | 0.11 (0.24), 0/3 (3 masks a seed) |"),
            std::string::npos) << tables;
  EXPECT_NE(tables.find("| iris | LEGCNet-FT | 33.3 (66.7) | 16.7 (16.7) | 83.3 (83.3) | 0.800 ± 0.000 (-0.100) | "
                        "0.850 ± 0.000 (-0.050) | 0.950 ± 0.000 (+0.050) |"),
            std::string::npos) << tables;
  const std::string csv = testkit::read_file(dir / "results" / "evidence.csv");
  const std::string row = "iris,ft,1,0.8,0.5,0.2,3,3,0,0.1111111111111111,";
  const auto at = csv.find(row);
  ASSERT_NE(at, std::string::npos) << csv;
  EXPECT_NEAR(std::stod(csv.substr(at + row.size())), 11.0 / 45.0, 1e-15);
}
