#pragma once
// NumPy .npy files of float64 matrices, and the series table stored as one: a binary form that
// numpy.load reads directly and that legcnet can read a block of columns at a time.
//
// A series FILE.npy holds a rows x (index columns + value columns) float64 matrix in C order;
// its column names sit beside it in FILE.columns.csv, the one header line a CSV would have.
// Index values (steps) are integers below 2^53, so float64 holds them exactly.
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "legcnet/io/series.hpp"

namespace legcnet::io {

// The bytes numpy.save writes before the data of a rows x cols float64 C-order array (format
// 1.0, numpy >= 1.24): magic, length, the header dict with room for 21 row digits, spaces to a
// multiple of 64 bytes and a newline. Its length does not depend on `rows`.
std::string npy_header(std::int64_t rows, std::int64_t cols);

// Appends rows to a seekable stream; the row count is patched into the header by finish(), which
// must be called before the stream is closed (until then the header says 0 rows).
class NpyWriter {
 public:
  NpyWriter(std::ostream& out, std::size_t columns);  // throws InputError if `out` cannot seek
  void write_row(std::span<const double> row);        // row.size() must equal columns
  template <typename Derived>
  void write_row(const Eigen::DenseBase<Derived>& row) {
    buffer_.resize(static_cast<std::size_t>(row.size()));
    for (Eigen::Index i = 0; i < row.size(); ++i) buffer_[static_cast<std::size_t>(i)] = row.derived()(i);
    write_row(std::span<const double>(buffer_));
  }
  void finish();  // writes the final shape; later rows are an error; a second call does nothing
  std::int64_t rows() const { return rows_; }
  std::size_t columns() const { return columns_; }

 private:
  std::ostream& out_;
  std::size_t columns_;
  std::streamoff start_;
  std::int64_t rows_ = 0;
  bool finished_ = false;
  std::vector<double> buffer_;
};

void write_npy(std::ostream& out, const Eigen::MatrixXd& matrix);

// Reads headers of format 1.0, 2.0 and 3.0, dtype '<f8', 2-D, C or Fortran order. Errors
// (wrong magic, other dtype or shape, truncated data, bytes after the data) are InputError
// naming the file. The stream must be seekable; columns are read without loading the rest.
class NpyReader {
 public:
  explicit NpyReader(const std::string& path);
  NpyReader(std::string display_name, std::istream& in);  // for tests and streams
  NpyReader(const NpyReader&) = delete;
  NpyReader& operator=(const NpyReader&) = delete;

  Eigen::Index rows() const { return rows_; }
  Eigen::Index cols() const { return cols_; }
  bool fortran_order() const { return fortran_order_; }
  const std::string& path() const { return name_; }

  Eigen::MatrixXd read_all();
  // Columns [first, first + count) of every row; memory O(rows x count). Throws std::out_of_range
  // for a block outside the matrix.
  Eigen::MatrixXd read_columns(Eigen::Index first, Eigen::Index count);
  // Rows [first, first + count) of every column, row-major; memory O(count x cols).
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> read_rows(Eigen::Index first, Eigen::Index count);

 private:
  void read_header();
  std::string name_;
  std::ifstream file_;
  std::istream& in_;
  std::streamoff data_offset_ = 0;
  Eigen::Index rows_ = 0, cols_ = 0;
  bool fortran_order_ = false;
};

Eigen::MatrixXd read_npy(const std::string& path);

// --- Series as FILE.npy + FILE.columns.csv -------------------------------------------------

bool is_npy_path(const std::filesystem::path& path);  // extension ".npy"
// weights.npy -> weights.columns.csv, beside it.
std::filesystem::path npy_columns_path(const std::filesystem::path& npy_path);

// Writes the sidecar's header line at once and the matrix row by row; finish() as NpyWriter.
class NpySeriesWriter {
 public:
  NpySeriesWriter(std::ostream& matrix_out, std::ostream& columns_out, const std::vector<std::string>& index_names,
                  const std::vector<std::string>& names);
  void write_row(std::span<const long long> index, std::span<const double> values);
  template <typename Derived>
  void write_row(std::span<const long long> index, const Eigen::DenseBase<Derived>& values) {
    start_row(index, values.size());
    for (Eigen::Index i = 0; i < values.size(); ++i) row_[index_count_ + static_cast<std::size_t>(i)] = values.derived()(i);
    writer_.write_row(std::span<const double>(row_));
  }
  void finish() { writer_.finish(); }
  std::int64_t rows() const { return writer_.rows(); }

 private:
  void start_row(std::span<const long long> index, Eigen::Index value_count);
  NpyWriter writer_;
  std::size_t index_count_;
  std::vector<double> row_;
};

void write_series_npy(std::ostream& matrix_out, std::ostream& columns_out, const Series& series);

// Reads the sidecar and the index columns at construction (checked as read_series checks a CSV:
// header names, integer index values, increasing first index) and value columns on demand.
class NpySeriesReader {
 public:
  explicit NpySeriesReader(const std::string& path, const std::vector<std::string>& index_names = {"step"},
                           bool strictly_increasing_index = true);
  const std::vector<std::string>& names() const { return names_; }  // the value columns
  Eigen::Index rows() const { return matrix_.rows(); }
  Series read_all();
  Series read_columns(std::size_t first, std::size_t count);  // value columns [first, first + count)

 private:
  NpyReader matrix_;
  std::vector<std::string> index_names_;
  std::vector<std::string> names_;
  IndexMatrix index_;
};

Series read_series_npy(const std::string& path, const std::vector<std::string>& index_names = {"step"},
                       bool strictly_increasing_index = true);

}  // namespace legcnet::io
