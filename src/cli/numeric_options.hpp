#pragma once
// One strict reading of every number an option takes, on the command line or from a --config
// file (both reach CLI11's validators): main() calls check_numeric_options(app) once, after every
// subcommand is set up, so a subcommand added later gets the same checks without asking.
//   FLOAT options  finite decimal numbers only: nan, inf, 1e400 (out of range), hex floats refused
//   INT options    decimal integers that fit in 64 bits (CLI11 then checks the option's own type);
//                  "010" is ten, not octal eight
//   UINT options   the same, and never negative (CLI11 would wrap -1 to 2^64 - 1)
// Range messages print numbers in their shortest form (CLI11's print 1.797e308 in 309 digits).
#include <CLI/CLI.hpp>

namespace legcnet::cli {

void check_numeric_options(CLI::App& app);

// Validators for ranges, with readable messages; CLI::PositiveNumber and CLI::NonNegativeNumber
// are replaced by these wherever check_numeric_options finds them.
CLI::Validator positive();
CLI::Validator non_negative();
// low <= value <= high, or low <= value < high with high_inclusive = false.
CLI::Validator in_range(double low, double high, bool high_inclusive = true);

}  // namespace legcnet::cli
