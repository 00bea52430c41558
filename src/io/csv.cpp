#include "legcnet/io/csv.hpp"

// fast-cpp-csv-parser copies file names with strncpy; GCC flags that once inlined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <csv.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <unordered_map>

#include "legcnet/error.hpp"
#include "legcnet/io/input_file.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::io {
namespace {

// The bytes LineReader splits into lines, from a file or a stream. LineReader hands lines out as
// C strings, so a NUL byte would silently cut its line short: the source notes the physical line
// of the first NUL (LineReader may read a block ahead on its own thread, hence the atomic), and
// CsvReader refuses that line when it gets there. Read errors are InputErrors. LineReader drops
// its source once a small file is read whole, so the NUL line lives in a state both share.
struct NulState {
  std::atomic<std::size_t> line{0};  // 1-based line of the first NUL byte read so far, 0 if none
};

class CheckedByteSource : public ::io::ByteSourceBase {
 public:
  CheckedByteSource(std::string name, std::FILE* file, std::shared_ptr<NulState> nul)
      : name_(std::move(name)), file_(file), nul_(std::move(nul)) {
    std::setvbuf(file_, nullptr, _IONBF, 0);  // LineReader buffers
  }
  CheckedByteSource(std::string name, std::istream& in, std::shared_ptr<NulState> nul)
      : name_(std::move(name)), in_(&in), nul_(std::move(nul)) {}
  ~CheckedByteSource() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  CheckedByteSource(const CheckedByteSource&) = delete;
  CheckedByteSource& operator=(const CheckedByteSource&) = delete;

  int read(char* buffer, int size) override {
    int got = 0;
    if (file_ != nullptr) {
      got = static_cast<int>(std::fread(buffer, 1, static_cast<std::size_t>(size), file_));
      if (got < size && std::ferror(file_)) throw InputError(name_ + ": read failed: " + std::strerror(errno));
    } else {
      in_->read(buffer, size);
      got = static_cast<int>(in_->gcount());
      if (in_->bad()) throw InputError(name_ + ": read failed");
    }
    if (nul_->line.load(std::memory_order_relaxed) == 0) {
      const char* end = buffer + got;
      const char* nul = static_cast<const char*>(std::memchr(buffer, '\0', static_cast<std::size_t>(got)));
      newlines_ += static_cast<std::size_t>(std::count(static_cast<const char*>(buffer), nul != nullptr ? nul : end, '\n'));
      if (nul != nullptr) nul_->line.store(newlines_ + 1, std::memory_order_release);
    }
    return got;
  }

 private:
  std::string name_;
  std::FILE* file_ = nullptr;
  std::istream* in_ = nullptr;
  std::shared_ptr<NulState> nul_;
  std::size_t newlines_ = 0;
};

}  // namespace

struct CsvReader::LineSource {
  LineSource(const std::string& name, std::FILE* file)
      : nul(std::make_shared<NulState>()), reader(name, std::make_unique<CheckedByteSource>(name, file, nul)) {}
  LineSource(const std::string& name, std::istream& in)
      : nul(std::make_shared<NulState>()), reader(name, std::make_unique<CheckedByteSource>(name, in, nul)) {}
  std::size_t nul_line() const { return nul->line.load(std::memory_order_acquire); }
  std::shared_ptr<NulState> nul;
  ::io::LineReader reader;
};

CsvReader::CsvReader(const std::string& path) : path_(path) {
  if (path == "-") {
    path_ = "<stdin>";
    lines_ = std::make_unique<LineSource>(path_, std::cin);
    return;
  }
  require_input_file(path);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw InputError(path + ": cannot open: " + std::strerror(errno));
  lines_ = std::make_unique<LineSource>(path, file);
}

CsvReader::CsvReader(const std::string& display_name, std::istream& in)
    : path_(display_name),
      lines_(std::make_unique<LineSource>(display_name, in)) {}

CsvReader::~CsvReader() = default;

bool split_csv_line(std::string_view line, std::vector<std::string>& fields, char delimiter) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(std::move(field));
  return !quoted;
}

bool CsvFieldSplitter::split(std::string_view line) {
  fields_.clear();
  if (line.find('"') == std::string_view::npos) {
    for (;;) {
      const std::size_t comma = line.find(',');
      fields_.push_back(line.substr(0, comma));
      if (comma == std::string_view::npos) return true;
      line.remove_prefix(comma + 1);
    }
  }
  const bool terminated = split_csv_line(line, unquoted_);
  fields_.assign(unquoted_.begin(), unquoted_.end());
  return terminated;
}

bool CsvReader::next_line(std::string_view& line) {
  for (;;) {
    char* text = nullptr;
    try {
      text = lines_->reader.next_line();
    } catch (const InputError&) {
      throw;
    } catch (const std::exception&) {
      throw InputError(path_, line_ + 1, "line too long or unreadable");
    }
    if (text == nullptr) return false;
    ++line_;
    if (line_ == lines_->nul_line()) throw InputError(path_, line_, "a NUL byte inside the line (not a text file?)");
    line = std::string_view(text);
    if (line.find_first_not_of(" \t") != std::string_view::npos) return true;
  }
}

bool CsvReader::next(std::vector<std::string>& fields) {
  std::string_view line;
  if (!next_line(line)) return false;
  if (!split_csv_line(line, fields)) throw InputError(path_, line_, "unterminated quoted field");
  return true;
}

double CsvReader::number(const std::vector<std::string>& fields, std::size_t column) const {
  double value = 0.0;
  if (column >= fields.size()) throw InputError(path_, line_, column + 1, "missing field");
  if (!parse_double(fields[column], value))
    throw InputError(path_, line_, column + 1, "not a number: '" + fields[column] + "'");
  return value;
}

double CsvReader::finite(const std::vector<std::string>& fields, std::size_t column) const {
  const double value = number(fields, column);
  if (!std::isfinite(value))
    throw InputError(path_, line_, column + 1, "not a finite number: '" + fields[column] + "'");
  return value;
}

long long CsvReader::integer(const std::vector<std::string>& fields, std::size_t column, long long low,
                             long long high) const {
  long long value = 0;
  if (column >= fields.size()) throw InputError(path_, line_, column + 1, "missing field");
  if (!parse_int64(fields[column], value))
    throw InputError(path_, line_, column + 1, "not a whole number: '" + fields[column] + "'");
  if (value < low || value > high)
    throw InputError(path_, line_, column + 1,
                     fields[column] + " is outside " + std::to_string(low) + ".." + std::to_string(high));
  return value;
}

std::optional<std::pair<std::size_t, std::size_t>> repeated_column(const std::vector<std::string>& header) {
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto [at, inserted] = seen.emplace(header[i], i);
    if (!inserted) return std::pair{at->second, i};
  }
  return std::nullopt;
}

std::size_t header_column(const std::vector<std::string>& header, const std::string& name, const std::string& path) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw InputError(path, 1, "no column '" + name + "' in the header");
}

std::string quote_csv_field(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace legcnet::io
