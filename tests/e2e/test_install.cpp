// Man pages, bash completion and the install tree: generated from the binary's own option
// definitions, so every subcommand and every option must appear.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <regex>
#include <set>

#include "test_support.hpp"

using namespace legcnet;

namespace {

// Runs a shell command and returns its standard output.
std::string output_of(const std::string& command) {
  std::string text;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return text;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) text.append(buffer.data(), n);
  ::pclose(pipe);
  return text;
}

std::string binary() { return "'" + std::string(LEGCNET_BINARY) + "'"; }

// Subcommand names as `legcnet --help` lists them.
std::vector<std::string> subcommands() {
  const std::string help = output_of(binary() + " --help");
  std::vector<std::string> names;
  const auto start = help.find("Subcommands:");
  const std::regex line(R"(\n  ([a-z][a-z0-9-]*) )");
  for (std::sregex_iterator it(help.begin() + static_cast<long>(start), help.end(), line), end; it != end; ++it)
    names.push_back((*it)[1]);
  return names;
}

}  // namespace

TEST(Install, EverySubcommandHasAManPageListingEveryOption) {
  testkit::TempDir dir;
  ASSERT_EQ(testkit::run_legcnet("generate-docs " + dir.path().string(), dir / "err").exit_code, 0);
  const auto names = subcommands();
  ASSERT_GE(names.size(), 10u);
  const std::string overview = testkit::read_file(dir / "man1/legcnet.1");
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const std::string page = testkit::read_file(dir / ("man1/legcnet-" + name + ".1"));
    ASSERT_FALSE(page.empty());
    EXPECT_NE(overview.find("\\fB" + std::regex_replace(name, std::regex("-"), "\\-") + "\\fR"), std::string::npos);
    const std::string help = output_of(binary() + " " + name + " --help");
    const std::regex option(R"(--([a-z][a-z0-9-]*))");
    std::set<std::string> options;
    for (std::sregex_iterator it(help.begin(), help.end(), option), end; it != end; ++it) options.insert((*it)[1]);
    ASSERT_FALSE(options.empty());
    for (const auto& o : options)
      EXPECT_NE(page.find("\\-\\-" + std::regex_replace(o, std::regex("-"), "\\-")), std::string::npos) << "--" << o;
  }
  // The hidden generator documents nothing of itself.
  EXPECT_FALSE(std::filesystem::exists(dir / "man1/legcnet-generate-docs.1"));
}

TEST(Install, BashCompletionCompletesSubcommandsAndOptions) {
  testkit::TempDir dir;
  ASSERT_EQ(testkit::run_legcnet("generate-docs " + dir.path().string(), dir / "err").exit_code, 0);
  const std::string script = (dir / "bash-completion/legcnet").string();
  ASSERT_EQ(std::system(("bash -n '" + script + "'").c_str()), 0);
  auto complete = [&](const std::string& words, int cword) {
    return output_of("bash -c 'source \"" + script + "\"; COMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(cword) +
                     "; _legcnet; echo \"${COMPREPLY[@]}\"'");
  };
  EXPECT_EQ(complete("legcnet gra", 1), "granger\n");
  EXPECT_EQ(complete("legcnet prune --scor", 2), "--scores\n");
  EXPECT_EQ(complete("legcnet prune --sco", 2), "--scores --scope\n");
  EXPECT_EQ(complete("legcnet prune --scope gl", 3).find("--"), std::string::npos);  // a value: files, not options
}

TEST(Install, CmakeInstallPutsBinaryManPagesAndCompletionUnderThePrefix) {
  testkit::TempDir dir;
  const auto build_dir = std::filesystem::path(LEGCNET_BINARY).parent_path();
  const std::string command = "cmake --install '" + build_dir.string() + "' --prefix '" + (dir / "prefix").string() +
                              "' > '" + (dir / "log").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << testkit::read_file(dir / "log");
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "prefix/bin/legcnet"));
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "prefix/share/man/man1/legcnet.1"));
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "prefix/share/man/man1/legcnet-granger.1"));
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "prefix/share/bash-completion/completions/legcnet"));
  EXPECT_EQ(std::system(("'" + (dir / "prefix/bin/legcnet").string() + "' --version > /dev/null").c_str()), 0);
}
