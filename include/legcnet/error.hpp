#pragma once
// Typed errors of the library core. The core throws; only src/cli/main.cpp catches and turns an
// error into one line on stderr and an exit status (2 for InputError, 1 for everything else).
#include <cstddef>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace legcnet {

// `text` made fit for a one-line message: control characters escaped (\n, \r, \t, \xNN), at
// most `limit` bytes of it kept, "..." marking a cut. For file contents echoed in messages.
inline std::string printable(std::string_view text, std::size_t limit = 200) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= limit) return out + "...";
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Bad input or usage: a file that is missing, malformed or does not fit another file, an option
// out of range. `what()` is the complete one-line message, already naming file, line and column.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  InputError(const std::string& file, std::size_t line, const std::string& problem)
      : std::runtime_error(file + ":" + std::to_string(line) + ": " + problem) {}
  InputError(const std::string& file, std::size_t line, std::size_t column, const std::string& problem)
      : std::runtime_error(file + ":" + std::to_string(line) + ": column " + std::to_string(column) +
                           ": " + problem) {}
};

// A check that ran correctly and found a difference (a regression against expectations): exit 1,
// reported as what it is rather than as an internal error.
class CheckFailure : public std::runtime_error {
 public:
  explicit CheckFailure(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace legcnet
