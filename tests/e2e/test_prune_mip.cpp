// End-to-end tests of prune --method mip, the node-level baselines and evaluate, on short iris runs:
// the files and their formats, glpsol on --write-lp against the solver log, reproducibility,
// and the refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "legcnet/io/named_values.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/prune/units.hpp"
#include "legcnet/stages/provenance.hpp"
#include "test_support.hpp"
#include "../unit/glpsol.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

std::vector<std::vector<std::string>> read_rows(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(testkit::read_file(path));
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

// Iris, 40 epochs: the paper's sigmoid 4-6-3 net, and a ReLU 4-6-5-3 net with softmax outputs.
class MipTest : public ::testing::Test {
 protected:
  static constexpr const char* kRelu =
      "--config configs/iris.toml --hidden 6 5 --activation relu --output softmax --loss cross-entropy --initializer he";
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("MipTest-suite");
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet("train-dense --config configs/iris.toml --seed 3 --epochs 40 --record-every 0 --quiet --out " +
                              path("sigmoid"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet(std::string("train-dense ") + kRelu + " --seed 3 --lr 0.01 --epochs 40 --record-every 0 --quiet --out " +
                              path("relu"), err).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static testkit::TempDir* dir_;

  // prune --method mip with every output file, in `dir`.
  static testkit::CommandResult mip(const testkit::TempDir& dir, const std::string& net, const std::string& extra,
                                    const std::string& tag = "") {
    const std::string network = net == "relu" ? kRelu : "--config configs/iris.toml";
    const std::string seed = extra.find("--seed") == std::string::npos ? " --seed 3" : "";
    return run_legcnet("prune --method mip " + network + seed + " --model " + path(net + "/model.csv") + " " + extra +
                           " --out " + (dir / (tag + "mask.csv")).string() + " --scores " + (dir / (tag + "scores.csv")).string() +
                           " --solver-log " + (dir / (tag + "log.csv")).string() + " --write-lp " +
                           (dir / (tag + "model.lp")).string(),
                       dir / "err");
  }
};
testkit::TempDir* MipTest::dir_ = nullptr;

// The files of one run: scores named h{L}_{j} with pruned = score < threshold, a mask that
// removes exactly the pruned units, one solver-log row, and an LP file on which glpsol finds the
// logged bound (the final outer approximation's optimum).
void check_run(const testkit::TempDir& dir, const std::vector<int>& hidden, const std::string& form, double tolerance) {
  const auto scores = read_rows(dir / "scores.csv");
  ASSERT_EQ(scores.front(), (std::vector<std::string>{"unit", "score", "pruned"}));
  std::size_t row = 1;
  nn::Mlp net(nn::Architecture{{4, hidden.front(), hidden.size() > 1 ? hidden[1] : 3, 3}});
  if (hidden.size() == 1) net = nn::Mlp(nn::Architecture{{4, hidden.front(), 3}});
  const auto mask = nn::read_mask((dir / "mask.csv").string(), net);
  const auto removed = prune::removed_units(net, mask);
  for (std::size_t l = 0; l < hidden.size(); ++l)
    for (int j = 0; j < hidden[l]; ++j, ++row) {
      ASSERT_LT(row, scores.size());
      EXPECT_EQ(scores[row][0], prune::unit_name(l, static_cast<std::size_t>(j)));
      const double score = std::stod(scores[row][1]);
      EXPECT_GE(score, 0.0);
      EXPECT_LE(score, 1.0);
      EXPECT_EQ(scores[row][2], score < 0.1 ? "1" : "0");
      EXPECT_EQ(removed[l][static_cast<std::size_t>(j)], score < 0.1) << scores[row][0];
    }
  EXPECT_EQ(row, scores.size());
  EXPECT_EQ(mask.pruned(), prune::unit_mask(net, removed, prune::NeuronMask::inout).pruned()) << "whole units only";
  const auto log = read_rows(dir / "log.csv");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], (std::vector<std::string>{"form", "samples", "variables", "binaries", "rows", "status", "objective",
                                              "bound", "gap", "seconds"}));
  ASSERT_EQ(log[1].size(), 10u);
  EXPECT_EQ(log[1][0], form);
  EXPECT_EQ(log[1][1], "3");  // one sample per class
  EXPECT_EQ(log[1][5], "optimal");
  EXPECT_LE(std::stod(log[1][8]), 1e-4);
  const double bound = std::stod(log[1][7]);
  if (!testkit::glpsol_available()) return;
  const auto glpk = testkit::run_glpsol(dir / "model.lp");
  ASSERT_TRUE(glpk.has_value());
  EXPECT_TRUE(glpk->optimal);
  EXPECT_NEAR(glpk->objective, bound, tolerance * std::max(1.0, std::abs(bound)));
}

}  // namespace

TEST_F(MipTest, LinearFormOnTheSigmoidNet) {
  testkit::TempDir dir;
  expect_ok(mip(dir, "sigmoid", ""));
  // LPs: glpsol and Clp agree to their primal tolerance, 1e-7.
  check_run(dir, {6}, "linear", 1e-7);
  EXPECT_EQ(read_rows(dir / "log.csv")[1][3], "0");
}

TEST_F(MipTest, ReluFormOnTheReluNetWithBinaries) {
  testkit::TempDir dir;
  // A wide input box leaves ReLUs undecided: binaries. glpsol's MIP takes values within 1e-5 of an
  // integer as integral, so the two optima agree to ~1e-5 (see tests/unit/test_mip.cpp).
  expect_ok(mip(dir, "relu", "--mip-eps 0.3"));
  check_run(dir, {6, 5}, "relu", 2e-5);
  EXPECT_NE(read_rows(dir / "log.csv")[1][3], "0");
}

TEST_F(MipTest, SameInputsGiveTheSameFiles) {
  testkit::TempDir dir;
  expect_ok(mip(dir, "relu", "--mip-eps 0.3", "a-"));
  expect_ok(mip(dir, "relu", "--mip-eps 0.3", "b-"));
  for (const char* file : {"mask.csv", "scores.csv", "model.lp"})
    EXPECT_EQ(testkit::read_file(dir / (std::string("a-") + file)), testkit::read_file(dir / (std::string("b-") + file)))
        << file;
  // Another seed draws other samples (and splits otherwise: the model is another run's, --force).
  expect_ok(mip(dir, "relu", "--mip-eps 0.3 --seed 4 --force", "c-"));
  EXPECT_NE(testkit::read_file(dir / "a-model.lp"), testkit::read_file(dir / "c-model.lp"));
}

TEST_F(MipTest, NodeLevelBaselinesRemoveAsManyUnitsPerLayer) {
  testkit::TempDir dir;
  expect_ok(mip(dir, "relu", "--mip-lambda 1"));
  const nn::Mlp net(nn::Architecture{{4, 6, 5, 3}});
  const auto counts = prune::units_per_layer(prune::removed_units(net, nn::read_mask((dir / "mask.csv").string(), net)));
  ASSERT_GT(counts[0] + counts[1], 0u) << "lambda 1 should prune some unit";
  for (const std::string method : {"random", "magnitude"}) {
    const auto out = dir / (method + ".csv");
    expect_ok(run_legcnet("prune --method " + method + " --level node --match " + (dir / "mask.csv").string() +
                              " --model " + path("relu/model.csv") + " --allow-disconnected --quiet --out " + out.string(),
                          dir / "err"));
    const auto mask = nn::read_mask(out.string(), net);
    const auto removed = prune::removed_units(net, mask);
    EXPECT_EQ(prune::units_per_layer(removed), counts) << method;
    EXPECT_EQ(mask.pruned(), prune::unit_mask(net, removed, prune::NeuronMask::inout).pruned()) << method;
  }
}

TEST_F(MipTest, EvaluateMatchesRetrainSparseOnItsOwnModel) {
  testkit::TempDir dir;
  expect_ok(mip(dir, "sigmoid", ""));
  expect_ok(run_legcnet("retrain-sparse --config configs/iris.toml --seed 3 --max-epochs 5 --quiet --init " +
                            path("sigmoid/init.csv") + " --mask " + (dir / "mask.csv").string() + " --method mip --out " +
                            (dir / "sparse").string(), dir / "err"));
  expect_ok(run_legcnet("evaluate --config configs/iris.toml --seed 3 --quiet --model " + (dir / "sparse/model.csv").string() +
                            " --mask " + (dir / "mask.csv").string() + " --method mip --out " + (dir / "eval.csv").string(),
                        dir / "err"));
  const auto retrained = read_rows(dir / "sparse/summary.csv"), evaluated = read_rows(dir / "eval.csv");
  ASSERT_EQ(retrained[0], evaluated[0]);
  // Same model, same mask, same split: every column equal but epochs and training cost.
  for (std::size_t c : {0u, 1u, 3u, 4u, 5u, 6u, 7u, 8u, 9u}) EXPECT_EQ(retrained[1][c], evaluated[1][c]) << retrained[0][c];
  EXPECT_EQ(evaluated[1][2], "0");
  EXPECT_EQ(evaluated[1][10], "0");
  EXPECT_TRUE(std::filesystem::exists(dir / "eval.toml"));
}

TEST_F(MipTest, RefusesWhatDoesNotFit) {
  testkit::TempDir dir;
  const std::string sigmoid = "prune --method mip --config configs/iris.toml --seed 3 --model " + path("sigmoid/model.csv");
  const std::vector<std::pair<std::string, std::string>> cases{
      {sigmoid + " --mip-form relu", "ReLU network"},
      {sigmoid + " --fraction 0.2", "has none"},
      {sigmoid + " --hidden 5", "architecture 4-5-3 sigmoid/sigmoid here vs 4-6-3"},
      {std::string("prune --method mip ") + kRelu + " --seed 3 --model " + path("relu/model.csv") + " --mip-form pwl", "interpolates the sigmoid"},
      {"prune --method random --fraction 0.2 --model " + path("sigmoid/model.csv") + " --write-lp " + (dir / "x.lp").string(),
       "only mip"},
  };
  for (const auto& [args, fragment] : cases) {
    const auto out = dir / "refused.csv";
    const auto result = run_legcnet(args + " --out " + out.string(), dir / "err");
    EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(out)) << args;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.lp")) << args;
  }
}

// The model, the mask and --config/--seed must describe one run: prune --method mip and evaluate
// check them (dataset digest, seed, split, architecture) before reading them, refuse a mismatch
// with exit 2 and no output, and record what they checked beside --out (mask.toml, eval.toml).
TEST_F(MipTest, InputsOfAnotherRunAreRefusedAndTheRunIsRecorded) {
  testkit::TempDir dir;
  const std::string sigmoid = " --model " + path("sigmoid/model.csv");
  const std::string out = " --out " + (dir / "out.csv").string();
  const std::vector<std::pair<std::string, std::string>> refused{
      {"prune --method mip --config configs/iris.toml --seed 4" + sigmoid, "does not belong to this run: seed 4 here vs 3"},
      {"prune --method mip --config configs/banknote.toml --seed 3" + sigmoid, "does not belong to this run: dataset"},
      {"evaluate --config configs/iris.toml --seed 4 --method x" + sigmoid, "does not belong to this run: seed 4 here vs 3"},
      {"evaluate --config configs/banknote.toml --seed 3 --method x" + sigmoid, "does not belong to this run: dataset"},
  };
  for (const auto& [args, fragment] : refused) {
    const auto result = run_legcnet(args + out, dir / "err");
    EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << args << "\n" << result.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(dir / "out.csv")) << args;
    EXPECT_FALSE(std::filesystem::exists(dir / "out.toml")) << args;
  }

  // The records: the run's identity, the inputs compared, and what --force let through.
  expect_ok(mip(dir, "sigmoid", ""));
  const auto record = stages::read_record_table((dir / "mask.toml").string(), "run");
  EXPECT_EQ(record.at("seed"), std::vector<std::string>{"3"});
  EXPECT_EQ(record.at("architecture"), std::vector<std::string>{"4-6-3 sigmoid/sigmoid"});
  EXPECT_EQ(record.at("inputs"), std::vector<std::string>{path("sigmoid/model.csv")});
  EXPECT_EQ(record.count("forced"), 0u);
  EXPECT_NE(testkit::read_file(dir / "mask.toml").find("mip-lambda"), std::string::npos) << "[config] holds the options";
  expect_ok(run_legcnet("evaluate --config configs/iris.toml --seed 3 --method mip --quiet" + sigmoid + " --mask " +
                            (dir / "mask.csv").string() + " --out " + (dir / "eval.csv").string(), dir / "err"));
  const auto evaluated = stages::read_record_table((dir / "eval.toml").string(), "run");
  EXPECT_EQ(evaluated.at("seed"), std::vector<std::string>{"3"});
  EXPECT_EQ(evaluated.at("inputs"), (std::vector<std::string>{path("sigmoid/model.csv"), (dir / "mask.csv").string()}));

  // --force: the MIP runs on seed 4's split and says so in its record; that mask is then another
  // run's for evaluate with the seed-3 model.
  expect_ok(mip(dir, "sigmoid", "--seed 4 --force", "forced-"));
  const auto forced = stages::read_record_table((dir / "forced-mask.toml").string(), "run");
  EXPECT_EQ(forced.at("seed"), std::vector<std::string>{"4"});
  ASSERT_EQ(forced.count("forced"), 1u);
  EXPECT_NE(forced.at("forced").at(0).find("seed 4 here vs 3"), std::string::npos);
  const auto result = run_legcnet("evaluate --config configs/iris.toml --seed 3 --method mip" + sigmoid + " --mask " +
                                      (dir / "forced-mask.csv").string() + out, dir / "err");
  EXPECT_EQ(result.exit_code, 2) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("forced-mask.csv does not belong to this run: seed 3 here vs 4"), std::string::npos)
      << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
}

// A unit whose outgoing weights are all 0 cannot change the logits: the program lowers its score
// to 0 (the linear form has no floor above it) and the mask removes the whole unit.
TEST_F(MipTest, UnitWithoutOutgoingWeightsIsPrunedWhole) {
  testkit::TempDir dir;
  std::filesystem::create_directories(dir / "zero");
  std::filesystem::copy_file(path("sigmoid/run.toml"), dir / "zero/run.toml");
  std::istringstream lines(testkit::read_file(path("sigmoid/model.csv")));
  std::ofstream model(dir / "zero/model.csv");
  const std::regex outgoing("w2_[0-9]+_2,.*");  // h1_2's outgoing weights (incoming of the outputs)
  std::string line;
  int zeroed = 0;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, outgoing)) {
      line = line.substr(0, line.find(',')) + ",0";
      ++zeroed;
    }
    model << line << "\n";
  }
  model.close();
  ASSERT_EQ(zeroed, 3);
  expect_ok(run_legcnet("prune --method mip --config configs/iris.toml --seed 3 --quiet --model " +
                            (dir / "zero/model.csv").string() + " --scores " + (dir / "scores.csv").string() + " --out " +
                            (dir / "mask.csv").string(), dir / "err"));
  const auto scores = read_rows(dir / "scores.csv");
  ASSERT_EQ(scores.size(), 7u);
  EXPECT_EQ(scores[3][0], "h1_2");
  EXPECT_LT(std::stod(scores[3][1]), 1e-9);  // Clp's tolerances; the optimum is 0
  EXPECT_EQ(scores[3][2], "1");
  const nn::Mlp net(nn::Architecture{{4, 6, 3}});
  const auto mask = nn::read_mask((dir / "mask.csv").string(), net);
  const auto removed = prune::removed_units(net, mask);
  EXPECT_TRUE(removed[0][2]);
  const auto names = net.weight_names();
  std::size_t unit_weights = 0;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (names[k].rfind("w1_2_", 0) != 0 && !std::regex_match(names[k], std::regex("w2_[0-9]+_2"))) continue;
    EXPECT_FALSE(mask.keep[k]) << names[k];
    ++unit_weights;
  }
  EXPECT_EQ(unit_weights, 4u + 3u);  // 4 incoming, 3 outgoing
}
