#include "legcnet/io/npy.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/input_file.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::io {

namespace {

constexpr std::string_view kMagic{"\x93NUMPY", 6};
constexpr std::size_t kAlign = 64;           // numpy's ARRAY_ALIGN
constexpr std::size_t kRowDigits = 21;       // numpy's GROWTH_AXIS_MAX_DIGITS
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;
// A C-order block is read row by row with seeks when the bytes between two rows' blocks exceed
// this; below it, reading through the gap is cheaper than a seek.
constexpr std::int64_t kMaxSkippedBytes = 64 * 1024;
constexpr std::int64_t kChunkBytes = 4 * 1024 * 1024;

std::uint64_t byteswap64(std::uint64_t value) {
  std::uint64_t result = 0;
  for (int i = 0; i < 8; ++i) result = (result << 8) | ((value >> (8 * i)) & 0xffu);
  return result;
}

// `count` little-endian float64 values from `bytes` into `out`.
void decode_doubles(const char* bytes, std::size_t count, double* out) {
  std::memcpy(out, bytes, count * sizeof(double));
  if constexpr (std::endian::native == std::endian::big)
    for (std::size_t i = 0; i < count; ++i)
      out[i] = std::bit_cast<double>(byteswap64(std::bit_cast<std::uint64_t>(out[i])));
}

void write_doubles(std::ostream& out, std::span<const double> values) {
  if constexpr (std::endian::native == std::endian::little) {
    out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size_bytes()));
  } else {
    for (double value : values) {
      const std::uint64_t bits = byteswap64(std::bit_cast<std::uint64_t>(value));
      out.write(reinterpret_cast<const char*>(&bits), sizeof bits);
    }
  }
}

// The header dict is a Python literal; numpy writes {'descr': '<f8', 'fortran_order': False,
// 'shape': (3, 4), }. This parser takes any spacing, key order, quote style and trailing commas.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  void parse(std::string& descr, bool& fortran_order, std::vector<std::int64_t>& shape) {
    bool have_descr = false, have_order = false, have_shape = false;
    expect('{');
    while (!peek('}')) {
      const std::string key = parse_string();
      expect(':');
      if (key == "descr" && !have_descr) {
        descr = parse_string();
        have_descr = true;
      } else if (key == "fortran_order" && !have_order) {
        fortran_order = parse_bool();
        have_order = true;
      } else if (key == "shape" && !have_shape) {
        shape = parse_shape();
        have_shape = true;
      } else {
        fail("unexpected or repeated key '" + key + "'");
      }
      if (!peek('}')) expect(',');
    }
    expect('}');
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the dict");
    if (!have_descr || !have_order || !have_shape) fail("the dict lacks 'descr', 'fortran_order' or 'shape'");
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(file_ + ": malformed .npy header: " + problem + " (header: " + printable(text_, 120) + ")");
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n')) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string parse_string() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) fail("expected a quoted string");
    const char quote = text_[pos_++];
    const auto end = text_.find(quote, pos_);
    if (end == std::string_view::npos) fail("unterminated string");
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return value;
  }
  bool parse_bool() {
    skip_space();
    for (auto [word, value] : {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}})
      if (text_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return value;
      }
    fail("fortran_order is not True or False");
  }
  std::vector<std::int64_t> parse_shape() {
    expect('(');
    std::vector<std::int64_t> shape;
    while (!peek(')')) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      long long value = 0;
      if (!parse_int64(text_.substr(start, pos_ - start), value)) fail("shape holds a value that is not a count");
      if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 long
      shape.push_back(value);
      if (!peek(')')) expect(',');
    }
    expect(')');
    return shape;
  }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
};

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

}  // namespace

std::string npy_header(std::int64_t rows, std::int64_t cols) {
  const std::string row_text = std::to_string(rows);
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + row_text + ", " +
                     std::to_string(cols) + "), }";
  dict.append(kRowDigits - std::min(kRowDigits, row_text.size()), ' ');
  const std::size_t prefix = kMagic.size() + 2 + 2;  // magic, version 1.0, uint16 length
  const std::size_t unpadded = dict.size() + 1;      // with the final newline
  const std::size_t padding = kAlign - (prefix + unpadded) % kAlign;
  const std::size_t length = unpadded + padding;
  std::string header(kMagic);
  header += '\x01';
  header += '\x00';
  header += static_cast<char>(length & 0xffu);
  header += static_cast<char>((length >> 8) & 0xffu);
  header += dict;
  header.append(padding, ' ');
  header += '\n';
  return header;
}

// --- writing --------------------------------------------------------------------------------

NpyWriter::NpyWriter(std::ostream& out, std::size_t columns) : out_(out), columns_(columns) {
  start_ = out_.tellp();
  if (start_ < 0) throw InputError("a .npy file needs an output that can seek (a file, not a pipe or stdout)");
  const std::string header = npy_header(0, static_cast<std::int64_t>(columns_));
  out_.write(header.data(), static_cast<std::streamsize>(header.size()));
}

void NpyWriter::write_row(std::span<const double> row) {
  if (finished_) throw std::logic_error("NpyWriter::write_row after finish()");
  if (row.size() != columns_)
    throw std::invalid_argument("NpyWriter: row of " + std::to_string(row.size()) + " values, expected " +
                                std::to_string(columns_));
  write_doubles(out_, row);
  ++rows_;
}

void NpyWriter::finish() {
  if (finished_) return;
  finished_ = true;
  const std::streampos end = out_.tellp();
  const std::string header = npy_header(rows_, static_cast<std::int64_t>(columns_));
  out_.seekp(start_);
  out_.write(header.data(), static_cast<std::streamsize>(header.size()));
  out_.seekp(end);
  if (!out_) throw std::runtime_error(".npy output: write failed (disk full?)");
}

void write_npy(std::ostream& out, const Eigen::MatrixXd& matrix) {
  NpyWriter writer(out, static_cast<std::size_t>(matrix.cols()));
  for (Eigen::Index r = 0; r < matrix.rows(); ++r) writer.write_row(matrix.row(r));
  writer.finish();
}

// --- reading --------------------------------------------------------------------------------

NpyReader::NpyReader(const std::string& path)
    : name_((require_input_file(path), path)), file_(path, std::ios::binary), in_(file_) {
  if (!file_) throw InputError(path + ": cannot open for reading");
  read_header();
}

NpyReader::NpyReader(std::string display_name, std::istream& in) : name_(std::move(display_name)), in_(in) {
  read_header();
}

void NpyReader::read_header() {
  in_.seekg(0, std::ios::end);
  const std::streamoff size = in_.tellg();
  in_.seekg(0);
  if (size < 0 || !in_) throw InputError(name_ + ": cannot seek in the input (a .npy file must be a regular file)");

  auto read_exactly = [&](std::size_t count, const char* what) {
    std::string bytes(count, '\0');
    in_.read(bytes.data(), static_cast<std::streamsize>(count));
    if (static_cast<std::size_t>(in_.gcount()) != count)
      throw InputError(name_ + ": truncated .npy file: it ends inside the " + what);
    return bytes;
  };
  const std::string magic = read_exactly(kMagic.size() + 2, "magic string");
  if (std::string_view(magic).substr(0, kMagic.size()) != kMagic)
    throw InputError(name_ + ": not a .npy file (wrong magic string)");
  const auto major = static_cast<unsigned char>(magic[6]);
  const auto minor = static_cast<unsigned char>(magic[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    throw InputError(name_ + ": unsupported .npy format version " + std::to_string(major) + "." +
                     std::to_string(minor) + " (1.0, 2.0 and 3.0 are read)");
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  const std::string length_field = read_exactly(length_bytes, "header length");
  std::size_t header_length = 0;
  for (std::size_t i = length_bytes; i-- > 0;)
    header_length = (header_length << 8) | static_cast<unsigned char>(length_field[i]);
  const std::size_t prefix = magic.size() + length_bytes;
  if (static_cast<std::uint64_t>(size) < prefix + header_length)
    throw InputError(name_ + ": truncated .npy file: it ends inside the header (" + std::to_string(header_length) +
                     " bytes announced)");
  const std::string header = read_exactly(header_length, "header");

  std::string descr;
  std::vector<std::int64_t> shape;
  HeaderParser(header, name_).parse(descr, fortran_order_, shape);
  if (descr != "<f8")
    throw InputError(name_ + ": unsupported dtype '" + descr + "' (legcnet reads little-endian float64, '<f8')");
  if (shape.size() != 2)
    throw InputError(name_ + ": expected a 2-D array, found shape " + shape_text(shape));
  rows_ = shape[0];
  cols_ = shape[1];
  data_offset_ = static_cast<std::streamoff>(prefix + header_length);

  const std::int64_t available = size - data_offset_;
  const std::int64_t max_values = std::numeric_limits<std::int64_t>::max() / 8;
  if (cols_ > 0 && rows_ > max_values / cols_)
    throw InputError(name_ + ": shape " + shape_text(shape) + " is too large");
  const std::int64_t expected = rows_ * cols_ * 8;
  if (available < expected)
    throw InputError(name_ + ": truncated .npy file: shape " + shape_text(shape) + " needs " +
                     std::to_string(expected) + " data bytes, the file has " + std::to_string(available));
  if (available > expected)
    throw InputError(name_ + ": " + std::to_string(available - expected) + " bytes after the data of shape " +
                     shape_text(shape) + " (an unfinished writer?)");
}

Eigen::MatrixXd NpyReader::read_all() { return read_columns(0, cols_); }

Eigen::MatrixXd NpyReader::read_columns(Eigen::Index first, Eigen::Index count) {
  if (first < 0 || count < 0 || first > cols_ || count > cols_ - first)
    throw std::out_of_range(name_ + ": columns [" + std::to_string(first) + ", " + std::to_string(first + count) +
                            ") outside the " + std::to_string(cols_) + " columns");
  Eigen::MatrixXd block(rows_, count);
  if (rows_ == 0 || count == 0) return block;
  in_.clear();
  auto read_at = [&](std::int64_t offset, char* destination, std::int64_t bytes) {
    in_.seekg(data_offset_ + offset);
    in_.read(destination, static_cast<std::streamsize>(bytes));
    if (!in_) throw InputError(name_ + ": read failed at byte " + std::to_string(data_offset_ + offset));
  };

  if (fortran_order_) {  // the block is one contiguous run of whole columns
    const std::int64_t bytes = rows_ * count * 8;
    read_at(first * rows_ * 8, reinterpret_cast<char*>(block.data()), bytes);
    decode_doubles(reinterpret_cast<const char*>(block.data()), static_cast<std::size_t>(rows_ * count),
                   block.data());
    return block;
  }

  const std::int64_t row_bytes = cols_ * 8;
  const std::int64_t block_bytes = count * 8;
  // Rows per read: several when the skipped part of a row is small, so the file is read
  // sequentially through the gaps; one (a seek per row) when the rows are wide.
  const std::int64_t rows_per_chunk =
      row_bytes - block_bytes > kMaxSkippedBytes ? 1 : std::max<std::int64_t>(1, kChunkBytes / row_bytes);
  std::vector<char> chunk;
  std::vector<double> values(static_cast<std::size_t>(count));
  for (Eigen::Index r = 0; r < rows_; r += rows_per_chunk) {
    const std::int64_t chunk_rows = std::min<std::int64_t>(rows_per_chunk, rows_ - r);
    const std::int64_t bytes = (chunk_rows - 1) * row_bytes + block_bytes;
    chunk.resize(static_cast<std::size_t>(bytes));
    read_at(r * row_bytes + first * 8, chunk.data(), bytes);
    for (std::int64_t i = 0; i < chunk_rows; ++i) {
      decode_doubles(chunk.data() + i * row_bytes, values.size(), values.data());
      for (Eigen::Index j = 0; j < count; ++j) block(r + i, j) = values[static_cast<std::size_t>(j)];
    }
  }
  return block;
}

Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> NpyReader::read_rows(Eigen::Index first,
                                                                                            Eigen::Index count) {
  if (first < 0 || count < 0 || first > rows_ || count > rows_ - first)
    throw std::out_of_range(name_ + ": rows [" + std::to_string(first) + ", " + std::to_string(first + count) +
                            ") outside the " + std::to_string(rows_) + " rows");
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> block(count, cols_);
  if (count == 0 || cols_ == 0) return block;
  in_.clear();
  if (!fortran_order_) {  // the rows are one contiguous run
    in_.seekg(data_offset_ + first * cols_ * 8);
    in_.read(reinterpret_cast<char*>(block.data()), static_cast<std::streamsize>(count * cols_ * 8));
    if (!in_) throw InputError(name_ + ": read failed at row " + std::to_string(first));
    decode_doubles(reinterpret_cast<const char*>(block.data()), static_cast<std::size_t>(count * cols_), block.data());
    return block;
  }
  std::vector<char> bytes(static_cast<std::size_t>(count * 8));
  std::vector<double> values(static_cast<std::size_t>(count));
  for (Eigen::Index c = 0; c < cols_; ++c) {
    in_.seekg(data_offset_ + (c * rows_ + first) * 8);
    in_.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in_) throw InputError(name_ + ": read failed at column " + std::to_string(c));
    decode_doubles(bytes.data(), values.size(), values.data());
    for (Eigen::Index r = 0; r < count; ++r) block(r, c) = values[static_cast<std::size_t>(r)];
  }
  return block;
}

Eigen::MatrixXd read_npy(const std::string& path) { return NpyReader(path).read_all(); }

// --- series ---------------------------------------------------------------------------------

bool is_npy_path(const std::filesystem::path& path) { return path.extension() == ".npy"; }

std::filesystem::path npy_columns_path(const std::filesystem::path& npy_path) {
  std::filesystem::path columns = npy_path;
  columns.replace_extension(".columns.csv");
  return columns;
}

NpySeriesWriter::NpySeriesWriter(std::ostream& matrix_out, std::ostream& columns_out,
                                 const std::vector<std::string>& index_names, const std::vector<std::string>& names)
    : writer_(matrix_out, index_names.size() + names.size()),
      index_count_(index_names.size()),
      row_(index_names.size() + names.size()) {
  std::string header;
  for (std::size_t i = 0; i < row_.size(); ++i) {
    if (i > 0) header += ',';
    header += quote_csv_field(i < index_count_ ? index_names[i] : names[i - index_count_]);
  }
  header += '\n';
  columns_out.write(header.data(), static_cast<std::streamsize>(header.size()));
}

void NpySeriesWriter::start_row(std::span<const long long> index, Eigen::Index value_count) {
  if (index.size() != index_count_ || index_count_ + static_cast<std::size_t>(value_count) != row_.size())
    throw std::invalid_argument("NpySeriesWriter: row does not have the header's column count");
  for (std::size_t i = 0; i < index_count_; ++i) {
    if (index[i] > kMaxExactInteger || index[i] < -kMaxExactInteger)
      throw std::out_of_range("NpySeriesWriter: index value " + std::to_string(index[i]) +
                              " is not exact in float64");
    row_[i] = static_cast<double>(index[i]);
  }
}

void NpySeriesWriter::write_row(std::span<const long long> index, std::span<const double> values) {
  start_row(index, static_cast<Eigen::Index>(values.size()));
  std::copy(values.begin(), values.end(), row_.begin() + static_cast<std::ptrdiff_t>(index_count_));
  writer_.write_row(std::span<const double>(row_));
}

void write_series_npy(std::ostream& matrix_out, std::ostream& columns_out, const Series& series) {
  NpySeriesWriter writer(matrix_out, columns_out, series.index_names, series.names);
  std::vector<long long> index(series.index_names.size());
  for (Eigen::Index r = 0; r < series.rows(); ++r) {
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = series.index(r, static_cast<Eigen::Index>(i));
    writer.write_row(index, series.values.row(r));
  }
  writer.finish();
}

NpySeriesReader::NpySeriesReader(const std::string& path, const std::vector<std::string>& index_names,
                                 bool strictly_increasing_index)
    : matrix_(path), index_names_(index_names) {
  const std::string columns_path = npy_columns_path(path).string();
  if (!std::filesystem::exists(columns_path))
    throw InputError(columns_path + ": not found (it holds the column names of " + path + ")");
  CsvReader reader(columns_path);
  std::vector<std::string> fields, extra;
  if (!reader.next(fields)) throw InputError(columns_path, 1, "empty file: expected the header line");
  if (reader.next(extra)) throw InputError(columns_path, reader.line(), "expected only the header line");
  const std::size_t index_count = index_names.size();
  for (std::size_t i = 0; i < index_count; ++i)
    if (i >= fields.size() || fields[i] != index_names[i])
      throw InputError(columns_path, 1, i + 1,
                       "expected column '" + index_names[i] + "' in the header" +
                           (i < fields.size() ? ", found '" + fields[i] + "'" : ""));
  if (const auto repeated = repeated_column(fields))
    throw InputError(columns_path, 1, repeated->second + 1,
                     "column '" + fields[repeated->second] + "' repeats column " + std::to_string(repeated->first + 1));
  if (static_cast<Eigen::Index>(fields.size()) != matrix_.cols())
    throw InputError(path + " and " + columns_path + " do not fit: the matrix has " +
                     std::to_string(matrix_.cols()) + " columns, the header names " + std::to_string(fields.size()));
  names_.assign(fields.begin() + static_cast<std::ptrdiff_t>(index_count), fields.end());
  if (matrix_.rows() == 0) throw InputError(path + ": no data rows (shape " + std::to_string(matrix_.rows()) + " x " +
                                            std::to_string(matrix_.cols()) + ")");

  const Eigen::MatrixXd index = matrix_.read_columns(0, static_cast<Eigen::Index>(index_count));
  index_.resize(index.rows(), index.cols());
  for (Eigen::Index r = 0; r < index.rows(); ++r)
    for (Eigen::Index c = 0; c < index.cols(); ++c) {
      const double value = index(r, c);
      auto where = [&] { return path + ": row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1) + ": "; };
      if (!(std::abs(value) <= static_cast<double>(kMaxExactInteger)) || std::trunc(value) != value)
        throw InputError(where() + "'" + index_names[static_cast<std::size_t>(c)] + "' value " + format_double(value) +
                         " is not an integer");
      index_(r, c) = static_cast<long long>(value);
      if (strictly_increasing_index && r > 0 && index_(r, c) <= index_(r - 1, c))
        throw InputError(where() + "'" + index_names[static_cast<std::size_t>(c)] + "' does not increase");
    }
}

Series NpySeriesReader::read_all() { return read_columns(0, names_.size()); }

Series NpySeriesReader::read_columns(std::size_t first, std::size_t count) {
  if (first > names_.size() || count > names_.size() - first)
    throw std::out_of_range(matrix_.path() + ": value columns [" + std::to_string(first) + ", " +
                            std::to_string(first + count) + ") outside the " + std::to_string(names_.size()));
  Series series;
  series.source = matrix_.path();
  series.index_names = index_names_;
  const auto begin = names_.begin() + static_cast<std::ptrdiff_t>(first);
  series.names.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
  series.index = index_;
  series.values = matrix_.read_columns(static_cast<Eigen::Index>(index_names_.size() + first),
                                       static_cast<Eigen::Index>(count));
  return series;
}

Series read_series_npy(const std::string& path, const std::vector<std::string>& index_names,
                       bool strictly_increasing_index) {
  return NpySeriesReader(path, index_names, strictly_increasing_index).read_all();
}

}  // namespace legcnet::io
