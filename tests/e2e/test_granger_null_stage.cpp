// The granger stage's null calibration and lag rules end to end: --null, --decision, --min-df,
// --lag-select min-p-sidak, the df_resid column and the few-df warning, on a short iris run.
#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/io/csv.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

// granger.csv as rows of named cells.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] std::size_t column(const std::string& name) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  }
  [[nodiscard]] double number(std::size_t row, const std::string& name) const { return std::stod(rows[row][column(name)]); }
  [[nodiscard]] const std::string& text(std::size_t row, const std::string& name) const { return rows[row][column(name)]; }
};

Table read_table(const std::filesystem::path& path) {
  io::CsvReader reader(path.string());
  Table table;
  reader.next(table.header);
  std::vector<std::string> fields;
  while (reader.next(fields)) table.rows.push_back(fields);
  return table;
}

// One iris run of 12 epochs and its exponents, 26 windows of 60 steps (shared by the tests).
class GrangerNullStage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testkit::TempDir("GrangerNullStage-suite");
    const std::string run = "--config configs/iris.toml --seed 3 --epochs 12 --window 60 --quiet";
    const auto err = *dir_ / "setup-err";
    ASSERT_EQ(run_legcnet("train-dense " + run + " --out " + path("dense"), err).exit_code, 0);
    ASSERT_EQ(run_legcnet("perturb-retrain " + run + " --init " + path("dense/init.csv") + " --out " + path("pert"), err)
                  .exit_code, 0);
    ASSERT_EQ(run_legcnet("diff-series --base " + path("dense/weights.csv") + " --perturbed " + path("pert/weights.csv") +
                              " --out " + path("diff.csv") + " --quiet", err).exit_code, 0);
    ASSERT_EQ(run_legcnet("windowed-le --series " + path("diff.csv") + " --window 60 --min-tsep 5 --quiet --out " +
                              path("le.csv"), err).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static std::string granger(const std::string& options, const std::filesystem::path& out) {
    return "granger --le " + path("le.csv") + " --metrics " + path("dense/metrics.csv") + " " + options + " --out " +
           out.string();
  }
  static testkit::TempDir* dir_;
};
testkit::TempDir* GrangerNullStage::dir_ = nullptr;

}  // namespace

TEST_F(GrangerNullStage, NullColumnsAreMonteCarloPValuesAndDeterministic) {
  testkit::TempDir dir;
  const auto result = run_legcnet(granger("--null 40 --null-seed 5 --threads 1", dir / "a.csv"), dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("causal share"), std::string::npos) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("under the null"), std::string::npos);
  ASSERT_EQ(run_legcnet(granger("--null 40 --null-seed 5 --threads 2", dir / "b.csv"), dir / "err").exit_code, 0);
  EXPECT_EQ(testkit::read_file(dir / "a.csv"), testkit::read_file(dir / "b.csv"));
  ASSERT_EQ(run_legcnet(granger("--null 40 --null-seed 6", dir / "c.csv"), dir / "err").exit_code, 0);
  EXPECT_NE(testkit::read_file(dir / "a.csv"), testkit::read_file(dir / "c.csv"));

  const Table table = read_table(dir / "a.csv");
  EXPECT_EQ(table.header.back(), "null_share");
  EXPECT_EQ(table.header[table.header.size() - 2], "p_null");
  EXPECT_EQ(table.header[table.header.size() - 3], "df_resid");
  // Raw decisions are those of a run without --null.
  ASSERT_EQ(run_legcnet(granger("", dir / "plain.csv"), dir / "err").exit_code, 0);
  const Table plain = read_table(dir / "plain.csv");
  ASSERT_EQ(plain.rows.size(), table.rows.size());
  std::size_t tested = 0;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    for (const char* same : {"p_value", "lag", "causal", "testable", "df_resid"})
      EXPECT_EQ(table.text(r, same), plain.text(r, same)) << same << " row " << r;
    if (table.text(r, "testable") != "1") {
      EXPECT_EQ(table.text(r, "p_null"), "nan");
      continue;
    }
    ++tested;
    // (1 + extreme) / 41 with 40 valid surrogates (none untestable on this run).
    const double p = table.number(r, "p_null");
    EXPECT_GE(p, 1.0 / 41.0);
    EXPECT_LE(p, 1.0);
    EXPECT_NEAR(p * 41.0, std::round(p * 41.0), 1e-9);
    const double share = table.number(r, "null_share");
    EXPECT_NEAR(share * 40.0, std::round(share * 40.0), 1e-9);
    EXPECT_EQ(table.number(r, "df_resid"), table.number(r, "n") - 3 * table.number(r, "lag") - 1);  // n: after differencing
  }
  EXPECT_GT(tested, 20u);
}

TEST_F(GrangerNullStage, DecisionNullDecidesByPNullAndNeedsSurrogates) {
  testkit::TempDir dir;
  ASSERT_EQ(run_legcnet(granger("--null 40 --decision null", dir / "null.csv"), dir / "err").exit_code, 0);
  const Table table = read_table(dir / "null.csv");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.text(r, "testable") != "1") continue;
    EXPECT_EQ(table.text(r, "causal") == "1", table.number(r, "p_null") < 0.05) << r;
  }
  // With BH the adjusted column holds the adjusted p_null.
  ASSERT_EQ(run_legcnet(granger("--null 40 --decision null --fdr bh", dir / "bh.csv"), dir / "err").exit_code, 0);
  const Table bh = read_table(dir / "bh.csv");
  for (std::size_t r = 0; r < bh.rows.size(); ++r)
    if (bh.text(r, "testable") == "1") {
      EXPECT_GE(bh.number(r, "p_adjusted"), bh.number(r, "p_null"));
    }

  const auto refused = run_legcnet(granger("--decision null", dir / "none.csv"), dir / "err");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.stderr_text.find("--decision null needs --null K"), std::string::npos) << refused.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(dir / "none.csv"));
  EXPECT_EQ(run_legcnet(granger("--null -3", dir / "neg.csv"), dir / "err").exit_code, 2);
  EXPECT_EQ(run_legcnet(granger("--min-df 0", dir / "zero.csv"), dir / "err").exit_code, 2);
}

TEST_F(GrangerNullStage, FewWindowsGiveFewerSurrogatesEachOnceAndSaySo) {
  // The first 8 windows (the 8th ends at step 7 * 54 + 59 = 437): lags up to 2. In levels one
  // admissible shift (4): one surrogate, p_null 1/2 or 1. Differenced (7 points, lag 1): shifts 3
  // and 4 in 4 blocks of 2, 16 distinct surrogates, fewer than the 40 asked: each once, p_null a
  // multiple of 1/17 and never below it, so nothing is null-significant at 0.05.
  testkit::TempDir dir;
  ASSERT_EQ(run_legcnet("windowed-le --series " + path("diff.csv") + " --window 60 --min-tsep 5 --max-step 437 --quiet --out " +
                            (dir / "le8.csv").string(), dir / "err").exit_code, 0);
  const std::string command = "granger --le " + (dir / "le8.csv").string() + " --metrics " + path("dense/metrics.csv") +
                              " --null 40 --decision null --out " + (dir / "g.csv").string();
  const auto result = run_legcnet(command, dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("pairs in levels: one admissible shift only"), std::string::npos) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("differenced pairs: only 16 distinct surrogates"), std::string::npos) << result.stderr_text;
  EXPECT_NE(result.stderr_text.find("p_null >= 1/17 and nothing is null-significant"), std::string::npos);
  const Table table = read_table(dir / "g.csv");
  ASSERT_EQ(table.rows.size(), 42u);
  std::size_t tested = 0;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.text(r, "testable") != "1") continue;
    ++tested;
    EXPECT_EQ(table.number(r, "n"), table.text(r, "differenced") == "1" ? 7 : 8);
    const double p = table.number(r, "p_null");
    const double denominator = table.text(r, "differenced") == "1" ? 17.0 : 2.0;  // every surrogate testable here
    EXPECT_GE(p, 1.0 / denominator) << r;
    EXPECT_NEAR(p * denominator, std::round(p * denominator), 1e-9) << r;
    EXPECT_EQ(table.text(r, "causal"), "0") << r;
  }
  EXPECT_GT(tested, 20u);
}

TEST_F(GrangerNullStage, FewDegreesOfFreedomWarnAndMinDfLimitsTheLags) {
  testkit::TempDir dir;
  // 26 windows: min-p may pick lags up to 8 (26 - 25 = 1 residual degree of freedom).
  const auto plain = run_legcnet(granger("", dir / "plain.csv"), dir / "err");
  ASSERT_EQ(plain.exit_code, 0);
  EXPECT_NE(plain.stderr_text.find("fewer than 10 residual degrees of freedom"), std::string::npos) << plain.stderr_text;
  // --min-df 10: lags up to 5 (26 - 16 = 10); no warning left.
  const auto limited = run_legcnet(granger("--min-df 10", dir / "limited.csv"), dir / "err");
  ASSERT_EQ(limited.exit_code, 0);
  EXPECT_EQ(limited.stderr_text.find("fewer than 10 residual"), std::string::npos) << limited.stderr_text;
  const Table table = read_table(dir / "limited.csv");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.text(r, "testable") != "1") continue;
    EXPECT_LE(table.number(r, "lag"), 5);
    EXPECT_GE(table.number(r, "df_resid"), 10);
  }
  // --min-df 30 leaves no lag: every pair few_df (those not untestable for another reason).
  ASSERT_EQ(run_legcnet(granger("--min-df 30", dir / "none.csv"), dir / "err").exit_code, 0);
  const Table none = read_table(dir / "none.csv");
  std::size_t few = 0;
  for (std::size_t r = 0; r < none.rows.size(); ++r) {
    EXPECT_EQ(none.text(r, "testable"), "0");
    few += none.text(r, "reason") == "few_df";
  }
  EXPECT_GT(few, 20u);
  // Sidak: never smaller than min-p's p, same lag.
  ASSERT_EQ(run_legcnet(granger("--lag-select min-p-sidak", dir / "sidak.csv"), dir / "err").exit_code, 0);
  const Table sidak = read_table(dir / "sidak.csv");
  const Table raw = read_table(dir / "plain.csv");
  for (std::size_t r = 0; r < sidak.rows.size(); ++r) {
    if (sidak.text(r, "testable") != "1") continue;
    EXPECT_EQ(sidak.text(r, "lag"), raw.text(r, "lag"));
    EXPECT_GE(sidak.number(r, "p_value"), raw.number(r, "p_value"));
  }
}
