// prune --method legc with several granger.csv files: consensus by --min-share, --scores, and the
// refusal of files about different weights.
#include <gtest/gtest.h>

#include "legcnet/io/named_values.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// A 2-2-1 network's six weights with the given causal flags (-1: untestable).
std::string granger(const std::vector<int>& causal) {
  const std::vector<std::string> names{"w1_0_0", "w1_0_1", "w1_1_0", "w1_1_1", "w2_0_0", "w2_0_1"};
  std::string text = "weight,n,lag,stat,p_value,differenced,testable,causal,reason\n";
  for (std::size_t k = 0; k < names.size(); ++k)
    text += names[k] + ",30,1,1,0.5,0," + (causal[k] < 0 ? "0,0,y_constant" : "1," + std::to_string(causal[k]) + ",none") + "\n";
  return text;
}

}  // namespace

TEST(ConsensusPrune, KeepsWeightsCausalInAtLeastTheShareOfTests) {
  testkit::TempDir dir;
  testkit::write_file(dir / "g1.csv", granger({1, 1, 0, 1, 1, -1}));
  testkit::write_file(dir / "g2.csv", granger({1, 0, 0, 1, 1, -1}));
  testkit::write_file(dir / "g3.csv", granger({1, 0, 1, -1, 1, -1}));
  const std::string files = " --granger " + (dir / "g1.csv").string() + " " + (dir / "g2.csv").string() + " " +
                            (dir / "g3.csv").string();
  const auto run = [&](const std::string& share, const std::string& name) {
    const auto result = run_legcnet("prune --method legc" + files + " --min-share " + share + " --scores " +
                                        (dir / (name + "-scores.csv")).string() + " --out " + (dir / (name + ".csv")).string(),
                                    dir / "err");
    EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
    return io::read_named_values((dir / (name + ".csv")).string(), "weight", "keep").values;
  };
  // Shares: 3/3, 1/3, 1/3, 2/2, 3/3, untested (kept).
  EXPECT_EQ(run("0.5", "half"), (std::vector<double>{1, 0, 0, 1, 1, 1}));
  EXPECT_EQ(run("0.3", "third"), (std::vector<double>{1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(run("1", "all"), (std::vector<double>{1, 0, 0, 1, 1, 1}));
  EXPECT_EQ(testkit::read_file(dir / "half-scores.csv"),
            "weight,tests,causal,share\nw1_0_0,3,3,1\nw1_0_1,3,1,0.3333333333333333\nw1_1_0,3,1,0.3333333333333333\n"
            "w1_1_1,2,2,1\nw2_0_0,3,3,1\nw2_0_1,0,0,nan\n");
  // One file: the paper's rule, whatever the share.
  ASSERT_EQ(run_legcnet("prune --method legc --granger " + (dir / "g2.csv").string() + " --min-share 0.9 --out " +
                            (dir / "one.csv").string(), dir / "err").exit_code, 0);
  EXPECT_EQ(io::read_named_values((dir / "one.csv").string(), "weight", "keep").values,
            (std::vector<double>{1, 0, 0, 1, 1, 1}));
}

TEST(ConsensusPrune, RefusesFilesOfDifferentWeightsAndABadShare) {
  testkit::TempDir dir;
  testkit::write_file(dir / "g1.csv", granger({1, 1, 0, 1, 1, 1}));
  testkit::write_file(dir / "other.csv", "weight,testable,causal\nw1_0_0,1,1\n");
  const std::string g1 = (dir / "g1.csv").string();
  auto refused = run_legcnet("prune --method legc --granger " + g1 + " " + (dir / "other.csv").string() + " --out " +
                                 (dir / "m.csv").string(), dir / "err");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.stderr_text.find("do not fit"), std::string::npos) << refused.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "m.csv"));
  refused = run_legcnet("prune --method legc --granger " + g1 + " --min-share 0 --out " + (dir / "m.csv").string(),
                        dir / "err");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.stderr_text.find("--min-share"), std::string::npos) << refused.stderr_text;
}
