// legcnet report's section "Is training chaotic?" from divergence summaries and surrogate p-values.
#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

void write_seed(const testkit::TempDir& dir, int seed, const std::string& divergence_row, const std::string& p_values) {
  const auto seed_dir = dir / "runs" / "iris" / ("seed" + std::to_string(seed));
  testkit::write_file(seed_dir / "dense" / "sparse" / "summary.csv",
                      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                      "flops_forward,flops_train\ndense," + std::to_string(seed) + ",40,0.96,0.9,0.89,42,42,0,102,1\n");
  testkit::write_file(seed_dir / "divergence-summary.csv",
                      "exponent_per_step,exponent_per_epoch,stderr,ci_low,ci_high,growth,verdict,fitted_growth,min_growth,"
                      "max_growth,first_step,last_step,rows,saturation_step,batches,distance_first,distance_last,status,basis\n" +
                          divergence_row + "\n");
  if (!p_values.empty())
    testkit::write_file(seed_dir / "ft" / "surrogate-p.csv", "window,start_step,end_step,w1_0_0,w1_0_1\n" + p_values);
}

}  // namespace

TEST(ReportChaos, DivergenceAndSurrogateShareAcrossSeeds) {
  testkit::TempDir dir;
  // Seed 1: neutral, interval above 0, growth 2.5; 2 of 3 p-values <= 0.05 (one nan: not counted).
  write_seed(dir, 1, "4e-05,0.0048,1e-05,2e-05,6e-05,2.5,neutral,2.6,100,2.7,0,24000,24001,-1,10,1e-4,2.5e-4,ok,none",
             "0,0,159,0.05,1\n1,144,303,0.05,nan\n");
  // Seed 2: chaotic by saturation, interval holding 0, growth 2e4; 0 of 4 significant.
  write_seed(dir, 2, "0.02,2.4,0.01,-0.001,0.04,20000,chaotic,60000,100,1e5,0,529,530,529,10,1e-4,2,ok,saturation",
             "0,0,159,0.1,1\n1,144,303,0.5,0.35\n");
  // Seed 3: a divergence summary but no surrogate test.
  write_seed(dir, 3, "1e-05,0.0012,1e-05,-1e-05,3e-05,1.5,neutral,1.3,100,1.6,0,24000,24001,-1,10,1e-4,1.5e-4,ok,none", "");
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const std::string tables = testkit::read_file(dir / "results" / "tables.md");
  // Exponents 0.0048, 2.4, 0.0012: mean 0.8020, sd 1.3839. Growth median 2.5 (1.5-2e4).
  // Shares 2/3 = 66.7% and 0%: mean 33.3, sd 47.1.
  EXPECT_NE(tables.find("| iris | 3 | 0.8020 ± 1.3839 | 1 / 2 / 0 | 2.5 (1.5–2.0e+04) | 1 chaotic, 2 neutral | 33.3 ± 47.1% |"),
            std::string::npos)
      << tables;
  const std::string csv = testkit::read_file(dir / "results" / "chaos.csv");
  EXPECT_NE(csv.find("iris,1,4e-05,0.0048,2e-05,6e-05,2.5,2.7,neutral,none,24000,-1,3,2,0.6666666666666666\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("iris,2,0.02,2.4,-0.001,0.04,20000,1e+05,chaotic,saturation,529,529,4,0,0\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("iris,3,1e-05,0.0012,-1e-05,3e-05,1.5,1.6,neutral,none,24000,-1,,,\n"), std::string::npos) << csv;
}

TEST(ReportChaos, NoDivergenceSummariesNoSection) {
  testkit::TempDir dir;
  testkit::write_file(dir / "runs" / "iris" / "seed1" / "dense" / "sparse" / "summary.csv",
                      "method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                      "flops_forward,flops_train\ndense,1,40,0.96,0.9,0.89,42,42,0,102,1\n");
  const auto result = run_legcnet("report --runs " + (dir / "runs").string() + " --out " + (dir / "results").string() +
                                      " --quiet", dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_EQ(testkit::read_file(dir / "results" / "tables.md").find("Is training chaotic?"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "results" / "chaos.csv"));
}
