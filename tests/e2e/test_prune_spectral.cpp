// End-to-end tests of prune --method spectral on a trained iris network (4-6-3).
#include <gtest/gtest.h>

#include <sstream>

#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

struct ScoreRow {
  std::string weight;
  double resistance = 0, leverage = 0;
  int kept = 0;
};

std::vector<ScoreRow> read_scores(const std::filesystem::path& path) {
  std::istringstream text(testkit::read_file(path));
  std::string line;
  std::getline(text, line);
  EXPECT_EQ(line, "weight,resistance,leverage,kept");
  std::vector<ScoreRow> rows;
  while (std::getline(text, line)) {
    std::istringstream fields(line);
    ScoreRow row;
    std::string field;
    std::getline(fields, row.weight, ',');
    std::getline(fields, field, ',');
    row.resistance = std::stod(field);
    std::getline(fields, field, ',');
    row.leverage = std::stod(field);
    std::getline(fields, field, ',');
    row.kept = std::stoi(field);
    rows.push_back(row);
  }
  return rows;
}

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

class SpectralPruneTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("SpectralPruneTest-suite");
    ASSERT_EQ(run_legcnet("train-dense --config configs/iris.toml --seed 3 --epochs 5 --record-every 0 --quiet --out " +
                              path("dense"), *dir_ / "setup-err").exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static testkit::TempDir* dir_;
};
testkit::TempDir* SpectralPruneTest::dir_ = nullptr;

}  // namespace

TEST_F(SpectralPruneTest, ScoresObeyFosterAndMatchTheMask) {
  testkit::TempDir dir;
  const std::string base = "prune --method spectral --model " + path("dense/model.csv") + " --fraction 0.5 --quiet";
  expect_ok(run_legcnet(base + " --scores " + (dir / "scores.csv").string() + " --out " + (dir / "mask.csv").string(),
                        dir / "err"));
  const auto scores = read_scores(dir / "scores.csv");
  const auto mask = io::read_named_values((dir / "mask.csv").string(), "weight", "keep");
  ASSERT_EQ(scores.size(), 42U);  // 6 x 4 + 3 x 6
  double sums[2] = {0, 0};
  int pruned[2] = {0, 0};
  for (std::size_t k = 0; k < scores.size(); ++k) {
    EXPECT_EQ(scores[k].weight, mask.names[k]);
    EXPECT_EQ(scores[k].kept, static_cast<int>(mask.values[k]));
    EXPECT_GT(scores[k].leverage, 0.0);  // a trained dense net has no zero weight
    EXPECT_LE(scores[k].leverage, 1.0 + 1e-12);
    const int layer = scores[k].weight.rfind("w1_", 0) == 0 ? 0 : 1;
    sums[layer] += scores[k].leverage;
    pruned[layer] += scores[k].kept == 0;
  }
  // Foster on the trained layers: (4 + 6) - 1 and (6 + 3) - 1. 1e-9: the shortest round-trip
  // text is exact, so only the sums' own rounding remains.
  EXPECT_NEAR(sums[0], 9.0, 1e-9);
  EXPECT_NEAR(sums[1], 8.0, 1e-9);
  // Layer scope (spectral's default): 21 of 42 split 12 + 9.
  EXPECT_EQ(pruned[0], 12);
  EXPECT_EQ(pruned[1], 9);
}

TEST_F(SpectralPruneTest, MasksAreReproducibleAndFollowTheOptions) {
  testkit::TempDir dir;
  const std::string base = "prune --method spectral --model " + path("dense/model.csv") + " --quiet";
  auto run = [&](const std::string& args, const std::string& name) {
    expect_ok(run_legcnet(base + " " + args + " --out " + (dir / name).string(), dir / "err"));
    return testkit::read_file(dir / name);
  };
  const std::string a = run("--fraction 0.6 --prune-seed 4", "a.csv");
  EXPECT_EQ(a, run("--fraction 0.6 --prune-seed 4", "a2.csv"));
  EXPECT_NE(a, run("--fraction 0.6 --prune-seed 5", "b.csv"));
  EXPECT_EQ(run("--fraction 0.6 --spectral-select top --prune-seed 4", "top4.csv"),
            run("--fraction 0.6 --spectral-select top --prune-seed 5", "top5.csv"));
  // --match prunes exactly the other mask's count, at either scope.
  auto pruned_count = [&](const std::string& name) {
    const auto mask = io::read_named_values((dir / name).string(), "weight", "keep");
    return std::count(mask.values.begin(), mask.values.end(), 0.0);
  };
  run("--match " + (dir / "a.csv").string() + " --scope global", "global.csv");
  run("--match " + (dir / "a.csv").string(), "layer.csv");
  EXPECT_EQ(pruned_count("a.csv"), 25);  // round(0.6 * 42)
  EXPECT_EQ(pruned_count("global.csv"), 25);
  EXPECT_EQ(pruned_count("layer.csv"), 25);
  // At initialisation: the graph of init.csv.
  run("--fraction 0.6 --spectral-weights init --init " + path("dense/init.csv"), "init.csv");
  EXPECT_EQ(pruned_count("init.csv"), 25);
}

TEST_F(SpectralPruneTest, RefusesBadInput) {
  testkit::TempDir dir;
  auto refused = [&](const std::string& args, const std::string& fragment) {
    const auto out = dir / "mask.csv";
    const auto result = run_legcnet("prune --method spectral " + args + " --out " + out.string(), dir / "err");
    EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
    EXPECT_FALSE(std::filesystem::exists(out));
  };
  refused("--fraction 0.5", "--method spectral needs --model FILE");
  refused("--fraction 0.5 --spectral-weights init --model " + path("dense/model.csv"), "needs --init FILE");
  refused("--model " + path("dense/model.csv"), "needs --fraction or --match");
  std::string model = testkit::read_file(path("dense/model.csv"));
  model.replace(model.find('\n') + 1, model.find('\n', model.find('\n') + 1) - model.find('\n') - 1, "w1_0_0,nan");
  testkit::write_file(dir / "nan.csv", model);
  refused("--fraction 0.5 --model " + (dir / "nan.csv").string(), "not a finite number");
}
