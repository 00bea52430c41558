#pragma once
// Helpers shared by the tests: paths, temporary directories, running the legcnet binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace legcnet::testkit {

inline std::filesystem::path source_dir() { return LEGCNET_SOURCE_DIR; }

// Datasets as scripts/fetch-data.sh leaves them (make test fetches before running ctest).
inline std::filesystem::path data_dir() { return source_dir() / "data"; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  // Named after the running test, or after `name` outside a test (suite set-up).
  explicit TempDir(const std::string& name = "") {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string label =
        info != nullptr ? std::string(info->test_suite_name()) + "-" + info->name() : name;
    path_ = std::filesystem::temp_directory_path() /
            ("legcnet-test-" + label + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A python3 that can import numpy: PATH's first, else Debian's; empty when there is none.
inline std::string python_with_numpy() {
  for (std::string python : {"python3", "/usr/bin/python3"})
    if (std::system((python + " -c 'import numpy' > /dev/null 2>&1").c_str()) == 0) return python;
  return "";
}

struct CommandResult {
  int exit_code = -1;
  std::string stderr_text;
};

// Runs `legcnet ARGS` from the source directory (so configs/ and data/ resolve), capturing stderr.
inline CommandResult run_legcnet(const std::string& args, const std::filesystem::path& stderr_file) {
  const std::string command = "cd '" + source_dir().string() + "' && '" + std::string(LEGCNET_BINARY) + "' " + args +
                              " > /dev/null 2> '" + stderr_file.string() + "'";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.stderr_text = read_file(stderr_file);
  return result;
}

// Runs `legcnet ARGS --out DIR/refused`: exit 2, one line on stderr holding `fragment`, and the
// output never created.
inline void expect_refused(const std::filesystem::path& dir, const std::string& args, const std::string& fragment) {
  const auto out = dir / "refused";
  const auto result = run_legcnet(args + " --out " + out.string(), dir / "err");
  EXPECT_EQ(result.exit_code, 2) << args << "\n" << result.stderr_text;
  EXPECT_NE(result.stderr_text.find(fragment), std::string::npos) << args << "\n" << result.stderr_text;
  EXPECT_EQ(std::count(result.stderr_text.begin(), result.stderr_text.end(), '\n'), 1) << result.stderr_text;
  EXPECT_FALSE(std::filesystem::exists(out)) << args;
  std::filesystem::remove_all(out);
}

}  // namespace legcnet::testkit
