// legcnet chain against the staged pipeline it replaces in make experiment: the same granger.csv,
// mask.csv and summary.csv (and le.csv, the dense run's metrics, the models) byte for byte, on iris
// and banknote, and the perturbed run's metrics at step 0 and epoch ends; shards joined by --merge
// give the whole chain; bad options leave nothing behind.
#include <gtest/gtest.h>

#include <sstream>

#include "test_support.hpp"

using namespace legcnet;
using testkit::read_file;
using testkit::run_legcnet;

namespace {

// The flags make experiment gave the stages (TRAIN_FLAGS, RETRAIN_FLAGS; PRUNE_FLAGS below).
const std::string kEval = " --quiet";

// Runs `legcnet ARGS` and expects it to succeed.
void ok(const std::string& args, const std::filesystem::path& err) {
  const auto result = run_legcnet(args, err);
  ASSERT_EQ(result.exit_code, 0) << args << "\n" << result.stderr_text;
}

// The seven stages for FT and PT, as the Makefile's rules ran them before the chain. `run` goes
// to the training runs (seed, epochs), the seed alone to retrain-sparse (whose --epochs is a budget).
void run_staged(const std::string& config, const std::string& run, const std::filesystem::path& out) {
  const std::string seed = run.substr(0, run.find(" --epochs"));
  const std::string d = out.string(), err = (out.parent_path() / "staged-err").string();
  ok("train-dense --config " + config + run + kEval + " --out " + d + "/dense", err);
  ok("perturb-retrain --config " + config + run + kEval + " --init " + d + "/dense/init.csv --out " + d + "/perturbed", err);
  ok("diff-series --base " + d + "/dense/weights.csv --perturbed " + d + "/perturbed/weights.csv --out " + d +
         "/diff.csv --quiet", err);
  ok("windowed-le --config " + config + " --series " + d + "/diff.csv --out " + d + "/ft/le.csv --quiet", err);
  ok("windowed-le --config " + config + " --series " + d + "/diff.csv --pt --metrics " + d +
         "/dense/metrics.csv --out " + d + "/pt/le.csv --quiet", err);
  for (const std::string v : {"ft", "pt"}) {
    ok("granger --le " + d + "/" + v + "/le.csv --metrics " + d + "/dense/metrics.csv --out " + d + "/" + v +
           "/granger.csv --quiet", err);
    const std::string mask = d + "/" + v + "/mask.csv";
    ASSERT_EQ(std::system(("cd '" + testkit::source_dir().string() + "' && '" + LEGCNET_BINARY + "' prune --method legc --granger " +
                           d + "/" + v + "/granger.csv --out " + mask + " --allow-disconnected --quiet > " + d + "/" + v +
                           "/mask-layers.csv").c_str()), 0);
    ok("retrain-sparse --config " + config + seed + kEval + " --init " + d + "/dense/init.csv --mask " + mask +
           " --method " + v + " --out " + d + "/" + v + "/sparse", err);
  }
}

std::string chain_args(const std::string& config, const std::string& run) {
  return "chain --config " + config + run + kEval + " --allow-disconnected";
}

// The rows of a staged metrics.csv at step 0 and at epoch ends (the last row is one: step = epochs
// x steps per epoch), as the chain's perturbed runs keep them; the window ends are Granger's target
// only in the dense run's file.
std::string epoch_end_rows(const std::string& metrics) {
  std::vector<std::string> lines;
  std::istringstream in(metrics);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto field = [](const std::string& line, int index) {
    std::istringstream cells(line);
    std::string cell;
    for (int i = 0; i <= index; ++i) std::getline(cells, cell, ',');
    return std::stoll(cell);
  };
  const long long per_epoch = field(lines.back(), 0) / field(lines.back(), 1);
  std::string kept = lines[0] + "\n";
  for (std::size_t i = 1; i < lines.size(); ++i)
    if (field(lines[i], 0) % per_epoch == 0) kept += lines[i] + "\n";
  return kept;
}

void expect_same_results(const std::filesystem::path& chain, const std::filesystem::path& staged) {
  EXPECT_EQ(read_file(chain / "perturbed/metrics.csv"), epoch_end_rows(read_file(staged / "perturbed/metrics.csv")));
  for (const char* file : {"ft/granger.csv", "ft/mask.csv", "ft/sparse/summary.csv", "pt/granger.csv", "pt/mask.csv",
                           "pt/sparse/summary.csv", "ft/le.csv", "pt/le.csv", "ft/mask-layers.csv", "pt/mask-layers.csv",
                           "dense/init.csv", "dense/metrics.csv", "dense/model.csv", "dense/scaler.csv",
                           "dense/split.csv", "dense/summary.csv", "perturbed/model.csv", "ft/sparse/model.csv",
                           "pt/sparse/model.csv"}) {
    ASSERT_TRUE(std::filesystem::exists(chain / file)) << file;
    EXPECT_EQ(read_file(chain / file), read_file(staged / file)) << file;
  }
}

// The full iris run (the experiment's own settings), staged and chained, shared by the tests.
class ChainIris : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("ChainIris-suite");
    run_staged("configs/iris.toml", " --seed 2", *dir_ / "staged");
    ok(chain_args("configs/iris.toml", " --seed 2") + " --out " + path("chain"), *dir_ / "err");
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static testkit::TempDir* dir_;
};
testkit::TempDir* ChainIris::dir_ = nullptr;

}  // namespace

TEST_F(ChainIris, GivesTheStagedPipelinesFilesByteForByte) {
  expect_same_results(path("chain"), path("staged"));
  // No weight series reached the disk.
  for (const char* file : {"dense/weights.csv", "perturbed/weights.csv", "diff.csv"})
    EXPECT_FALSE(std::filesystem::exists(*dir_ / "chain" / file)) << file;
}

TEST_F(ChainIris, ShardsFinishedByMergeGiveTheWholeChain) {
  testkit::TempDir dir;
  std::string shards;
  for (int k = 0; k < 3; ++k) {
    const std::string shard = (dir / ("shard" + std::to_string(k))).string();
    ok(chain_args("configs/iris.toml", " --seed 2") + " --shard " + std::to_string(k) + "/3 --out " + shard, dir / "err");
    // A shard estimates its block only: no granger, mask or retraining.
    EXPECT_TRUE(std::filesystem::exists(shard + "/ft/le.csv.shard.toml"));
    EXPECT_FALSE(std::filesystem::exists(shard + "/ft/granger.csv"));
    shards += " " + shard;
  }
  ok(chain_args("configs/iris.toml", " --seed 2") + " --merge" + shards + " --out " + (dir / "run").string(), dir / "err");
  expect_same_results(dir / "run", path("chain"));
  // Finishing shards with another seed than theirs is refused.
  const auto refused = run_legcnet(chain_args("configs/iris.toml", " --seed 3") + " --merge" + shards + " --out " +
                                       (dir / "other").string(), dir / "err");
  EXPECT_EQ(refused.exit_code, 2) << refused.stderr_text;
  EXPECT_NE(refused.stderr_text.find("is a shard of another run than this command's"), std::string::npos) << refused.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "other"));
}

TEST_F(ChainIris, KeepSeriesWritesTheStagedSeries) {
  testkit::TempDir dir;
  ok(chain_args("configs/iris.toml", " --seed 2") + " --epochs 25 --keep-series --out " + (dir / "run").string(), dir / "err");
  const std::string d = (dir / "staged").string();
  ok("train-dense --config configs/iris.toml --seed 2 --epochs 25" + kEval + " --out " + d + "/dense", dir / "err");
  EXPECT_EQ(read_file(dir / "run/dense/weights.csv"), read_file(d + "/dense/weights.csv"));
  ok("perturb-retrain --config configs/iris.toml --seed 2 --epochs 25" + kEval + " --init " + d + "/dense/init.csv --out " +
         d + "/perturbed", dir / "err");
  ok("diff-series --base " + d + "/dense/weights.csv --perturbed " + d + "/perturbed/weights.csv --out " + d + "/diff.csv",
     dir / "err");
  EXPECT_EQ(read_file(dir / "run/diff.csv"), read_file(d + "/diff.csv"));
}

TEST_F(ChainIris, FurtherPerturbationsAreThoseOfPerturbRetrain) {
  // --perturbations 2: perturbation 0 in perturbed/, ft/, pt/ (as with one) and perturbation 1 in
  // perturbed-p1/, ft-p1/, pt-p1/, which must be the staged chain's with perturb-retrain --perturbation 1.
  testkit::TempDir dir;
  const std::string run = " --seed 2 --epochs 25";
  ok(chain_args("configs/iris.toml", run) + " --perturbations 2 --out " + (dir / "chain").string(), dir / "err");
  const std::string d = (dir / "staged").string(), c = " --config configs/iris.toml";
  ok("train-dense" + c + run + kEval + " --out " + d + "/dense", dir / "err");
  for (const std::string k : {"0", "1"}) {
    const std::string p = d + "/p" + k;
    ok("perturb-retrain" + c + run + kEval + " --perturbation " + k + " --init " + d + "/dense/init.csv --out " + p +
           "/perturbed", dir / "err");
    ok("diff-series --base " + d + "/dense/weights.csv --perturbed " + p + "/perturbed/weights.csv --out " + p +
           "/diff.csv --quiet", dir / "err");
    ok("windowed-le" + c + " --series " + p + "/diff.csv --out " + p + "/ft/le.csv --quiet", dir / "err");
    ok("windowed-le" + c + " --series " + p + "/diff.csv --pt --metrics " + d + "/dense/metrics.csv --out " + p +
           "/pt/le.csv --quiet", dir / "err");
    for (const std::string v : {"ft", "pt"}) {
      ok("granger --le " + p + "/" + v + "/le.csv --metrics " + d + "/dense/metrics.csv --out " + p + "/" + v +
             "/granger.csv --quiet", dir / "err");
      ok("prune --method legc --allow-disconnected --quiet --granger " + p + "/" + v + "/granger.csv --out " + p + "/" +
             v + "/mask.csv", dir / "err");
      const std::string chained = (dir / "chain").string() + "/" + v + (k == "0" ? "" : "-p1");
      for (const char* file : {"/le.csv", "/granger.csv", "/mask.csv"})
        EXPECT_EQ(read_file(chained + file), read_file(p + "/" + v + file)) << v << " perturbation " << k << file;
    }
    const std::string perturbed = (dir / "chain").string() + (k == "0" ? "/perturbed" : "/perturbed-p1");
    EXPECT_EQ(read_file(perturbed + "/model.csv"), read_file(p + "/perturbed/model.csv")) << k;
  }
  EXPECT_NE(read_file(dir / "chain/ft/le.csv"), read_file(dir / "chain/ft-p1/le.csv"));
}

// The perturbed weight a run's run.toml records.
std::string perturbed_weight(const std::filesystem::path& run_toml) {
  const std::string text = read_file(run_toml), key = "perturbed_weight = \"";
  const auto at = text.find(key);
  if (at == std::string::npos) return "";
  const auto start = at + key.size();
  return text.substr(start, text.find('"', start) - start);
}

TEST(Chain, AWeightIsTheFirstPerturbationAndDrawsTheOthers) {
  // A config's weight (configs/mnist.toml's w2_0_0) with --perturbations 2: perturbed/ is
  // perturb-retrain --weight W, perturbed-p1/ is perturb-retrain --perturbation 1, as make
  // experiment's staged rules would have run them.
  testkit::TempDir dir;
  const std::string run = " --config configs/iris.toml --seed 2 --epochs 25", weight = "w2_1_3";
  ok(chain_args("configs/iris.toml", " --seed 2 --epochs 25") + " --weight " + weight + " --perturbations 2 --out " +
         (dir / "chain").string(), dir / "err");
  const std::string d = (dir / "staged").string();
  ok("train-dense" + run + kEval + " --out " + d + "/dense", dir / "err");
  ok("perturb-retrain" + run + kEval + " --weight " + weight + " --init " + d + "/dense/init.csv --out " + d + "/p0", dir / "err");
  ok("perturb-retrain" + run + kEval + " --perturbation 1 --init " + d + "/dense/init.csv --out " + d + "/p1", dir / "err");
  EXPECT_EQ(perturbed_weight(dir / "chain/perturbed/run.toml"), weight);
  const std::string drawn = perturbed_weight(d + "/p1/run.toml");
  ASSERT_FALSE(drawn.empty());
  EXPECT_NE(drawn, weight);
  EXPECT_EQ(perturbed_weight(dir / "chain/perturbed-p1/run.toml"), drawn);
  EXPECT_EQ(read_file(dir / "chain/perturbed/model.csv"), read_file(d + "/p0/model.csv"));
  EXPECT_EQ(read_file(dir / "chain/perturbed-p1/model.csv"), read_file(d + "/p1/model.csv"));
  // --weight naming the weight the first draw picks would train one run twice: refused before training.
  const auto out = dir / "twice";
  const auto refused = run_legcnet(chain_args("configs/iris.toml", " --seed 2 --epochs 25") + " --weight " + drawn +
                                       " --perturbations 2 --out " + out.string(), dir / "err");
  EXPECT_EQ(refused.exit_code, 2) << refused.stderr_text;
  EXPECT_NE(refused.stderr_text.find("perturbations 0 and 1 would both nudge " + drawn), std::string::npos)
      << refused.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Chain, GivesTheStagedPipelinesFilesOnBanknote) {
  // 20 of banknote's 100 epochs (22,000 updates per run) keep the test at a few seconds; PT is
  // the config's 2 epochs.
  testkit::TempDir dir;
  run_staged("configs/banknote.toml", " --seed 1 --epochs 20", dir / "staged");
  ok(chain_args("configs/banknote.toml", " --seed 1 --epochs 20") + " --out " + (dir / "chain").string(), dir / "err");
  expect_same_results(dir / "chain", dir / "staged");
}

TEST(Chain, RefusesBadOptionsAndLeavesNothing) {
  testkit::TempDir dir;
  const std::string base = "chain --config configs/iris.toml --seed 1 --quiet";
  for (const auto& [args, fragment] : std::vector<std::pair<std::string, std::string>>{
           {base + " --pt-epochs 0", "--pt-epochs 0 must lie in 1 .. --epochs (200)"},
           {base + " --epochs 10", "--pt-epochs 20 must lie in 1 .. --epochs (10)"},
           {base + " --window 20", "--window 20 is too short"},
           {base + " --record-every 0", "--record-every must be at least 1"},
           {base + " --shard 0/2 --merge x", "give --shard or --merge, not both"},
           {base + " --shard 0/43", "more shards than the 42 weights"},
           {base + " --weight w9_0_0", "w9_0_0"},
           {base + " --perturbations 0", "--perturbations"},
           {base + " --merge " + (dir / "nowhere").string(), "not found"}})
    testkit::expect_refused(dir.path(), args, fragment);
}
