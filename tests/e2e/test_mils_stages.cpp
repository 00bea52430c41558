// legcnet complexity and prune --method mils through the binary: the CTM table's lookup order and its
// refusals, the complexity file, scores, node-level masks and budgets.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;

namespace {

// A 8-4-1 network: w1 is 4x8 with its left half negative and its right half positive, so the node and
// positive views are [zeros | ones] and the negative view [ones | zeros]: BDM 2 x 22.006706292292176, H 1.
std::string half_model() {
  std::string text = "name,value\n";
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 8; ++i) text += "w1_" + std::to_string(j) + "_" + std::to_string(i) + "," + (i < 4 ? "-0.5" : "0.5") + "\n";
  for (int j = 0; j < 4; ++j) text += "b1_" + std::to_string(j) + ",0\n";
  for (int i = 0; i < 4; ++i) text += "w2_0_" + std::to_string(i) + "," + (i % 2 ? "1" : "-1") + "\n";
  return text + "b2_0,0\n";
}

// Runs legcnet with LEGCNET_CTM unset (or set to `ctm_env`), through `binary`.
testkit::CommandResult run(const std::string& args, const testkit::TempDir& dir, const std::string& ctm_env = "",
                           const std::string& binary = LEGCNET_BINARY) {
  const std::string env = ctm_env.empty() ? "env -u LEGCNET_CTM " : "env LEGCNET_CTM='" + ctm_env + "' ";
  const std::string command = "cd '" + testkit::source_dir().string() + "' && " + env + "'" + binary + "' " + args +
                              " > '" + (dir / "stdout").string() + "' 2> '" + (dir / "stderr").string() + "'";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, testkit::read_file(dir / "stderr")};
}

}  // namespace

TEST(ComplexityStage, WritesOneRowPerViewWithTheHandValues) {
  testkit::TempDir dir;
  testkit::write_file(dir / "model.csv", half_model());
  const auto result = run("complexity --model " + (dir / "model.csv").string() + " --out " + (dir / "c.csv").string(), dir);
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  // 2 x 22.006706292292176 in shortest round-trip form; the 1x4 output layer has no block.
  EXPECT_EQ(testkit::read_file(dir / "c.csv"),
            "view,bdm,entropy,blocks,uncovered_weights\n"
            "node,44.01341258458435,1,2,4\n"
            "positive,44.01341258458435,1,2,4\n"
            "negative,44.01341258458435,1,2,4\n");
  EXPECT_NE(result.stderr_text.find("data/ctm/ctm-b2-d4x4.csv"), std::string::npos) << result.stderr_text;
}

TEST(ComplexityStage, MaskZeroesPrunedWeightsInEveryView) {
  testkit::TempDir dir;
  testkit::write_file(dir / "model.csv", half_model());
  std::string mask = "weight,keep\n";
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 8; ++i) mask += "w1_" + std::to_string(j) + "_" + std::to_string(i) + "," + (i < 4 ? "0" : "1") + "\n";
  for (int i = 0; i < 4; ++i) mask += "w2_0_" + std::to_string(i) + ",1\n";
  testkit::write_file(dir / "mask.csv", mask);
  ASSERT_EQ(run("complexity --model " + (dir / "model.csv").string() + " --mask " + (dir / "mask.csv").string() +
                    " --out " + (dir / "c.csv").string(), dir).exit_code, 0);
  // Negative view: every negative weight pruned -> two zero blocks: CTM + log2 2.
  const auto text = testkit::read_file(dir / "c.csv");
  EXPECT_NE(text.find("negative,23.006706292292176,0,2,4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("node,44.01341258458435,1,2,4\n"), std::string::npos) << text;
}

TEST(CtmLookup, MissingOrCorruptTableIsExit2NamingTheFile) {
  testkit::TempDir dir;
  testkit::write_file(dir / "model.csv", half_model());
  const std::string base = "complexity --model " + (dir / "model.csv").string() + " --out " + (dir / "c.csv").string();
  auto result = run(base + " --ctm " + (dir / "nowhere.csv").string(), dir);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("nowhere.csv: no such CTM table (named by --ctm)"), std::string::npos) << result.stderr_text;
  result = run(base, dir, (dir / "env.csv").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("env.csv: no such CTM table (named by LEGCNET_CTM)"), std::string::npos);
  // A truncated copy: named, with the line where the missing blocks were noticed.
  const std::string table = testkit::read_file(testkit::source_dir() / "data/ctm/ctm-b2-d4x4.csv");
  testkit::write_file(dir / "short.csv", table.substr(0, table.size() / 2));
  result = run(base + " --ctm " + (dir / "short.csv").string(), dir);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("short.csv:"), std::string::npos) << result.stderr_text;
  testkit::write_file(dir / "bad.csv", "rows,columns,block,ctm_bits\n1,1,0,oops\n");
  result = run(base + " --ctm " + (dir / "bad.csv").string(), dir);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("bad.csv:2: column 4: not a number"), std::string::npos) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "c.csv"));
  // Through the environment, a good table works.
  EXPECT_EQ(run(base, dir, (testkit::source_dir() / "data/ctm/ctm-b2-d4x4.csv").string()).exit_code, 0);
}

// An installed layout (PREFIX/bin/legcnet, PREFIX/share/legcnet/ctm/) is consulted before the source tree:
// a corrupt table there is refused by name, a good one is read.
TEST(CtmLookup, InstalledTableBesideTheBinaryComesBeforeTheSourceTree) {
  testkit::TempDir dir;
  testkit::write_file(dir / "model.csv", half_model());
  std::filesystem::create_directories(dir / "prefix/bin");
  std::filesystem::copy_file(LEGCNET_BINARY, dir / "prefix/bin/legcnet");
  std::filesystem::permissions(dir / "prefix/bin/legcnet", std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
  const auto installed = dir / "prefix/share/legcnet/ctm/ctm-b2-d4x4.csv";
  testkit::write_file(installed, "rows,columns,block,ctm_bits\n");
  const std::string args = "complexity --model " + (dir / "model.csv").string() + " --out " + (dir / "c.csv").string();
  auto result = run(args, dir, "", (dir / "prefix/bin/legcnet").string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find(installed.string() + ":2: incomplete CTM table"), std::string::npos) << result.stderr_text;
  std::filesystem::copy_file(testkit::source_dir() / "data/ctm/ctm-b2-d4x4.csv", installed,
                             std::filesystem::copy_options::overwrite_existing);
  result = run(args, dir, "", (dir / "prefix/bin/legcnet").string());
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("CTM table: " + installed.string()), std::string::npos) << result.stderr_text;
}

// The real install (what `make install PREFIX=...` runs): the table, its licence and provenance land
// under PREFIX/share/legcnet/ctm, and the installed binary reads that copy with no flag and no
// LEGCNET_CTM, giving the hand values.
TEST(CtmLookup, CmakeInstallPutsTheTableWhereTheInstalledBinaryFindsIt) {
  testkit::TempDir dir;
  testkit::write_file(dir / "model.csv", half_model());
  const auto build_dir = std::filesystem::path(LEGCNET_BINARY).parent_path();
  const std::string install = "cmake --install '" + build_dir.string() + "' --prefix '" + (dir / "prefix").string() + "' > '" +
                              (dir / "install.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(install.c_str()), 0) << testkit::read_file(dir / "install.log");
  const auto ctm_dir = dir / "prefix/share/legcnet/ctm";
  for (const char* name : {"ctm-b2-d4x4.csv", "LICENSE", "README.md"})
    EXPECT_TRUE(std::filesystem::is_regular_file(ctm_dir / name)) << name;
  const auto result = run("complexity --model " + (dir / "model.csv").string() + " --out " + (dir / "c.csv").string(), dir, "",
                          (dir / "prefix/bin/legcnet").string());
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("CTM table: " + (ctm_dir / "ctm-b2-d4x4.csv").string()), std::string::npos)
      << result.stderr_text;
  EXPECT_NE(testkit::read_file(dir / "c.csv").find("node,44.01341258458435,1,2,4\n"), std::string::npos);
}

TEST(MilsStage, ScoresRecordDeltaStepAndOrderAndNodeMasksRemoveUnits) {
  testkit::TempDir dir;
  const std::string model = (dir / "dense/model.csv").string();
  ASSERT_EQ(run("train-dense --dataset iris --hidden 8 --epochs 3 --record-every 0 --quiet --out " + (dir / "dense").string(), dir)
                .exit_code, 0);
  auto result = run("prune --method mils --model " + model + " --fraction 0.25 --scores " + (dir / "s.csv").string() +
                        " --out " + (dir / "m.csv").string() + " --allow-disconnected", dir);
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  // iris 4-8-3: 8x4 holds two blocks (32 weights), the 3x8 output layer none: 24 uncovered, removed first.
  EXPECT_NE(result.stderr_text.find("24 of 56 weights lie outside every complete block"), std::string::npos) << result.stderr_text;
  const auto scores = testkit::read_file(dir / "s.csv");
  EXPECT_EQ(scores.substr(0, scores.find('\n')), "weight,polarity,delta,pruned,step,order");
  EXPECT_NE(scores.find(",1,14,14\n"), std::string::npos) << scores;  // round(0.25 x 56) = 14 steps of 1
  // Node level: --fraction counts hidden units (round(0.25 x 8) = 2), the mask removes them whole.
  result = run("prune --method mils --level node --model " + model + " --fraction 0.25 --scores " + (dir / "u.csv").string() +
                   " --out " + (dir / "n.csv").string(), dir);
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(testkit::read_file(dir / "stdout").find("all,56,14,42,25.00"), std::string::npos);  // 2 x (4 in + 3 out)
  const auto units = testkit::read_file(dir / "u.csv");
  EXPECT_EQ(units.substr(0, units.find('\n')), "unit,delta,pruned,step,order");
  // --match at node level: as many units as that mask cuts off (2), whatever its weight count.
  result = run("prune --method mils --level node --strategy max_absolute --model " + model + " --match " +
                   (dir / "n.csv").string() + " --out " + (dir / "n2.csv").string(), dir);
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(testkit::read_file(dir / "stdout").find("all,56,14,42,25.00"), std::string::npos);
  // Bad options: exit 2, one line.
  result = run("prune --method mils --model " + model + " --out " + (dir / "x.csv").string(), dir);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.stderr_text.find("needs --fraction or --match"), std::string::npos) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.csv"));
}
