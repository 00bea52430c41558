#pragma once
// glpsol (Debian glpk-utils, GPL) as an outside check of the LP files legcnet writes: run as a
// separate program, never linked. Tests skip, saying why, only when it is not installed.
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace legcnet::testkit {

inline bool glpsol_available() { return std::system("command -v glpsol > /dev/null 2>&1") == 0; }

#define LEGCNET_REQUIRE_GLPSOL()                                                                          \
  if (!::legcnet::testkit::glpsol_available())                                                            \
  GTEST_SKIP() << "glpsol not installed (Debian glpk-utils; scripts/install-deps.sh installs it): the "   \
                  "outside check of the LP files cannot run"

struct GlpsolResult {
  bool optimal = false;
  double objective = 0.0;
};

// Solves the CPLEX LP file `lp` and reads the status and objective (15 digits) from glpsol's
// plain-text solution file (`-w`): "s bas ROWS COLS PRIM DUAL OBJ" or "s mip ROWS COLS STATUS OBJ".
inline std::optional<GlpsolResult> run_glpsol(const std::filesystem::path& lp) {
  const auto solution = lp.string() + ".sol";
  const std::string command = "glpsol --lp '" + lp.string() + "' -w '" + solution + "' > '" + lp.string() + ".log' 2>&1";
  if (std::system(command.c_str()) != 0) return std::nullopt;
  std::istringstream lines(read_file(solution));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("s ", 0) != 0) continue;
    std::istringstream fields(line);
    std::string s, kind, rows, columns, first, second, objective;
    fields >> s >> kind >> rows >> columns >> first;
    GlpsolResult result;
    if (kind == "bas") {
      fields >> second >> objective;
      result.optimal = first == "f" && second == "f";
    } else {
      fields >> objective;
      result.optimal = first == "o";
    }
    result.objective = std::stod(objective);
    return result;
  }
  return std::nullopt;
}

}  // namespace legcnet::testkit
