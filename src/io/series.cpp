#include "legcnet/io/series.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <cstring>
#include <fstream>
#include <exception>
#include <limits>
#include <thread>

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

// Parses one data line of a series CSV into its index cells and the kept value cells.
class SeriesLineParser {
 public:
  SeriesLineParser(const std::string& path, std::size_t width, std::size_t index_count, std::size_t first,
                   std::size_t count)
      : path_(path), width_(width), index_count_(index_count), first_(first), count_(count) {}

  void parse(std::string_view line, std::size_t line_number, long long* index, double* values) {
    if (!splitter_.split(line)) throw InputError(path_, line_number, "unterminated quoted field");
    const auto& fields = splitter_.fields();
    if (fields.size() != width_)
      throw InputError(path_, line_number,
                       "expected " + std::to_string(width_) + " fields, found " + std::to_string(fields.size()));
    for (std::size_t i = 0; i < index_count_; ++i)
      if (!parse_int64(fields[i], index[i]))
        throw InputError(path_, line_number, i + 1, "not an integer: '" + std::string(fields[i]) + "'");
    for (std::size_t i = 0; i < count_; ++i) {
      const std::size_t column = index_count_ + first_ + i;
      if (!parse_double(fields[column], values[i]))
        throw InputError(path_, line_number, column + 1, "not a number: '" + std::string(fields[column]) + "'");
    }
  }

 private:
  std::string path_;
  std::size_t width_, index_count_, first_, count_;
  CsvFieldSplitter splitter_;
};

namespace {

std::vector<std::string> check_header(const CsvReader& reader, const std::vector<std::string>& fields,
                                      const std::vector<std::string>& index_names) {
  for (std::size_t i = 0; i < index_names.size(); ++i) {
    if (i >= fields.size() || fields[i] != index_names[i])
      throw InputError(reader.path(), reader.line(), i + 1,
                       "expected column '" + index_names[i] + "' in the header" +
                           (i < fields.size() ? ", found '" + fields[i] + "'" : ""));
  }
  if (const auto repeated = repeated_column(fields))
    throw InputError(reader.path(), reader.line(), repeated->second + 1,
                     "column '" + fields[repeated->second] + "' repeats column " + std::to_string(repeated->first + 1));
  return std::vector<std::string>(fields.begin() + static_cast<std::ptrdiff_t>(index_names.size()), fields.end());
}

// Lines are gathered serially (reading is cheap) into chunks of about this many bytes, and each
// chunk is parsed by `threads` threads, each taking a contiguous run of rows: number parsing is
// the cost of reading a wide series, and it is the same work whatever the split, so the result
// cannot depend on the thread count.
constexpr std::size_t kChunkBytes = std::size_t{8} << 20;

// A CSV series, keeping the value columns [first, first + count) only.
Series read_csv_series(const std::string& path, const std::vector<std::string>& index_names,
                       bool strictly_increasing_index, std::size_t first, std::size_t count,
                       unsigned threads) {
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty file: no header line");
  const std::vector<std::string> all_names = check_header(reader, fields, index_names);
  const std::size_t index_count = index_names.size();
  first = std::min(first, all_names.size());
  count = std::min(count, all_names.size() - first);
  Series series;
  series.source = reader.path();
  series.index_names = index_names;
  series.names.assign(all_names.begin() + static_cast<std::ptrdiff_t>(first),
                      all_names.begin() + static_cast<std::ptrdiff_t>(first + count));

  threads = std::max(1u, threads);
  std::vector<SeriesLineParser> parsers(threads, SeriesLineParser(reader.path(), fields.size(), index_count, first, count));
  std::vector<long long> index_cells;
  std::vector<double> value_cells;  // row-major while reading, transposed at the end
  std::string chunk;
  std::vector<std::size_t> line_starts, line_numbers;
  std::size_t rows = 0;
  std::string_view line;
  bool more = reader.next_line(line);
  while (more) {
    chunk.clear();
    line_starts.clear();
    line_numbers.clear();
    do {
      line_starts.push_back(chunk.size());
      line_numbers.push_back(reader.line());
      chunk += line;
      more = reader.next_line(line);
    } while (more && chunk.size() < kChunkBytes);
    line_starts.push_back(chunk.size());
    const std::size_t chunk_rows = line_numbers.size();
    index_cells.resize((rows + chunk_rows) * index_count);
    value_cells.resize((rows + chunk_rows) * count);

    // Each thread parses rows [begin, end) of the chunk; the first error by line is reported.
    const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(threads, chunk_rows));
    std::vector<std::exception_ptr> failures(workers);
    std::vector<std::size_t> failed_row(workers, chunk_rows);
    auto parse_rows = [&](unsigned worker) {
      const std::size_t begin = chunk_rows * worker / workers, end = chunk_rows * (worker + 1) / workers;
      for (std::size_t r = begin; r < end; ++r) {
        try {
          parsers[worker].parse(std::string_view(chunk).substr(line_starts[r], line_starts[r + 1] - line_starts[r]),
                                line_numbers[r], index_cells.data() + (rows + r) * index_count,
                                value_cells.data() + (rows + r) * count);
        } catch (...) {
          failures[worker] = std::current_exception();
          failed_row[worker] = r;
          return;
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned worker = 1; worker < workers; ++worker) pool.emplace_back(parse_rows, worker);
    parse_rows(0);
    for (auto& thread : pool) thread.join();
    const auto first_failure = static_cast<std::size_t>(std::min_element(failed_row.begin(), failed_row.end()) - failed_row.begin());
    const std::size_t parsed_rows = failed_row[first_failure];  // rows before the first bad line

    // The order check runs over the rows parsed, so that whichever problem comes first is reported.
    if (strictly_increasing_index)
      for (std::size_t r = std::max<std::size_t>(rows, 1); r < rows + parsed_rows; ++r)
        for (std::size_t c = 0; c < index_count; ++c)
          if (index_cells[r * index_count + c] <= index_cells[(r - 1) * index_count + c])
            throw InputError(series.source, line_numbers[r - rows], c + 1, "'" + index_names[c] + "' does not increase");
    if (failures[first_failure]) std::rethrow_exception(failures[first_failure]);
    rows += chunk_rows;
  }
  if (rows == 0) throw InputError(series.source, reader.line() + 1, "no data rows after the header");
  const auto row_count = static_cast<Eigen::Index>(rows);
  series.index = Eigen::Map<Eigen::Matrix<long long, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      index_cells.data(), row_count, static_cast<Eigen::Index>(index_count));
  series.values = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      value_cells.data(), row_count, static_cast<Eigen::Index>(count));
  return series;
}

// An upper bound on the data rows of a series CSV (its line breaks: the header's, and blank
// lines', make up for a last line without one), found at memchr speed so that a stage can size
// its column blocks before parsing anything.
Eigen::Index count_csv_rows_at_most(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(std::size_t{1} << 20);
  Eigen::Index breaks = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const char* p = buffer.data();
    const char* end = p + in.gcount();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
      ++breaks;
      ++p;
    }
  }
  return breaks;
}

}  // namespace

Series read_series(const std::string& path, const std::vector<std::string>& index_names,
                   bool strictly_increasing_index) {
  if (is_npy_path(path)) return read_series_npy(path, index_names, strictly_increasing_index);
  return read_csv_series(path, index_names, strictly_increasing_index, 0,
                         std::numeric_limits<std::size_t>::max(), 1);
}

SeriesColumns::SeriesColumns(const std::string& path, std::vector<std::string> index_names,
                             bool strictly_increasing_index, unsigned parse_threads)
    : path_(path), index_names_(std::move(index_names)), strictly_increasing_(strictly_increasing_index),
      parse_threads_(parse_threads) {
  if (is_npy_path(path)) {
    npy_ = std::make_unique<NpySeriesReader>(path, index_names_, strictly_increasing_);
    names_ = npy_->names();
    rows_ = npy_->rows();
    return;
  }
  // A stage reads the column blocks one pass each, and counts the rows first: a file, not stdin.
  if (path == "-")
    throw InputError("-: standard input cannot be read more than once, and this stage reads its series in blocks "
                     "of columns; give a file");
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw InputError(path, 1, "empty file: no header line");
  names_ = check_header(reader, fields, index_names_);
  rows_ = reader.path() == "<stdin>" ? 0 : count_csv_rows_at_most(path);
}

SeriesColumns::~SeriesColumns() = default;

Series SeriesColumns::read(std::size_t first, std::size_t count) {
  if (npy_) return npy_->read_columns(first, std::min(count, names_.size() - std::min(first, names_.size())));
  return read_csv_series(path_, index_names_, strictly_increasing_, first, count, parse_threads_);
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
  std::vector<std::string> fields;
  if (!csv_->next(fields)) throw InputError(path, 1, "empty file: no header line");
  names_ = check_header(*csv_, fields, {"step"});
  line_parser_ = std::make_unique<SeriesLineParser>(csv_->path(), fields.size(), 1, 0, names_.size());
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
  std::string_view line;
  if (!csv_->next_line(line)) {
    if (rows_read_ == 0) throw InputError(csv_->path(), csv_->line() + 1, "no data rows after the header");
    return false;
  }
  line_parser_->parse(line, csv_->line(), &step, values.data());
  if (rows_read_ > 0 && step <= last_step_) throw InputError(csv_->path(), csv_->line(), 1, "'step' does not increase");
  last_step_ = step;
  ++rows_read_;
  return true;
}

// Rows are gathered into a block; a full block is handed to the formatting thread, which turns it
// into text and writes it while the caller computes the next rows. One block is formatted while
// the next fills, so memory stays at two blocks.
class SeriesWriter::CsvFormatter {
 public:
  CsvFormatter(std::ostream& out, std::size_t index_width, std::size_t value_width)
      : out_(out), index_width_(index_width), value_width_(value_width),
        rows_per_block_(std::max<std::size_t>(1, (std::size_t{1} << 16) / std::max<std::size_t>(1, index_width + value_width))),
        thread_([this] { run(); }) {}

  ~CsvFormatter() { stop(); }

  void add(std::span<const long long> index, std::span<const double> values) {
    if (index.size() != index_width_ || values.size() != value_width_)
      throw std::invalid_argument("SeriesWriter: row does not have the header's column count");
    filling_.index.insert(filling_.index.end(), index.begin(), index.end());
    filling_.values.insert(filling_.values.end(), values.begin(), values.end());
    if (++filling_.rows == rows_per_block_) hand_over();
  }

  void finish() {
    if (filling_.rows > 0) hand_over();
    stop();
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  struct Block {
    std::vector<long long> index;
    std::vector<double> values;
    std::size_t rows = 0;
    void clear() { index.clear(), values.clear(), rows = 0; }
  };

  void hand_over() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !formatting_; });
    // A failed write (a full disk) stops the stage at the next block instead of at finish().
    if (failure_) std::rethrow_exception(failure_);
    std::swap(filling_, formatted_);
    filling_.clear();
    formatting_ = true;
    changed_.notify_all();
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void run() {
    std::string text;
    for (;;) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return formatting_ || stopping_; });
      if (!formatting_) return;  // stopping, with nothing left to write
      lock.unlock();
      try {
        if (!failure_) format_and_write(text);
      } catch (...) {
        failure_ = std::current_exception();  // read in hand_over() and after join, in finish()
      }
      lock.lock();
      formatting_ = false;
      changed_.notify_all();
    }
  }

  void format_and_write(std::string& text) {
    text.clear();
    char digits[24];
    for (std::size_t r = 0; r < formatted_.rows; ++r) {
      for (std::size_t i = 0; i < index_width_; ++i) {
        if (i > 0) text += ',';
        text.append(digits, std::to_chars(digits, digits + sizeof digits, formatted_.index[r * index_width_ + i]).ptr);
      }
      for (std::size_t i = 0; i < value_width_; ++i) {
        text += ',';
        append_double(text, formatted_.values[r * value_width_ + i]);
      }
      text += '\n';
    }
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  }

  std::ostream& out_;
  const std::size_t index_width_, value_width_, rows_per_block_;
  Block filling_, formatted_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool formatting_ = false, stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once everything above exists
};

SeriesWriter::SeriesWriter(std::ostream& out, const std::vector<std::string>& index_names,
                           const std::vector<std::string>& names) {
  std::string header;
  for (const auto& name : index_names) header += (header.empty() ? "" : ",") + quote_csv_field(name);
  for (const auto& name : names) header += (header.empty() ? "" : ",") + quote_csv_field(name);
  header += '\n';
  out << header;
  csv_ = std::make_unique<CsvFormatter>(out, index_names.size(), names.size());
}

SeriesWriter::SeriesWriter(std::ostream& npy_out, std::ostream& columns_out, const std::vector<std::string>& index_names,
                           const std::vector<std::string>& names)
    : npy_(std::make_unique<NpySeriesWriter>(npy_out, columns_out, index_names, names)) {}

SeriesWriter::~SeriesWriter() = default;

void SeriesWriter::finish() {
  if (npy_) npy_->finish();
  else csv_->finish();
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

void SeriesWriter::write_row(std::span<const long long> index, std::span<const double> values) {
  if (npy_) npy_->write_row(index, values);
  else csv_->add(index, values);
}

void write_series(std::ostream& out, const Series& series) {
  SeriesWriter writer(out, series.index_names, series.names);
  std::vector<long long> index(series.index_names.size());
  for (Eigen::Index r = 0; r < series.rows(); ++r) {
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = series.index(r, static_cast<Eigen::Index>(i));
    writer.write_row(index, series.values.row(r));
  }
  writer.finish();
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
