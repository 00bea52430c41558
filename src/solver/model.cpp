#include "legcnet/solver/model.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

#include "legcnet/io/number_format.hpp"

namespace legcnet::solver {

int Model::add_column(Column column) {
  columns.push_back(std::move(column));
  return static_cast<int>(columns.size() - 1);
}

int Model::add_row(Row row) {
  if (row.columns.size() != row.coefficients.size()) throw std::logic_error("row " + row.name + ": ragged");
  rows.push_back(std::move(row));
  return static_cast<int>(rows.size() - 1);
}

std::size_t Model::integer_count() const {
  std::size_t count = 0;
  for (const auto& column : columns) count += column.integer;
  return count;
}

std::size_t Model::nonzeros() const {
  std::size_t count = 0;
  for (const auto& row : rows) count += row.columns.size();
  return count;
}

double Model::objective(const std::vector<double>& x) const {
  double sum = objective_offset;
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (columns[k].cost != 0.0) sum += columns[k].cost * x[k];
  return sum;
}

namespace {

constexpr const char* kConstant = "constant";
constexpr int kTermsPerLine = 8;

void check_name(const std::string& name) {
  bool ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok || name == kConstant) throw std::logic_error("write_lp: '" + name + "' is not a usable LP name");
}

std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "+inf" : "-inf";
  return io::format_double(value);
}

// " + 2 x - 0.5 y ...", zero coefficients left out, lines broken every few terms; "0 constant"
// when nothing is left.
void write_terms(std::string& text, const std::vector<int>& columns, const std::vector<double>& coefficients,
                 const Model& model, double constant) {
  int written = 0;
  auto term = [&](double coefficient, const std::string& name) {
    if (coefficient == 0.0) return;
    if (written > 0 && written % kTermsPerLine == 0) text += "\n   ";
    text += coefficient < 0 ? " - " : written == 0 ? " " : " + ";
    text += io::format_double(std::abs(coefficient));
    text += ' ';
    text += name;
    ++written;
  };
  for (std::size_t k = 0; k < columns.size(); ++k) term(coefficients[k], model.columns[static_cast<std::size_t>(columns[k])].name);
  term(constant, kConstant);
  if (written == 0) text += std::string(" 0 ") + kConstant;
}

}  // namespace

void write_lp(std::ostream& out, const Model& model) {
  for (const auto& column : model.columns) check_name(column.name);
  for (const auto& row : model.rows) check_name(row.name);
  std::string text = "\\ written by legcnet: minimise; the column 'constant' is fixed at 1 and carries the offset\n";
  text += "Minimize\n obj:";
  std::vector<int> cost_columns;
  std::vector<double> costs;
  for (std::size_t k = 0; k < model.columns.size(); ++k)
    if (model.columns[k].cost != 0.0) {
      cost_columns.push_back(static_cast<int>(k));
      costs.push_back(model.columns[k].cost);
    }
  write_terms(text, cost_columns, costs, model, model.objective_offset);
  text += "\nSubject To\n";
  auto constraint = [&](const std::string& name, const Row& row, const char* sense, double rhs) {
    text += ' ' + name + ':';
    write_terms(text, row.columns, row.coefficients, model, 0.0);
    text += ' ';
    text += sense;
    text += ' ' + number(rhs) + '\n';
  };
  for (const auto& row : model.rows) {
    const bool has_lower = std::isfinite(row.lower), has_upper = std::isfinite(row.upper);
    if (has_lower && has_upper && row.lower == row.upper) {
      constraint(row.name, row, "=", row.lower);
    } else if (has_lower && has_upper) {
      constraint(row.name + "_lo", row, ">=", row.lower);
      constraint(row.name + "_up", row, "<=", row.upper);
    } else if (has_lower) {
      constraint(row.name, row, ">=", row.lower);
    } else if (has_upper) {
      constraint(row.name, row, "<=", row.upper);
    }
  }
  text += "Bounds\n";
  std::string binaries, generals;
  for (const auto& column : model.columns) {
    const bool binary = column.integer && column.lower == 0.0 && column.upper == 1.0;
    if (binary) {
      binaries += ' ' + column.name + '\n';
      continue;
    }
    if (column.integer) generals += ' ' + column.name + '\n';
    if (column.lower == column.upper) text += ' ' + column.name + " = " + number(column.lower) + '\n';
    else if (std::isinf(column.lower) && std::isinf(column.upper)) text += ' ' + column.name + " free\n";
    else if (std::isinf(column.upper)) text += ' ' + column.name + " >= " + number(column.lower) + '\n';
    else text += ' ' + number(column.lower) + " <= " + column.name + " <= " + number(column.upper) + '\n';
  }
  text += std::string(" ") + kConstant + " = 1\n";
  if (!binaries.empty()) text += "Binaries\n" + binaries;
  if (!generals.empty()) text += "Generals\n" + generals;
  text += "End\n";
  out << text;
}

}  // namespace legcnet::solver
