#pragma once
// A linear or mixed-integer program, minimised, held independently of any solver: the pruning
// formulations build one, a Solver solves it, write_lp writes it for other programs (glpsol).
#include <cstddef>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace legcnet::solver {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Column {
  std::string name;  // letters, digits and _ only (CPLEX LP names)
  double lower = 0.0;
  double upper = kInfinity;
  double cost = 0.0;
  bool integer = false;
};

// lower <= sum_k coefficients[k] * x[columns[k]] <= upper; equal bounds make an equation.
struct Row {
  std::string name;
  std::vector<int> columns;
  std::vector<double> coefficients;
  double lower = -kInfinity;
  double upper = kInfinity;
};

struct Model {
  std::vector<Column> columns;
  std::vector<Row> rows;
  double objective_offset = 0.0;  // added to sum cost * x

  int add_column(Column column);
  int add_row(Row row);
  std::size_t integer_count() const;
  std::size_t nonzeros() const;
  // cost . x + offset for a point x (one value per column).
  double objective(const std::vector<double>& x) const;
};

// CPLEX LP format as glpsol --lp reads it: the offset as a column fixed at 1 named `constant`,
// ranged rows as two rows (NAME_lo, NAME_up), one bound line per column, integer columns with
// bounds [0, 1] under Binaries and others under Generals. Doubles in shortest round-trip form.
void write_lp(std::ostream& out, const Model& model);

}  // namespace legcnet::solver
