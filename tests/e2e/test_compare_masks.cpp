// legcnet compare-masks on hand-made masks: each row against the overlap counted directly and the
// hypergeometric expectation and tail summed directly over C(a, j) C(N - a, b - j) / C(N, b).
#include <gtest/gtest.h>

#include <cmath>

#include "legcnet/io/csv.hpp"
#include "test_support.hpp"

using namespace legcnet;
using testkit::run_legcnet;

namespace {

std::string mask(const std::vector<int>& keep) {
  // A 2-3-1 network: w1_j_i for j < 3, i < 2, then w2_0_j.
  std::vector<std::string> names;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 2; ++i) names.push_back("w1_" + std::to_string(j) + "_" + std::to_string(i));
  for (int j = 0; j < 3; ++j) names.push_back("w2_0_" + std::to_string(j));
  std::string text = "weight,keep\n";
  for (std::size_t k = 0; k < names.size(); ++k) text += names[k] + "," + std::to_string(keep[k]) + "\n";
  return text;
}

double choose(int n, int k) {
  if (k < 0 || k > n) return 0.0;
  double c = 1.0;
  for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return c;
}

}  // namespace

TEST(CompareMasks, RowsMatchADirectComputation) {
  testkit::TempDir dir;
  const std::vector<std::vector<int>> keeps{{0, 0, 1, 1, 0, 1, 1, 0, 1}, {0, 1, 1, 0, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 0, 1, 1}};
  std::string args = "compare-masks";
  for (std::size_t m = 0; m < keeps.size(); ++m) {
    testkit::write_file(dir / ("m" + std::to_string(m) + ".csv"), mask(keeps[m]));
    args += " " + (dir / ("m" + std::to_string(m) + ".csv")).string();
  }
  const auto result = run_legcnet(args + " --out " + (dir / "rows.csv").string(), dir / "err");
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  io::CsvReader reader((dir / "rows.csv").string());
  std::vector<std::string> header, fields;
  ASSERT_TRUE(reader.next(header));
  EXPECT_EQ(header, (std::vector<std::string>{"first", "second", "weights", "pruned_first", "pruned_second", "both_pruned",
                                               "jaccard", "expected_jaccard", "p_value"}));
  const std::vector<std::pair<int, int>> pairs{{0, 1}, {0, 2}, {1, 2}};
  for (const auto& [i, j] : pairs) {
    ASSERT_TRUE(reader.next(fields));
    EXPECT_EQ(fields[0], (dir / ("m" + std::to_string(i) + ".csv")).string());
    EXPECT_EQ(fields[1], (dir / ("m" + std::to_string(j) + ".csv")).string());
    int a = 0, b = 0, k = 0;
    for (std::size_t w = 0; w < 9; ++w) {
      a += keeps[i][w] == 0;
      b += keeps[j][w] == 0;
      k += keeps[i][w] == 0 && keeps[j][w] == 0;
    }
    EXPECT_EQ(fields[2], "9");
    EXPECT_EQ(std::stoi(fields[3]), a);
    EXPECT_EQ(std::stoi(fields[4]), b);
    EXPECT_EQ(std::stoi(fields[5]), k);
    EXPECT_DOUBLE_EQ(std::stod(fields[6]), static_cast<double>(k) / (a + b - k));
    double expected = 0.0, tail = 0.0;
    for (int overlap = 0; overlap <= std::min(a, b); ++overlap) {
      const double p = choose(a, overlap) * choose(9 - a, b - overlap) / choose(9, b);
      if (overlap > 0) expected += p * overlap / (a + b - overlap);
      if (overlap >= k) tail += p;
    }
    EXPECT_NEAR(std::stod(fields[7]), expected, 1e-14);
    EXPECT_NEAR(std::stod(fields[8]), tail, 1e-14);
  }
  EXPECT_FALSE(reader.next(fields));
}

TEST(CompareMasks, RefusesMasksOfDifferentNetworksAndBadFiles) {
  testkit::TempDir dir;
  testkit::write_file(dir / "a.csv", mask({0, 0, 1, 1, 0, 1, 1, 0, 1}));
  testkit::write_file(dir / "short.csv", "weight,keep\nw1_0_0,1\n");
  testkit::write_file(dir / "bad.csv", mask({0, 0, 1, 1, 2, 1, 1, 0, 1}));
  const std::string a = (dir / "a.csv").string();
  auto refused = [&](const std::string& args, const std::string& fragment) {
    const auto result = run_legcnet("compare-masks " + args, dir / "err");
    EXPECT_EQ(result.exit_code, 2) << args;
    EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << result.stderr_text;
  };
  refused(a + " " + (dir / "short.csv").string(), "do not fit");
  refused(a + " " + (dir / "bad.csv").string(), "keep must be 0 or 1");
  refused(a, "");  // one file only
}
