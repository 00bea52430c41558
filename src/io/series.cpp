#include "legcnet/io/series.hpp"

#include <charconv>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::io {

Eigen::Index Series::column_of(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Eigen::Index>(i);
  return -1;
}

Series read_series(const std::string& path, const std::vector<std::string>& index_names,
                   bool strictly_increasing_first_index) {
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty file: no header line");
  const std::size_t index_count = index_names.size();
  for (std::size_t i = 0; i < index_count; ++i) {
    if (i >= fields.size() || fields[i] != index_names[i])
      throw InputError(path, reader.line(), i + 1,
                       "expected column '" + index_names[i] + "' in the header" +
                           (i < fields.size() ? ", found '" + fields[i] + "'" : ""));
  }
  Series series;
  series.source = reader.path();
  series.index_names = index_names;
  series.names.assign(fields.begin() + static_cast<std::ptrdiff_t>(index_count), fields.end());
  const std::size_t width = fields.size();

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
    for (std::size_t i = index_count; i < width; ++i) value_cells.push_back(reader.number(fields, i));
    ++rows;
  }
  const auto row_count = static_cast<Eigen::Index>(rows);
  series.index = Eigen::Map<Eigen::Matrix<long long, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      index_cells.data(), row_count, static_cast<Eigen::Index>(index_count));
  series.values = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      value_cells.data(), row_count, static_cast<Eigen::Index>(series.names.size()));
  return series;
}

SeriesWriter::SeriesWriter(std::ostream& out, const std::vector<std::string>& index_names,
                           const std::vector<std::string>& names)
    : out_(out), columns_(index_names.size() + names.size()) {
  std::string header;
  for (const auto& name : index_names) header += (header.empty() ? "" : ",") + quote_csv_field(name);
  for (const auto& name : names) header += (header.empty() ? "" : ",") + quote_csv_field(name);
  header += '\n';
  out_ << header;
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
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void SeriesWriter::write_row(std::span<const long long> index, std::span<const double> values) {
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
