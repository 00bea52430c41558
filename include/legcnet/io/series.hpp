#pragma once
// The one table type for everything legcnet keeps over time: a few leading integer index columns
// ("step", or "window,start_step,end_step") and named double columns (weights, metrics).
// Values are column-major so one weight's series is contiguous for the per-weight stages.
#include <Eigen/Core>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace legcnet::io {

using IndexMatrix = Eigen::Matrix<long long, Eigen::Dynamic, Eigen::Dynamic>;

struct Series {
  std::vector<std::string> index_names{"step"};
  std::vector<std::string> names;
  IndexMatrix index;      // rows x index_names.size()
  Eigen::MatrixXd values;  // rows x names.size()
  std::string source;      // file it was read from, for messages

  Eigen::Index rows() const { return values.rows(); }
  Eigen::Index column_of(const std::string& name) const;  // -1 if absent
};

// Reads a CSV whose header starts with `index_names` (checked) and continues with value columns.
// Every row must have the header's field count; index cells integers, value cells doubles or nan.
// With `strictly_increasing_first_index`, the first index column must increase row by row.
Series read_series(const std::string& path, const std::vector<std::string>& index_names = {"step"},
                   bool strictly_increasing_first_index = true);

// Writes row by row without holding the table: train-dense streams its weight series this way.
class SeriesWriter {
 public:
  SeriesWriter(std::ostream& out, const std::vector<std::string>& index_names,
               const std::vector<std::string>& names);
  void write_row(std::span<const long long> index, std::span<const double> values);
  template <typename Derived>
  void write_row(std::span<const long long> index, const Eigen::DenseBase<Derived>& values) {
    line_.clear();
    append_index(index);
    for (Eigen::Index i = 0; i < values.size(); ++i) append_value(values.derived()(i));
    finish_line();
  }

 private:
  void append_index(std::span<const long long> index);
  void append_value(double value);
  void finish_line();
  std::ostream& out_;
  std::size_t columns_;
  std::string line_;
};

void write_series(std::ostream& out, const Series& series);

// Two series fit together: same index names, same value names in the same order, same index values.
// Throws InputError naming both files and the first mismatch.
void require_same_shape(const Series& a, const Series& b);

}  // namespace legcnet::io
