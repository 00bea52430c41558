#include "legcnet/stages/ctm_table.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <system_error>

#include "legcnet/error.hpp"

// Set by CMakeLists.txt for this file only.
#ifndef LEGCNET_CTM_SOURCE_FILE
#define LEGCNET_CTM_SOURCE_FILE ""
#endif
#ifndef LEGCNET_CTM_INSTALL_RELATIVE
#define LEGCNET_CTM_INSTALL_RELATIVE "../share/legcnet/ctm/ctm-b2-d4x4.csv"
#endif

namespace legcnet::stages {

std::filesystem::path locate_ctm_table(const std::string& explicit_path) {
  namespace fs = std::filesystem;
  auto named = [](const std::string& path, const std::string& how) {
    if (!fs::is_regular_file(path)) throw InputError(path + ": no such CTM table (named by " + how + ")");
    return fs::path(path);
  };
  if (!explicit_path.empty()) return named(explicit_path, "--ctm");
  if (const char* env = std::getenv("LEGCNET_CTM"); env != nullptr && *env != '\0') return named(env, "LEGCNET_CTM");
  std::vector<fs::path> candidates;
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back((binary.parent_path() / LEGCNET_CTM_INSTALL_RELATIVE).lexically_normal());
  if (*LEGCNET_CTM_SOURCE_FILE != '\0') candidates.emplace_back(LEGCNET_CTM_SOURCE_FILE);
  std::string tried;
  for (const auto& candidate : candidates) {
    if (fs::is_regular_file(candidate)) return candidate;
    tried += (tried.empty() ? "" : ", ") + candidate.string();
  }
  throw InputError("no CTM table: give --ctm FILE or set LEGCNET_CTM (looked for " + tried + ")");
}

complexity::CtmTable load_ctm_table(const std::string& explicit_path) {
  const auto path = locate_ctm_table(explicit_path);
  spdlog::info("CTM table: {}", path.string());
  return complexity::CtmTable::read_file(path.string());
}

}  // namespace legcnet::stages
