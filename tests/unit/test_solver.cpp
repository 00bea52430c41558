// The solver interface against answers found without it: a textbook LP, small binary programs
// by enumeration, and glpsol on the LP files write_lp produces.
#include "legcnet/solver/model.hpp"
#include "legcnet/solver/solver.hpp"
#include "legcnet/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "glpsol.hpp"

namespace legcnet::solver {
namespace {

// min -x - y  s.t.  x + 2y <= 4, 3x + y <= 6, x, y >= 0: the vertex (1.6, 1.2), value -2.8.
// With x, y integer: -2 (at (1,1), (2,0) or (0,2)).
Model textbook(bool integer, double offset) {
  Model model;
  model.add_column({"x", 0, kInfinity, -1, integer});
  model.add_column({"y", 0, kInfinity, -1, integer});
  model.add_row({"c1", {0, 1}, {1, 2}, -kInfinity, 4});
  model.add_row({"c2", {0, 1}, {3, 1}, -kInfinity, 6});
  model.objective_offset = offset;
  return model;
}

TEST(Solver, LinearProgramAtItsVertex) {
  Solver solver(textbook(false, 0.5));
  const auto solution = solver.solve({});
  ASSERT_EQ(solution.status, Status::optimal);
  // Clp's primal feasibility tolerance is 1e-7; a vertex of a 2x2 system comes out to round-off.
  EXPECT_NEAR(solution.values[0], 1.6, 1e-12);
  EXPECT_NEAR(solution.values[1], 1.2, 1e-12);
  EXPECT_NEAR(solution.objective, -2.3, 1e-12);
  EXPECT_NEAR(solution.bound, -2.3, 1e-12);
}

TEST(Solver, IntegerProgramAndAddedRows) {
  Solver solver(textbook(true, 0.0));
  auto solution = solver.solve({});
  ASSERT_EQ(solution.status, Status::optimal);
  EXPECT_NEAR(solution.objective, -2.0, 1e-9);
  // x >= 1.5 leaves (2, 0) alone: -2 still; then x + y >= 3 is infeasible with the other rows.
  solver.add_rows({{"cut1", {0}, {1}, 1.5, kInfinity}});
  solution = solver.solve({});
  ASSERT_EQ(solution.status, Status::optimal);
  EXPECT_NEAR(solution.values[0], 2.0, 1e-9);
  solver.add_rows({{"cut2", {0, 1}, {1, 1}, 3, kInfinity}});
  EXPECT_EQ(solver.solve({}).status, Status::infeasible);
}

TEST(Solver, LinearProgramResolvesAfterRowsAndBounds) {
  Solver solver(textbook(false, 0.0));
  ASSERT_EQ(solver.solve({}).status, Status::optimal);
  solver.add_rows({{"cut", {0}, {1}, -kInfinity, 1}});  // x <= 1: then y = 1.5, value -2.5
  auto solution = solver.solve({});
  ASSERT_EQ(solution.status, Status::optimal);
  EXPECT_NEAR(solution.objective, -2.5, 1e-12);
  solver.set_column_bounds(1, 0, 0.5);  // y <= 0.5: x = 1, value -1.5
  solution = solver.solve({});
  EXPECT_NEAR(solution.objective, -1.5, 1e-12);
}

// min c.x over binary x with A x <= b (some rows >=), as a Model; the optimum by enumeration.
struct BinaryProgram {
  Model model;
  double optimum = std::numeric_limits<double>::infinity();
};

BinaryProgram random_binary_program(std::uint64_t seed, int n, int m) {
  RandomStream stream(seed, "test-binary-program");
  BinaryProgram program;
  std::vector<double> cost(n);
  std::vector<std::vector<double>> a(m, std::vector<double>(n));
  std::vector<double> lower(m), upper(m);
  for (int j = 0; j < n; ++j) {
    cost[j] = stream.normal();
    program.model.add_column({"x" + std::to_string(j), 0, 1, cost[j], true});
  }
  for (int i = 0; i < m; ++i) {
    double sum = 0;
    for (int j = 0; j < n; ++j) sum += a[i][j] = std::round(stream.normal() * 4) / 4;
    // A band around half the row sum keeps the program feasible but binding.
    lower[i] = i % 2 == 0 ? -kInfinity : 0.5 * sum - 1.0;
    upper[i] = 0.5 * sum + 1.0;
    Row row{"r" + std::to_string(i), {}, {}, lower[i], upper[i]};
    for (int j = 0; j < n; ++j) {
      row.columns.push_back(j);
      row.coefficients.push_back(a[i][j]);
    }
    program.model.add_row(row);
  }
  program.model.objective_offset = 0.25;
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    bool feasible = true;
    for (int i = 0; i < m && feasible; ++i) {
      double activity = 0;
      for (int j = 0; j < n; ++j) activity += (mask >> j & 1u) ? a[i][j] : 0.0;
      feasible = activity >= lower[i] - 1e-9 && activity <= upper[i] + 1e-9;
    }
    if (!feasible) continue;
    double value = 0.25;
    for (int j = 0; j < n; ++j) value += (mask >> j & 1u) ? cost[j] : 0.0;
    program.optimum = std::min(program.optimum, value);
  }
  return program;
}

TEST(Solver, BinaryProgramsMatchEnumeration) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const auto program = random_binary_program(seed, 12, 4);
    ASSERT_TRUE(std::isfinite(program.optimum)) << "seed " << seed;
    Solver solver(program.model);
    const auto solution = solver.solve({});
    ASSERT_EQ(solution.status, Status::optimal) << "seed " << seed;
    // Sums of at most 12 costs: equal to round-off.
    EXPECT_NEAR(solution.objective, program.optimum, 1e-9) << "seed " << seed;
    EXPECT_NEAR(program.model.objective(solution.values), program.optimum, 1e-9);
  }
}

TEST(Solver, SameModelSameSolution) {
  const auto program = random_binary_program(3, 14, 5);
  Solver first(program.model), second(program.model);
  EXPECT_EQ(first.solve({}).values, second.solve({}).values);
}

TEST(WriteLp, FormatOfEveryKindOfRowAndBound) {
  Model model;
  model.add_column({"a", -kInfinity, kInfinity, 1.5, false});
  model.add_column({"b", -2, 3, 0, false});
  model.add_column({"c", 0, 1, -1, true});
  model.add_column({"d", 2, 2, 0, false});
  model.add_column({"e_", -kInfinity, 4, 0, false});
  model.add_row({"eq", {0, 1}, {1, -0.1}, 2, 2});
  model.add_row({"range", {1, 2}, {1, 1}, -1, 1});
  model.add_row({"ge", {0}, {2}, 1e-5, kInfinity});
  model.objective_offset = -2;
  std::ostringstream text;
  write_lp(text, model);
  EXPECT_EQ(text.str(),
            "\\ written by legcnet: minimise; the column 'constant' is fixed at 1 and carries the offset\n"
            "Minimize\n obj: 1.5 a - 1 c - 2 constant\n"
            "Subject To\n eq: 1 a - 0.1 b = 2\n range_lo: 1 b + 1 c >= -1\n range_up: 1 b + 1 c <= 1\n"
            " ge: 2 a >= 1e-05\n"
            "Bounds\n a free\n -2 <= b <= 3\n d = 2\n -inf <= e_ <= 4\n constant = 1\n"
            "Binaries\n c\n"
            "End\n");
}

TEST(WriteLp, GlpsolReadsTheFileAndFindsTheSameOptimum) {
  LEGCNET_REQUIRE_GLPSOL();
  testkit::TempDir dir;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const auto program = random_binary_program(seed, 12, 4);
    const auto path = dir / ("p" + std::to_string(seed) + ".lp");
    {
      std::ofstream out(path);
      write_lp(out, program.model);
    }
    const auto result = testkit::run_glpsol(path);
    ASSERT_TRUE(result.has_value()) << testkit::read_file(path.string() + ".log");
    EXPECT_TRUE(result->optimal);
    // glpsol writes 15 significant digits.
    EXPECT_NEAR(result->objective, program.optimum, 1e-12 * std::max(1.0, std::abs(program.optimum)));
  }
  // And an LP with a free column and a fixed one.
  auto lp = textbook(false, 0.5);
  lp.add_column({"free_col", -kInfinity, kInfinity, 0, false});
  lp.add_row({"tie", {2, 0}, {1, -1}, 0, 0});
  const auto path = dir / "lp.lp";
  {
    std::ofstream out(path);
    write_lp(out, lp);
  }
  const auto result = testkit::run_glpsol(path);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->optimal);
  EXPECT_NEAR(result->objective, -2.3, 1e-13);
}

}  // namespace
}  // namespace legcnet::solver
