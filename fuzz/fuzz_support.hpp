#pragma once
// Shared by the fuzz targets: the input written to a file of the process's own (the readers take
// paths), and the contract every target checks: a reader either reads or throws InputError.
// Anything else (another exception, a crash, a sanitizer report) is a bug the fuzzer reports.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "legcnet/error.hpp"

namespace legcnet::fuzz {

// A path under the temporary directory, unique to this process, with `suffix` (e.g. ".csv").
inline std::filesystem::path scratch_path(const std::string& suffix) {
  return std::filesystem::temp_directory_path() / ("legcnet-fuzz-" + std::to_string(::getpid()) + suffix);
}

inline std::filesystem::path write_scratch(const std::string& suffix, const std::uint8_t* data, std::size_t size) {
  const auto path = scratch_path(suffix);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// Runs `read`; an InputError is the expected answer to bad bytes.
template <typename Read>
void expect_read_or_input_error(Read&& read) {
  try {
    read();
  } catch (const InputError&) {
  }
}

}  // namespace legcnet::fuzz
