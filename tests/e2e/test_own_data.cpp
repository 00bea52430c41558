// Your own CSV (issue 11): bad inputs refused, load summaries and [data] records, configs that
// name their data, run.toml as a config, runs that check they belong together, the default
// window and evaluation points, the perturbed weight, the validation split, scaler.csv and
// split.csv reproducing the tool's accuracy. The binary is run as a user would.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "legcnet/dynamics/windows.hpp"
#include "legcnet/eval/metrics.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/named_values.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/series.hpp"
#include "legcnet/stages/common.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

std::string pandas(const std::string& name) {
  return (testkit::source_dir() / "tests" / "reference" / "pandas" / name).string();
}

void expect_ok(const testkit::CommandResult& result) { ASSERT_EQ(result.exit_code, 0) << result.stderr_text; }

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// Exit 2, one line containing `fragment`, no output left behind.
void expect_refused(const testkit::TempDir& dir, const std::string& args, const std::string& fragment) {
  const auto out = dir / "refused-output";
  const auto result = run_legcnet(args + " --out " + out.string(), dir / "err");
  EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << args << "\n" << result.stderr_text;
  EXPECT_EQ(lines(result.stderr_text), 1u) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(out)) << args;
  EXPECT_FALSE(std::filesystem::exists(dir / "refused-output.toml")) << args;
}

// The value of `key` in table [section] of a record we wrote ("" when absent).
std::string record_value(const std::filesystem::path& record, const std::string& section, const std::string& key) {
  std::istringstream in(testkit::read_file(record));
  std::string line, current;
  while (std::getline(in, line)) {
    if (!line.empty() && line.front() == '[') {
      current = line.substr(1, line.find(']') - 1);
      continue;
    }
    if (current == section && line.rfind(key + " = ", 0) == 0) return line.substr(key.size() + 3);
  }
  return "";
}

const std::string kWine = "--data " + pandas("wine_named.csv") + " --hidden 6 --lr 0.1";

}  // namespace

TEST(OwnData, BadInputsExitTwoWithOneLineAndLeaveNothingBehind) {
  testkit::TempDir dir;
  const std::string train = "train-dense --epochs 1 --quiet --data ";
  expect_refused(dir, train + pandas("wine_nan.csv"), "wine_nan.csv:9: column 4 ('magnesium'): 'nan' is not a finite number");
  expect_refused(dir, train + pandas("wine_semicolon.csv"), "wine_semicolon.csv:1: the line is separated by semicolons");
  expect_refused(dir, train + pandas("wine_label_first.csv"), "the label, column 13 ('proline'), holds 50 distinct values");
  const std::string named = testkit::read_file(pandas("wine_named.csv"));
  for (const auto& [cell, fragment] : std::vector<std::pair<std::string, std::string>>{
           {"inf", "column 0 ('alcohol'): 'inf' is not a finite number"},
           {"1e400", "column 0 ('alcohol'): '1e400' overflows a double"},
           {"", "column 0 ('alcohol'): empty cell"}}) {
    std::string text = named;
    const auto second = text.find('\n') + 1;
    text.replace(second, text.find(',', second) - second, cell);
    testkit::write_file(dir / "cell.csv", text);
    expect_refused(dir, train + (dir / "cell.csv").string(), "cell.csv:2: " + fragment);
  }
  expect_refused(dir, train + pandas("wine_named.csv") + " --label-col 14", "label column 14 is outside the 14 columns 0..13");
  expect_refused(dir, train + pandas("wine_named.csv") + " --delimiter ab", "--delimiter must be one character or 'tab'");
  expect_refused(dir, train + pandas("wine_named.csv") + " --header maybe", "--header");
  expect_refused(dir, train + pandas("wine_named.csv") + " --val-fraction 1", "--val-fraction");
  expect_refused(dir, train + pandas("wine_named.csv") + " --dataset iris", "give --dataset NAME or --data FILE, not both");
  expect_refused(dir, train + pandas("wine_named.csv") + " --drop-cols 14", "dropped column 14 is outside the 14 columns 0..13");
  expect_refused(dir, train + pandas("wine_named.csv") + " --perturbation -1", "--perturbation");
  expect_refused(dir, train + pandas("wine_named.csv") + " --weight w3_0_0", "unknown weight 'w3_0_0'");
  expect_refused(dir, "windowed-le --series x.csv --pt", "--pt needs --pt-epochs E (in the config: pt-epochs = E)");
  expect_refused(dir, "windowed-le --series x.csv --pt --pt-epochs 2 --max-epoch 2", "give --pt (the first pt-epochs epochs) or --max-epoch, not both");
  testkit::write_file(dir / "c.toml", "data = \"missing.csv\"\n[wrong]\nlr = 1\n");
  expect_refused(dir, "train-dense --config " + (dir / "c.toml").string(), "c.toml:3: unknown section 'wrong'");
  testkit::write_file(dir / "c.toml", "data = \"missing.csv\"\n");
  expect_refused(dir, "train-dense --config " + (dir / "c.toml").string(), (dir / "missing.csv").string() + ": cannot open");
}

TEST(OwnData, APandasHeaderIsReadAsOneAndTheRunSaysWhatItLoaded) {
  testkit::TempDir dir;
  const auto result =
      run_legcnet("train-dense --data " + pandas("wine_default_header.csv") + " --epochs 1 --out " + (dir / "run").string(),
                  dir / "err");
  expect_ok(result);
  // The load summary: samples per split, features, classes with counts and names.
  EXPECT_NE(result.stderr_text.find("header: yes, line 1 has the name 'label' in column 13; label column 13"),
            std::string::npos) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(": 48 train, 0 validation, 12 test samples; 13 features (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, "
                                    "10, 11, 12); 3 classes: 0 (20), 1 (24), 2 (16)"),
            std::string::npos) << result.stderr_text;
  const auto record = dir / "run" / "run.toml";
  EXPECT_EQ(record_value(record, "data", "samples_train"), "48");
  EXPECT_EQ(record_value(record, "data", "samples_validation"), "0");
  EXPECT_EQ(record_value(record, "data", "samples_test"), "12");
  EXPECT_EQ(record_value(record, "data", "features"),
            R"(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"])");
  EXPECT_EQ(record_value(record, "data", "classes"), R"(["0", "1", "2"])");
  EXPECT_EQ(record_value(record, "data", "label_column"), "13");
  EXPECT_EQ(record_value(record, "run", "perturbed_weight"), "\"w1_0_0\"");
}

TEST(OwnData, AnIndexColumnIsAWarningAndDropColsLeavesItOut) {
  testkit::TempDir dir;
  const std::string args = "train-dense --data " + pandas("wine_index.csv") + " --epochs 1 --quiet --out ";
  auto result = run_legcnet(args + (dir / "a").string(), dir / "err");
  expect_ok(result);
  EXPECT_NE(result.stderr_text.find("column 0 holds 0, 1, ... 59, the row numbers: an index, not a feature? (--drop-cols 0"),
            std::string::npos) << result.stderr_text;
  result = run_legcnet(args + (dir / "b").string() + " --drop-cols 0", dir / "err");
  expect_ok(result);
  EXPECT_EQ(result.stderr_text, "");
  EXPECT_EQ(record_value(dir / "b" / "run.toml", "data", "feature_columns"),
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]");
}

// A config names its data relative to itself; run.toml's [config] is a valid --config that
// reproduces the run byte for byte from another directory.
TEST(OwnData, ConfigDataIsRelativeToTheConfigAndRunTomlIsAConfig) {
  testkit::TempDir dir;
  testkit::write_file(dir / "own" / "wine.csv", testkit::read_file(pandas("wine_named.csv")));
  testkit::write_file(dir / "own" / "wine.toml", "data = \"wine.csv\"\nhidden = [5]\nlr = 0.1\nepochs = 3\n"
                                                 "pt-epochs = 1\nbenchmark = 0.9\n");
  const std::string a = (dir / "a").string(), b = (dir / "b").string();
  expect_ok(run_legcnet("train-dense --config " + (dir / "own" / "wine.toml").string() + " --seed 4 --quiet --out " + a,
                        dir / "err"));
  EXPECT_EQ(record_value(dir / "a" / "run.toml", "config", "data"), "\"" + (dir / "own" / "wine.csv").string() + "\"");
  EXPECT_EQ(record_value(dir / "a" / "run.toml", "config", "hidden"), "[5]");
  expect_ok(run_legcnet("train-dense --config " + a + "/run.toml --quiet --out " + b, dir / "err"));
  for (const char* file : {"init.csv", "weights.csv", "metrics.csv", "model.csv", "scaler.csv", "split.csv"})
    EXPECT_EQ(testkit::read_file(dir / "a" / file), testkit::read_file(dir / "b" / file)) << file;
  // The records differ only in --out.
  std::string record_a = testkit::read_file(dir / "a" / "run.toml"), record_b = testkit::read_file(dir / "b" / "run.toml");
  record_a.replace(record_a.find("out = \"" + a + "\""), 8 + a.size(), "");
  record_b.replace(record_b.find("out = \"" + b + "\""), 8 + b.size(), "");
  EXPECT_EQ(record_a, record_b);
  // The other training stages read the same record as their config (keys they lack are skipped).
  expect_ok(run_legcnet("retrain-sparse --config " + a + "/run.toml --init " + a + "/init.csv --quiet --out " +
                            (dir / "r").string(), dir / "err"));
  EXPECT_EQ(record_value(dir / "r" / "run.toml", "run", "seed"), "4");
}

TEST(OwnData, StagesRefuseFilesOfOtherRunsUnlessForced) {
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  const std::string iris = "--config configs/iris.toml --epochs 2 --window 40 --quiet";
  for (const std::string seed : {"1", "2"}) {
    expect_ok(run_legcnet("train-dense " + iris + " --seed " + seed + " --out " + path("d" + seed), dir / "err"));
    expect_ok(run_legcnet("perturb-retrain " + iris + " --seed " + seed + " --init " + path("d" + seed + "/init.csv") +
                              " --out " + path("p" + seed), dir / "err"));
    expect_ok(run_legcnet("diff-series --base " + path("d" + seed + "/weights.csv") + " --perturbed " +
                              path("p" + seed + "/weights.csv") + " --out " + path("diff" + seed + ".csv"), dir / "err"));
    expect_ok(run_legcnet("windowed-le --window 40 --min-tsep 5 --quiet --series " + path("diff" + seed + ".csv") +
                              " --out " + path("le" + seed + ".csv"), dir / "err"));
    expect_ok(run_legcnet("granger --maxlag 2 --quiet --le " + path("le" + seed + ".csv") + " --metrics " +
                              path("d" + seed + "/metrics.csv") + " --out " + path("granger" + seed + ".csv"), dir / "err"));
    expect_ok(run_legcnet("prune --method legc --allow-disconnected --quiet --granger " + path("granger" + seed + ".csv") +
                              " --out " + path("mask" + seed + ".csv"), dir / "err"));
  }
  EXPECT_EQ(record_value(dir / "mask1.toml", "run", "seed"), "1");  // carried from run.toml through every stage
  EXPECT_EQ(record_value(dir / "mask2.toml", "run", "architecture"), "\"4-6-3 sigmoid/sigmoid\"");
  const std::string seeds = "do not belong together: seed 1 in ";
  expect_refused(dir, "granger --maxlag 2 --le " + path("le1.csv") + " --metrics " + path("d2/metrics.csv"),
                 path("le1.csv") + " and " + path("d2/metrics.csv") + " " + seeds + path("le1.toml") + " vs 2 in " +
                     path("d2/run.toml") + "; --force combines them anyway");
  expect_refused(dir, "diff-series --base " + path("d1/weights.csv") + " --perturbed " + path("p2/weights.csv"), seeds);
  expect_refused(dir, "windowed-le --window 40 --min-tsep 5 --series " + path("diff1.csv") + " --max-epoch 1 --metrics " +
                          path("d2/metrics.csv"), seeds);
  expect_refused(dir, "prune --method random --fraction 0.2 --model " + path("d1/model.csv") + " --match " + path("mask2.csv"),
                 seeds);
  expect_refused(dir, "retrain-sparse " + iris + " --seed 2 --init " + path("d1/init.csv") + " --mask " + path("mask1.csv"),
                 path("d1/init.csv") + " does not belong to this run: seed 2 here vs 1 in " + path("d1/run.toml"));
  expect_refused(dir, "retrain-sparse " + iris + " --seed 2 --init " + path("d2/init.csv") + " --mask " + path("mask1.csv"),
                 path("mask1.csv") + " does not belong to this run: seed 2 here vs 1 in " + path("mask1.toml"));
  expect_refused(dir, "perturb-retrain " + iris + " --seed 1 --test-fraction 0.3 --init " + path("d1/init.csv"),
                 "does not belong to this run: split sha256 ");
  expect_refused(dir, "perturb-retrain --config configs/iris3f.toml --epochs 2 --seed 1 --quiet --init " + path("d1/init.csv"),
                 "does not belong to this run: architecture 3-6-3 sigmoid/sigmoid here vs 4-6-3 sigmoid/sigmoid in ");
  // --force combines them, says so, and records it.
  const auto forced = run_legcnet("granger --maxlag 2 --force --le " + path("le1.csv") + " --metrics " +
                                      path("d2/metrics.csv") + " --out " + path("forced.csv"), dir / "err");
  expect_ok(forced);
  EXPECT_NE(forced.stderr_text.find("--force: " + path("le1.csv") + " and "), std::string::npos) << forced.stderr_text;
  EXPECT_NE(record_value(dir / "forced.toml", "run", "forced").find(seeds), std::string::npos);
  expect_ok(run_legcnet("retrain-sparse " + iris + " --seed 2 --force --init " + path("d1/init.csv") + " --mask " +
                            path("mask1.csv") + " --out " + path("r"), dir / "err"));
  EXPECT_NE(record_value(dir / "r" / "run.toml", "run", "forced").find("does not belong to this run: seed 2 here"),
            std::string::npos);
}

// Without --window and --eval-every, train-dense keeps metrics at step 0, every epoch end and the
// ends of the windows windowed-le will use by default; granger then finds every one it needs.
TEST(OwnData, DefaultWindowAndEvaluationPointsFitTogether) {
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  const std::string wine = kWine + " --epochs 50 --seed 2 --quiet";
  expect_ok(run_legcnet("train-dense " + wine + " --out " + path("d"), dir / "err"));
  expect_ok(run_legcnet("perturb-retrain " + wine + " --init " + path("d/init.csv") + " --out " + path("p"), dir / "err"));
  expect_ok(run_legcnet("diff-series --base " + path("d/weights.csv") + " --perturbed " + path("p/weights.csv") +
                            " --out " + path("diff.csv"), dir / "err"));
  expect_ok(run_legcnet("windowed-le --quiet --series " + path("diff.csv") + " --out " + path("le.csv"), dir / "err"));
  expect_ok(run_legcnet("granger --quiet --le " + path("le.csv") + " --metrics " + path("d/metrics.csv") + " --out " +
                            path("granger.csv"), dir / "err"));
  // 48 training samples x 50 epochs = 2,400 steps, 2,401 rows: window max(100, 2401 / 150) = 100,
  // hop 90, windows l = 0..25 ending at rows 99, 189, ..., 2349.
  EXPECT_EQ(record_value(dir / "le.toml", "run", "window"), "100");
  std::set<long long> expected{0};
  for (long long epoch = 1; epoch <= 50; ++epoch) expected.insert(48 * epoch);
  for (long long l = 0; 90 * l + 99 <= 2400; ++l) expected.insert(90 * l + 99);
  const auto metrics = io::read_series(path("d/metrics.csv"));
  const std::set<long long> steps(metrics.index.data(), metrics.index.data() + metrics.rows());
  EXPECT_EQ(steps, expected);
  const auto le = io::read_series(path("le.csv"), {"window", "start_step", "end_step"});
  EXPECT_EQ(le.rows(), 26);
  EXPECT_EQ(le.index(25, 2), 2349);
  // --eval-every K adds every K-th step.
  expect_ok(run_legcnet("train-dense " + kWine + " --epochs 2 --quiet --eval-every 10 --out " + path("e"), dir / "err"));
  EXPECT_EQ(io::read_series(path("e/metrics.csv")).rows(), 12);  // 0, 10, ..., 90 and the epoch ends 48, 96
}

TEST(OwnData, PtEpochsOfTheConfigIsWhatWindowedLePtReads) {
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  const std::string iris = "--config configs/iris.toml --epochs 3 --quiet";  // pt-epochs = 20 there
  expect_ok(run_legcnet("train-dense " + iris + " --out " + path("d"), dir / "err"));
  const std::string le = "windowed-le --config configs/iris.toml --window 40 --min-tsep 5 --quiet --series " +
                         path("d/weights.csv") + " --metrics " + path("d/metrics.csv");
  expect_refused(dir, le + " --pt", "the run has 3 epochs, fewer than --max-epoch 20");
  expect_ok(run_legcnet(le + " --pt --pt-epochs 2 --out " + path("pt.csv"), dir / "err"));
  expect_ok(run_legcnet(le + " --max-epoch 2 --out " + path("max.csv"), dir / "err"));
  EXPECT_EQ(testkit::read_file(dir / "pt.csv"), testkit::read_file(dir / "max.csv"));
  EXPECT_EQ(io::read_series(path("pt.csv"), {"window", "start_step", "end_step"}).index(0, 2), 39);
  EXPECT_EQ(record_value(dir / "pt.toml", "run", "max_step"), "240");
}

TEST(OwnData, PerturbationsAreQualifyingDistinctReproducibleAndRecorded) {
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  // Feature 0 (alcohol) made constant: w1_j_0 cannot change the run.
  std::string text = testkit::read_file(pandas("wine_named.csv")), constant;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    constant += (constant.empty() ? line : "13" + line.substr(line.find(','))) + "\n";
  testkit::write_file(dir / "flat.csv", constant);
  const std::string run = "--data " + path("flat.csv") + " --hidden 3 --epochs 1 --seed 5 --quiet";
  expect_refused(dir, "train-dense " + run + " --weight w1_2_0",
                 "--weight w1_2_0 multiplies feature 0 (alcohol), which is constant over the training split: its "
                 "perturbation cannot change the run; choose another weight (the default, --perturbation 0, is w1_0_1)");
  expect_ok(run_legcnet("train-dense " + run + " --out " + path("d"), dir / "err"));
  EXPECT_EQ(record_value(dir / "d" / "run.toml", "run", "perturbed_weight"), "\"w1_0_1\"");
  expect_refused(dir, "perturb-retrain " + run + " --weight w1_0_0 --init " + path("d/init.csv"), "which is constant");
  expect_refused(dir, "perturb-retrain " + run + " --perturbation 100 --init " + path("d/init.csv"),
                 "--perturbation 100: only 44 weights besides the default one");  // 3 x 12 + 3 x 3 - 1
  std::map<std::string, std::string> chosen;
  for (const std::string k : {"0", "1", "2", "1"}) {
    const std::string out = path("p" + k);
    std::filesystem::remove_all(out);
    expect_ok(run_legcnet("perturb-retrain " + run + " --perturbation " + k + " --init " + path("d/init.csv") + " --out " +
                              out, dir / "err"));
    const std::string weight = record_value(std::filesystem::path(out) / "run.toml", "run", "perturbed_weight");
    if (chosen.count(k) > 0) {
      EXPECT_EQ(chosen[k], weight) << "K " << k << " is not reproducible";
    }
    chosen[k] = weight;
    // The nudge is exactly where the record says: row 0 of perturbed - baseline.
    const auto base = io::read_series(path("d/weights.csv")), perturbed = io::read_series(out + "/weights.csv");
    for (std::size_t c = 0; c < base.names.size(); ++c) {
      const double nudge = perturbed.values(0, static_cast<Eigen::Index>(c)) - base.values(0, static_cast<Eigen::Index>(c));
      EXPECT_EQ(nudge != 0.0, "\"" + base.names[c] + "\"" == weight) << base.names[c];
    }
    EXPECT_EQ(weight.rfind("\"w1_", 0) == 0 && weight.substr(weight.size() - 3) == "_0\"", false) << weight;
  }
  EXPECT_EQ(chosen["0"], "\"w1_0_1\"");
  EXPECT_NE(chosen["1"], chosen["2"]);
  EXPECT_NE(chosen["1"], chosen["0"]);
  EXPECT_EQ(record_value(dir / "p2" / "run.toml", "run", "perturbation"), "2");
  // A config's weight yields to --perturbation on the command line (MNIST's config names w2_0_0).
  testkit::write_file(dir / "w.toml", "weight = \"w2_1_1\"\n");
  const std::string with_config = "perturb-retrain " + run + " --config " + path("w.toml") + " --init " + path("d/init.csv");
  expect_ok(run_legcnet(with_config + " --out " + path("c0"), dir / "err"));
  EXPECT_EQ(record_value(dir / "c0" / "run.toml", "run", "perturbed_weight"), "\"w2_1_1\"");
  expect_ok(run_legcnet(with_config + " --perturbation 1 --out " + path("c1"), dir / "err"));
  EXPECT_EQ(record_value(dir / "c1" / "run.toml", "run", "perturbed_weight"), chosen["1"]);
  const auto both = run_legcnet("perturb-retrain " + run + " --weight w2_1_1 --perturbation 1 --init " + path("d/init.csv") +
                                    " --out " + path("c2"), dir / "err");
  expect_ok(both);
  EXPECT_NE(both.stderr_text.find("--weight w2_1_1 overrides --perturbation 1"), std::string::npos) << both.stderr_text;
}

// With --val-fraction, retrain-sparse stops on validation accuracy (never test), read from the
// same metrics.csv it writes; val_acc columns appear only then.
TEST(OwnData, ValidationSplitDrivesTheBenchmark) {
  testkit::TempDir dir;
  auto path = [&](const std::string& name) { return (dir / name).string(); };
  const std::string wine = kWine + " --epochs 2 --seed 3 --val-fraction 0.25 --quiet";
  // retrain-sparse's --epochs is a fixed budget: its runs here train to the benchmark instead.
  const std::string wine_retrain = kWine + " --seed 3 --val-fraction 0.25 --quiet";
  expect_ok(run_legcnet("train-dense " + wine + " --out " + path("d"), dir / "err"));
  EXPECT_EQ(record_value(dir / "d" / "run.toml", "data", "samples_train"), "36");
  EXPECT_EQ(record_value(dir / "d" / "run.toml", "data", "samples_validation"), "12");
  EXPECT_EQ(record_value(dir / "d" / "run.toml", "data", "samples_test"), "12");
  const auto dense = io::read_series(path("d/metrics.csv"));
  EXPECT_EQ(dense.names, (std::vector<std::string>{"epoch", "train_loss", "train_acc", "test_acc", "val_acc"}));
  // The dense run without validation keeps the old columns, and retraining it with validation is refused.
  expect_ok(run_legcnet("train-dense " + kWine + " --epochs 2 --seed 3 --quiet --out " + path("n"), dir / "err"));
  EXPECT_EQ(io::read_series(path("n/metrics.csv")).names.size(), 4u);
  expect_refused(dir, "retrain-sparse " + wine_retrain + " --init " + path("n/init.csv"), "split sha256");
  expect_ok(run_legcnet("retrain-sparse " + wine_retrain + " --benchmark 0.9 --max-epochs 60 --init " + path("d/init.csv") +
                            " --out " + path("r"), dir / "err"));
  const auto metrics = io::read_series(path("r/metrics.csv"));
  const Eigen::Index val = metrics.column_of("val_acc"), epoch = metrics.column_of("epoch");
  ASSERT_GE(val, 0);
  // The first epoch end whose validation accuracy reaches 0.9 (step a multiple of 36).
  int stop = 0;
  for (Eigen::Index r = 0; r < metrics.rows() && stop == 0; ++r)
    if (metrics.index(r, 0) > 0 && metrics.index(r, 0) % 36 == 0 && metrics.values(r, val) >= 0.9)
      stop = static_cast<int>(metrics.values(r, epoch));
  ASSERT_GT(stop, 0) << "validation accuracy never reached 0.9";
  const std::string summary = testkit::read_file(dir / "r" / "summary.csv");
  std::vector<std::string> header, row;
  io::split_csv_line(summary.substr(0, summary.find('\n')), header);
  io::split_csv_line(summary.substr(summary.find('\n') + 1, summary.size() - summary.find('\n') - 2), row);
  ASSERT_EQ(header.back(), "val_acc");
  EXPECT_EQ(row[2], std::to_string(stop));
  EXPECT_EQ(row.back(), io::format_double(metrics.values(metrics.rows() - 1, val)));
  EXPECT_EQ(record_value(dir / "r" / "run.toml", "run", "benchmark_split"), "\"validation\"");
}

// scaler.csv and split.csv hold everything needed to rebuild the tool's inputs from the data
// file: the model's test accuracy recomputed from them equals the tool's, bit for bit.
TEST(OwnData, ScalerAndSplitRebuildTheRunsInputsExactly) {
  testkit::TempDir dir;
  const std::string out = (dir / "d").string();
  expect_ok(run_legcnet("train-dense " + kWine + " --epochs 5 --seed 6 --val-fraction 0.2 --record-every 0 --quiet --out " +
                            out, dir / "err"));
  expect_ok(run_legcnet("retrain-sparse " + kWine + " --seed 6 --val-fraction 0.2 --max-epochs 3 --benchmark 1 --init " +
                            out + "/init.csv --quiet --out " + (dir / "r").string(), dir / "err"));
  for (const std::string& run : {out, (dir / "r").string()}) {
    SCOPED_TRACE(run);
    // The raw file, row by row.
    io::CsvReader data(pandas("wine_named.csv"));
    std::vector<std::string> fields;
    std::vector<std::vector<double>> rows;
    std::vector<int> labels;
    data.next(fields);
    while (data.next(fields)) {
      rows.emplace_back();
      for (std::size_t c = 0; c < 13; ++c) rows.back().push_back(data.number(fields, c));
      labels.push_back(std::stoi(fields[13]));
    }
    io::CsvReader scaler_reader(run + "/scaler.csv");
    std::vector<double> shift, scale;
    scaler_reader.next(fields);
    EXPECT_EQ(fields, (std::vector<std::string>{"feature", "shift", "scale"}));
    while (scaler_reader.next(fields)) shift.push_back(scaler_reader.number(fields, 1)), scale.push_back(scaler_reader.number(fields, 2));
    ASSERT_EQ(shift.size(), 13u);
    io::CsvReader split_reader(run + "/split.csv");
    split_reader.next(fields);
    EXPECT_EQ(fields, (std::vector<std::string>{"file", "row", "subset"}));
    std::map<std::string, std::vector<std::size_t>> subsets;
    std::multiset<std::size_t> every;
    while (split_reader.next(fields)) {
      EXPECT_EQ(fields[0], pandas("wine_named.csv"));
      subsets[fields[2]].push_back(std::stoul(fields[1]));
      every.insert(std::stoul(fields[1]));
    }
    EXPECT_EQ(subsets["train"].size(), 38u);
    EXPECT_EQ(subsets["validation"].size(), 10u);  // ceil(0.2 * 48)
    EXPECT_EQ(subsets["test"].size(), 12u);
    for (std::size_t r = 0; r < 60; ++r) EXPECT_EQ(every.count(r), 1u) << "row " << r;
    // Scaler fitted on the training subset only: its shift is the training mean of each column.
    for (std::size_t j = 0; j < 13; ++j) {
      double sum = 0;
      for (std::size_t r : subsets["train"]) sum += rows[r][j];
      EXPECT_NEAR(shift[j], sum / 38.0, 1e-12 * std::abs(sum));
    }
    // The test accuracy of the model on the rebuilt test inputs.
    data::FeatureMatrix x(12, 13);
    std::vector<int> y;
    for (std::size_t i = 0; i < 12; ++i) {
      const std::size_t r = subsets["test"][i];
      for (std::size_t j = 0; j < 13; ++j) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = (rows[r][j] - shift[j]) / scale[j];
      y.push_back(labels[r]);
    }
    const nn::Mlp net = stages::network_from_parameters(run + "/model.csv");
    const double accuracy = eval::evaluate(net, x, y, 3).accuracy;
    const auto metrics = io::read_series(run + "/metrics.csv");
    EXPECT_EQ(accuracy, metrics.values(metrics.rows() - 1, metrics.column_of("test_acc")));
  }
}
