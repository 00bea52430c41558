#include "legcnet/io/series.hpp"

#include <charconv>
#include <limits>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/npy.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::io {

Eigen::Index Series::column_of(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Eigen::Index>(i);
  return -1;
}

namespace {

std::vector<std::string> check_header(const CsvReader& reader, const std::vector<std::string>& fields,
                                      const std::vector<std::string>& index_names) {
  for (std::size_t i = 0; i < index_names.size(); ++i) {
    if (i >= fields.size() || fields[i] != index_names[i])
      throw InputError(reader.path(), reader.line(), i + 1,
                       "expected column '" + index_names[i] + "' in the header" +
                           (i < fields.size() ? ", found '" + fields[i] + "'" : ""));
  }
  return std::vector<std::string>(fields.begin() + static_cast<std::ptrdiff_t>(index_names.size()), fields.end());
}

// A CSV series, keeping the value columns [first, first + count) only.
Series read_csv_series(const std::string& path, const std::vector<std::string>& index_names,
                       bool strictly_increasing_first_index, std::size_t first, std::size_t count) {
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty file: no header line");
  const std::vector<std::string> all_names = check_header(reader, fields, index_names);
  const std::size_t index_count = index_names.size();
  const std::size_t width = fields.size();
  first = std::min(first, all_names.size());
  count = std::min(count, all_names.size() - first);
  Series series;
  series.source = reader.path();
  series.index_names = index_names;
  series.names.assign(all_names.begin() + static_cast<std::ptrdiff_t>(first),
                      all_names.begin() + static_cast<std::ptrdiff_t>(first + count));

  std::vector<long long> index_cells;
  std::vector<double> value_cells;  // row-major while reading, transposed at the end
  std::size_t rows = 0;
  long long previous_first_index = 0;
  while (reader.next(fields)) {
    if (fields.size() != width)
      throw InputError(path, reader.line(),
                       "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
    for (std::size_t i = 0; i < index_count; ++i) {
      long long value = 0;
      if (!parse_int64(fields[i], value))
        throw InputError(path, reader.line(), i + 1, "not an integer: '" + fields[i] + "'");
      if (i == 0 && strictly_increasing_first_index && rows > 0 && value <= previous_first_index)
        throw InputError(path, reader.line(), 1, "'" + index_names[0] + "' does not increase");
      if (i == 0) previous_first_index = value;
      index_cells.push_back(value);
    }
    for (std::size_t i = index_count + first; i < index_count + first + count; ++i)
      value_cells.push_back(reader.number(fields, i));
    ++rows;
  }
  const auto row_count = static_cast<Eigen::Index>(rows);
  series.index = Eigen::Map<Eigen::Matrix<long long, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      index_cells.data(), row_count, static_cast<Eigen::Index>(index_count));
  series.values = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      value_cells.data(), row_count, static_cast<Eigen::Index>(count));
  return series;
}

}  // namespace

Series read_series(const std::string& path, const std::vector<std::string>& index_names,
                   bool strictly_increasing_first_index) {
  if (is_npy_path(path)) return read_series_npy(path, index_names, strictly_increasing_first_index);
  return read_csv_series(path, index_names, strictly_increasing_first_index, 0,
                         std::numeric_limits<std::size_t>::max());
}

SeriesColumns::SeriesColumns(const std::string& path, std::vector<std::string> index_names,
                             bool strictly_increasing_first_index)
    : path_(path), index_names_(std::move(index_names)), strictly_increasing_(strictly_increasing_first_index) {
  if (is_npy_path(path)) {
    npy_ = std::make_unique<NpySeriesReader>(path, index_names_, strictly_increasing_);
    names_ = npy_->names();
    return;
  }
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty file: no header line");
  names_ = check_header(reader, fields, index_names_);
}

SeriesColumns::~SeriesColumns() = default;

Series SeriesColumns::read(std::size_t first, std::size_t count) {
  if (npy_) return npy_->read_columns(first, std::min(count, names_.size() - std::min(first, names_.size())));
  return read_csv_series(path_, index_names_, strictly_increasing_, first, count);
}

struct SeriesRows::NpyRows {
  explicit NpyRows(const std::string& path) : reader(path) {}
  NpyReader reader;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> chunk;
  Eigen::Index chunk_first = 0;
};

SeriesRows::SeriesRows(const std::string& path) : path_(path) {
  if (is_npy_path(path)) {
    names_ = NpySeriesReader(path).names();  // checks the sidecar and the step column
    npy_ = std::make_unique<NpyRows>(path);
    return;
  }
  csv_ = std::make_unique<CsvReader>(path);
  if (!csv_->next(fields_)) throw InputError(path, 1, "empty file: no header line");
  names_ = check_header(*csv_, fields_, {"step"});
}

SeriesRows::~SeriesRows() = default;

bool SeriesRows::next(long long& step, std::vector<double>& values) {
  values.resize(names_.size());
  if (npy_) {
    const Eigen::Index row = rows_read_;
    if (row >= npy_->reader.rows()) return false;
    if (row >= npy_->chunk_first + npy_->chunk.rows() || row < npy_->chunk_first) {
      // About 32 MB of rows at a time.
      const Eigen::Index per_chunk = std::max<Eigen::Index>(1, (Eigen::Index{1} << 22) / std::max<Eigen::Index>(1, npy_->reader.cols()));
      npy_->chunk_first = row;
      npy_->chunk = npy_->reader.read_rows(row, std::min(per_chunk, npy_->reader.rows() - row));
    }
    const auto r = row - npy_->chunk_first;
    step = static_cast<long long>(npy_->chunk(r, 0));
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = npy_->chunk(r, static_cast<Eigen::Index>(i + 1));
    ++rows_read_;
    return true;
  }
  if (!csv_->next(fields_)) return false;
  if (fields_.size() != names_.size() + 1)
    throw InputError(path_, csv_->line(),
                     "expected " + std::to_string(names_.size() + 1) + " fields, found " + std::to_string(fields_.size()));
  if (!parse_int64(fields_[0], step)) throw InputError(path_, csv_->line(), 1, "not an integer: '" + fields_[0] + "'");
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = csv_->number(fields_, i + 1);
  ++rows_read_;
  return true;
}

SeriesWriter::SeriesWriter(std::ostream& out, const std::vector<std::string>& index_names,
                           const std::vector<std::string>& names)
    : out_(&out) {
  std::string header;
  for (const auto& name : index_names) header += (header.empty() ? "" : ",") + quote_csv_field(name);
  for (const auto& name : names) header += (header.empty() ? "" : ",") + quote_csv_field(name);
  header += '\n';
  *out_ << header;
}

SeriesWriter::SeriesWriter(std::ostream& npy_out, std::ostream& columns_out, const std::vector<std::string>& index_names,
                           const std::vector<std::string>& names)
    : npy_(std::make_unique<NpySeriesWriter>(npy_out, columns_out, index_names, names)) {}

SeriesWriter::~SeriesWriter() = default;

void SeriesWriter::finish() {
  if (npy_) npy_->finish();
}

void SeriesWriter::write_npy_row(std::span<const long long> index, std::span<const double> values) {
  npy_->write_row(index, values);
}

std::unique_ptr<SeriesWriter> open_series_writer(AtomicFileSet& files, const std::filesystem::path& path,
                                                 const std::vector<std::string>& index_names,
                                                 const std::vector<std::string>& names) {
  if (is_npy_path(path)) {
    auto& matrix = files.open(path).stream();
    auto& columns = files.open(npy_columns_path(path)).stream();
    return std::make_unique<SeriesWriter>(matrix, columns, index_names, names);
  }
  return std::make_unique<SeriesWriter>(files.open(path).stream(), index_names, names);
}

void SeriesWriter::append_index(std::span<const long long> index) {
  char buffer[24];
  for (long long value : index) {
    if (!line_.empty()) line_ += ',';
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    line_.append(buffer, result.ptr);
  }
}

void SeriesWriter::append_value(double value) {
  line_ += ',';
  append_double(line_, value);
}

void SeriesWriter::finish_line() {
  line_ += '\n';
  out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void SeriesWriter::write_row(std::span<const long long> index, std::span<const double> values) {
  if (npy_) {
    write_npy_row(index, values);
    return;
  }
  line_.clear();
  append_index(index);
  for (double value : values) append_value(value);
  finish_line();
}

void write_series(std::ostream& out, const Series& series) {
  SeriesWriter writer(out, series.index_names, series.names);
  std::vector<long long> index(series.index_names.size());
  for (Eigen::Index r = 0; r < series.rows(); ++r) {
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = series.index(r, static_cast<Eigen::Index>(i));
    writer.write_row(index, series.values.row(r));
  }
}

void require_same_shape(const Series& a, const Series& b) {
  const std::string both = a.source + " and " + b.source;
  if (a.names.size() != b.names.size())
    throw InputError(both + " do not fit: " + std::to_string(a.names.size()) + " vs " +
                     std::to_string(b.names.size()) + " columns");
  for (std::size_t i = 0; i < a.names.size(); ++i)
    if (a.names[i] != b.names[i])
      throw InputError(both + " do not fit: column " + std::to_string(i + 1) + " is '" + a.names[i] +
                       "' vs '" + b.names[i] + "'");
  if (a.rows() != b.rows())
    throw InputError(both + " do not fit: " + std::to_string(a.rows()) + " vs " + std::to_string(b.rows()) +
                     " rows (different step counts)");
  for (Eigen::Index r = 0; r < a.rows(); ++r)
    if (a.index(r, 0) != b.index(r, 0))
      throw InputError(both + " do not fit: row " + std::to_string(r + 1) + " has " + a.index_names[0] + " " +
                       std::to_string(a.index(r, 0)) + " vs " + std::to_string(b.index(r, 0)));
}

}  // namespace legcnet::io
