#include "legcnet/io/csv.hpp"

// fast-cpp-csv-parser copies file names with strncpy; GCC flags that once inlined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <csv.h>
#pragma GCC diagnostic pop

#include <cmath>
#include <filesystem>
#include <iostream>

#include "legcnet/error.hpp"
#include "legcnet/io/number_format.hpp"

namespace legcnet::io {

struct CsvReader::LineSource {
  template <typename... Args>
  explicit LineSource(Args&&... args) : reader(std::forward<Args>(args)...) {}
  ::io::LineReader reader;
};

CsvReader::CsvReader(const std::string& path) : path_(path) {
  if (path == "-") {
    lines_ = std::make_unique<LineSource>("<stdin>", std::cin);
    path_ = "<stdin>";
    return;
  }
  if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": cannot open: no such file");
  try {
    lines_ = std::make_unique<LineSource>(path);
  } catch (const std::exception&) {
    throw InputError(path + ": cannot open for reading");
  }
}

CsvReader::CsvReader(const std::string& display_name, std::istream& in)
    : path_(display_name), lines_(std::make_unique<LineSource>(display_name, in)) {}

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
    } catch (const std::exception&) {
      throw InputError(path_, line_ + 1, "line too long or unreadable");
    }
    if (text == nullptr) return false;
    ++line_;
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
