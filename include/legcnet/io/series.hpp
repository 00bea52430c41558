#pragma once
// The one table type for everything legcnet keeps over time: a few leading integer index columns
// ("step", or "window,start_step,end_step") and named double columns (weights, metrics).
// Values are column-major so one weight's series is contiguous for the per-weight stages.
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace legcnet::io {

class AtomicFileSet;
class NpySeriesWriter;
class NpySeriesReader;
class CsvReader;
class SeriesLineParser;

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

// Reads a series file: CSV, or NumPy .npy (FILE.npy + FILE.columns.csv, see io/npy.hpp) chosen
// by the extension. A CSV's header starts with `index_names` (checked) and continues with value
// columns; every row has the header's field count; index cells integers, value cells doubles or
// nan. Column names are unique; there is at least one data row. With `strictly_increasing_index`,
// every index column (step; or window, start_step and end_step) must increase row by row.
Series read_series(const std::string& path, const std::vector<std::string>& index_names = {"step"},
                   bool strictly_increasing_index = true);

// Bounded memory for the per-weight stages: the value columns [first, first + count) of every row,
// so that a stage holds one block of weights at a time (an .npy file reads just that block; a CSV
// is parsed again per block, keeping only the block, by `parse_threads` threads).
class SeriesColumns {
 public:
  explicit SeriesColumns(const std::string& path, std::vector<std::string> index_names = {"step"},
                         bool strictly_increasing_index = true, unsigned parse_threads = 1);
  ~SeriesColumns();
  const std::vector<std::string>& names() const { return names_; }
  const std::string& path() const { return path_; }
  // Data rows, known before any block is read so that blocks can be as wide as the memory budget
  // allows (one pass over a CSV that fits): exact for .npy; for a CSV an upper bound, its line
  // breaks counted without parsing (0 for stdin).
  Eigen::Index rows_at_most() const { return rows_; }
  Series read(std::size_t first, std::size_t count);

 private:
  std::string path_;
  std::vector<std::string> index_names_;
  bool strictly_increasing_;
  unsigned parse_threads_;
  std::vector<std::string> names_;
  Eigen::Index rows_ = 0;
  std::unique_ptr<NpySeriesReader> npy_;
};

// Bounded memory for diff-series: one row at a time, from a CSV or an .npy series.
class SeriesRows {
 public:
  explicit SeriesRows(const std::string& path);
  ~SeriesRows();
  const std::vector<std::string>& names() const { return names_; }
  const std::string& path() const { return path_; }
  long long rows_read() const { return rows_read_; }
  // The next row's step and values; false at the end. Checks field counts and numbers.
  bool next(long long& step, std::vector<double>& values);

 private:
  std::string path_;
  std::vector<std::string> names_;
  std::unique_ptr<CsvReader> csv_;
  std::unique_ptr<SeriesLineParser> line_parser_;
  struct NpyRows;
  std::unique_ptr<NpyRows> npy_;
  long long rows_read_ = 0;
  long long last_step_ = 0;
};

// Writes row by row without holding the table: train-dense streams its weight series this way.
// CSV, or .npy through the second constructor. CSV rows are formatted and written by a background
// thread a block at a time (shortest round-trip doubles cost more than computing a small net's
// step), in order, so the file is the same as a serial write. finish() must be called before the
// files are committed: it writes the last CSV rows, or the .npy row count; a writer destroyed
// without finish() stops and leaves its file incomplete (the caller's AtomicFileSet discards it).
class SeriesWriter {
 public:
  SeriesWriter(std::ostream& out, const std::vector<std::string>& index_names,
               const std::vector<std::string>& names);
  SeriesWriter(std::ostream& npy_out, std::ostream& columns_out, const std::vector<std::string>& index_names,
               const std::vector<std::string>& names);
  ~SeriesWriter();
  void write_row(std::span<const long long> index, std::span<const double> values);
  template <typename Derived>
  void write_row(std::span<const long long> index, const Eigen::DenseBase<Derived>& values) {
    buffer_.resize(static_cast<std::size_t>(values.size()));
    for (Eigen::Index i = 0; i < values.size(); ++i) buffer_[static_cast<std::size_t>(i)] = values.derived()(i);
    write_row(index, std::span<const double>(buffer_));
  }
  void finish();

 private:
  class CsvFormatter;
  std::unique_ptr<CsvFormatter> csv_;
  std::unique_ptr<NpySeriesWriter> npy_;
  std::vector<double> buffer_;
};

// Opens `path` in `files` (and, for .npy, its FILE.columns.csv) and a writer of the matching format.
std::unique_ptr<SeriesWriter> open_series_writer(AtomicFileSet& files, const std::filesystem::path& path,
                                                 const std::vector<std::string>& index_names,
                                                 const std::vector<std::string>& names);

void write_series(std::ostream& out, const Series& series);

// Two series fit together: same index names, same value names in the same order, same index values.
// Throws InputError naming both files and the first mismatch.
void require_same_shape(const Series& a, const Series& b);

}  // namespace legcnet::io
