#pragma once
// Typed errors of the library core. The core throws; only src/cli/main.cpp catches and turns an
// error into one line on stderr and an exit status (2 for InputError, 1 for everything else).
#include <cstddef>
#include <stdexcept>
#include <string>

namespace legcnet {

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
