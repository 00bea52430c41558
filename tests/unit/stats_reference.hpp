#pragma once
// Reads the CSV files that tests/reference/make_stats_reference.py writes (statsmodels' answers)
// and compares doubles to them with a relative tolerance. Used by test_{ols,adf,granger,fdr}.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace legcnet::stats::reference {

// Agreement asked of every value compared with statsmodels: both sides are double-precision
// computations of the same formula by different (backward-stable) algorithms.
inline constexpr double reference_rtol = 1e-8;

class ReferenceTable {
 public:
  explicit ReferenceTable(const std::string& name) {
    const std::string path = std::string(LEGCNET_SOURCE_DIR) + "/tests/reference/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string line;
    std::getline(in, line);
    header_ = split(line);
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) rows_.push_back(split(line));
    }
  }

  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  [[nodiscard]] const std::string& text(std::size_t row, const std::string& column) const {
    return rows_.at(row).at(index(column));
  }
  [[nodiscard]] double number(std::size_t row, const std::string& column) const {
    const std::string& cell = text(row, column);
    char* end = nullptr;
    const double value = std::strtod(cell.c_str(), &end);
    if (end == cell.c_str() || *end != '\0') throw std::runtime_error("not a number: " + cell);
    return value;
  }
  [[nodiscard]] int integer(std::size_t row, const std::string& column) const {
    return static_cast<int>(number(row, column));
  }
  // Rows whose column `key` equals `value`, in file order.
  [[nodiscard]] std::vector<std::size_t> rows_where(const std::string& key, const std::string& value) const {
    std::vector<std::size_t> found;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      if (text(r, key) == value) found.push_back(r);
    }
    return found;
  }
  // Distinct values of a column, in order of first appearance.
  [[nodiscard]] std::vector<std::string> distinct(const std::string& column) const {
    std::vector<std::string> values;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      const std::string& v = text(r, column);
      if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    }
    return values;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) cells.push_back(cell);
    return cells;
  }
  [[nodiscard]] std::size_t index(const std::string& column) const {
    const auto it = std::find(header_.begin(), header_.end(), column);
    if (it == header_.end()) throw std::runtime_error("no column " + column);
    return static_cast<std::size_t>(it - header_.begin());
  }

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// |a - b| / max(|a|, |b|); 0 when equal (including both infinite), inf when one is NaN.
inline double relative_error(double actual, double expected) {
  if (std::isnan(actual) && std::isnan(expected)) return 0.0;
  if (actual == expected) return 0.0;
  if (std::isnan(actual) || std::isnan(expected)) return INFINITY;
  return std::abs(actual - expected) / std::max(std::abs(actual), std::abs(expected));
}

// Tracks the largest relative error seen, reported as a test property (in --gtest_output=xml).
class ErrorTracker {
 public:
  ::testing::AssertionResult near(double actual, double expected, double rtol, const std::string& what) {
    const double error = relative_error(actual, expected);
    worst_ = std::max(worst_, error);
    if (error <= rtol) return ::testing::AssertionSuccess();
    std::ostringstream message;
    message.precision(17);
    message << what << ": got " << actual << ", statsmodels " << expected << ", relative error " << error
            << " > " << rtol;
    return ::testing::AssertionFailure() << message.str();
  }
  void record(const std::string& key) const {
    std::ostringstream value;
    value << worst_;
    ::testing::Test::RecordProperty(key, value.str());
  }
  [[nodiscard]] double worst() const { return worst_; }

 private:
  double worst_ = 0.0;
};

// One named series (or series pair) of an *_inputs.csv file, values in order of column t.
inline std::vector<double> series(const ReferenceTable& table, const std::string& name, const std::string& column) {
  std::vector<double> values;
  for (const std::size_t r : table.rows_where("case", name)) values.push_back(table.number(r, column));
  return values;
}

}  // namespace legcnet::stats::reference
