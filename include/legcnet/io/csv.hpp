#pragma once
// The one CSV reader: lines come from fast-cpp-csv-parser's LineReader (\n or \r\n), fields are
// split by RFC 4180 (quoted fields, "" inside quotes). Errors name the file and line. A NUL byte
// inside a line is an error (it is no text file); LineReader skips a UTF-8 byte-order mark.
#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace legcnet::io {

class CsvReader {
 public:
  explicit CsvReader(const std::string& path);                  // "-" reads stdin
  CsvReader(const std::string& display_name, std::istream& in);  // for tests and streams
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Next record's fields; false at end of input. Blank lines are skipped.
  bool next(std::vector<std::string>& fields);
  // Next non-blank line, unsplit, valid until the next call: for readers that split lines
  // themselves (with CsvFieldSplitter, or on several threads).
  bool next_line(std::string_view& line);
  std::size_t line() const { return line_; }  // 1-based line number of the record just read
  const std::string& path() const { return path_; }

  // Parses field `column` (0-based) of the current record as a double, or throws InputError
  // naming file, line and column (1-based in the message).
  double number(const std::vector<std::string>& fields, std::size_t column) const;
  // The same for values that must be finite (everything but a series' cells: weights, options,
  // accuracies): nan and inf are an InputError too.
  double finite(const std::vector<std::string>& fields, std::size_t column) const;
  // Field `column` as a whole number in [low, high] (strictly: "1e3", "2.0", "nan" are not).
  long long integer(const std::vector<std::string>& fields, std::size_t column, long long low, long long high) const;

 private:
  std::string path_;
  struct LineSource;  // fast-cpp-csv-parser's LineReader, kept out of this header
  std::unique_ptr<LineSource> lines_;
  std::size_t line_ = 0;
};

// The first header field that repeats an earlier one, as (earlier, later) 0-based, if any.
std::optional<std::pair<std::size_t, std::size_t>> repeated_column(const std::vector<std::string>& header);

// Index of the column `name` in a header line read from `path`; InputError (line 1) if absent.
std::size_t header_column(const std::vector<std::string>& header, const std::string& name, const std::string& path);

// Splits one line into fields by RFC 4180 (with `delimiter` in place of the comma). Returns false
// on an unterminated quote.
bool split_csv_line(std::string_view line, std::vector<std::string>& fields, char delimiter = ',');

// Splits lines by RFC 4180 without copying: the fields are views into the line itself when no
// field is quoted (the numeric series files), into unquoted copies otherwise. They stay valid
// until the next split and while the line does.
class CsvFieldSplitter {
 public:
  bool split(std::string_view line);  // false on an unterminated quote
  const std::vector<std::string_view>& fields() const { return fields_; }

 private:
  std::vector<std::string_view> fields_;
  std::vector<std::string> unquoted_;
};

// Quotes a field when it holds a comma, quote or line break.
std::string quote_csv_field(std::string_view field);

}  // namespace legcnet::io
