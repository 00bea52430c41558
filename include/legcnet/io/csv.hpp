#pragma once
// The one CSV reader: lines come from fast-cpp-csv-parser's LineReader (\n or \r\n), fields are
// split by RFC 4180 (quoted fields, "" inside quotes). Errors name the file and line.
#include <cstddef>
#include <istream>
#include <memory>
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
  std::size_t line() const { return line_; }  // 1-based line number of the record just read
  const std::string& path() const { return path_; }

  // Parses field `column` (0-based) of the current record as a double, or throws InputError
  // naming file, line and column (1-based in the message).
  double number(const std::vector<std::string>& fields, std::size_t column) const;

 private:
  std::string path_;
  struct LineSource;  // fast-cpp-csv-parser's LineReader, kept out of this header
  std::unique_ptr<LineSource> lines_;
  std::size_t line_ = 0;
};

// Index of the column `name` in a header line read from `path`; InputError (line 1) if absent.
std::size_t header_column(const std::vector<std::string>& header, const std::string& name, const std::string& path);

// Splits one line into fields by RFC 4180. Returns false on an unterminated quote.
bool split_csv_line(std::string_view line, std::vector<std::string>& fields);

// Quotes a field when it holds a comma, quote or line break.
std::string quote_csv_field(std::string_view field);

}  // namespace legcnet::io
