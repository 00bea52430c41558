// io::AtomicFile against the reliability battery of issue 15: temporaries are created exclusively
// (a planted symlink is never followed), stale ones of dead runs are swept, a full disk is an
// InputError naming the file at the first failed write, and a directory is no output file.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/commit_journal.hpp"
#include "legcnet/io/input_file.hpp"
#include "legcnet/io/series.hpp"
#include "test_support.hpp"

using namespace legcnet;

namespace {

// The PID of a process that has ended (a child, waited for).
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

}  // namespace

TEST(AtomicFile, WritesWholeFilesAndLeavesNothingWhenNotCommitted) {
  testkit::TempDir dir;
  {
    io::AtomicFile file(dir / "a.csv");
    file.stream() << "x,y\n";
    EXPECT_TRUE(std::filesystem::exists(file.temporary()));
    EXPECT_FALSE(std::filesystem::exists(dir / "a.csv"));
    file.commit();
  }
  EXPECT_EQ(testkit::read_file(dir / "a.csv"), "x,y\n");
  {
    io::AtomicFile file(dir / "b.csv");
    file.stream() << "half";
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 1);
}

TEST(AtomicFile, PlantedSymlinkAtThePredictableNameIsNotFollowed) {
  testkit::TempDir dir;
  testkit::write_file(dir / "victim", "precious\n");
  // The name the temporary had before (TARGET.tmpPID), and one with a suffix, both planted.
  const std::string planted = (dir / "out.csv").string() + ".tmp" + std::to_string(::getpid());
  std::filesystem::create_symlink(dir / "victim", planted);
  io::AtomicFile file(dir / "out.csv");
  EXPECT_FALSE(std::filesystem::is_symlink(file.temporary()));
  file.stream() << "new\n";
  file.commit();
  EXPECT_EQ(testkit::read_file(dir / "victim"), "precious\n");
  EXPECT_EQ(testkit::read_file(dir / "out.csv"), "new\n");
}

TEST(AtomicFile, StaleTemporariesOfEndedRunsAreSwept) {
  testkit::TempDir dir;
  const std::string target = (dir / "weights.csv").string();
  const std::string dead = std::to_string(dead_pid());
  testkit::write_file(target + ".tmp" + dead, "old style");
  testkit::write_file(target + ".tmp" + dead + ".a1B2c3", "new style");
  testkit::write_file(target + ".tmp1", "pid 1 runs: kept");
  testkit::write_file(target + ".tmp" + dead + ".toolongsuffix", "not ours: kept");
  testkit::write_file((dir / "other.csv").string() + ".tmp" + dead, "another target: kept");
  {
    io::AtomicFile file(target);
    file.stream() << "w\n";
    file.commit();
  }
  EXPECT_FALSE(std::filesystem::exists(target + ".tmp" + dead));
  EXPECT_FALSE(std::filesystem::exists(target + ".tmp" + dead + ".a1B2c3"));
  EXPECT_TRUE(std::filesystem::exists(target + ".tmp1"));
  EXPECT_TRUE(std::filesystem::exists(target + ".tmp" + dead + ".toolongsuffix"));
  EXPECT_TRUE(std::filesystem::exists((dir / "other.csv").string() + ".tmp" + dead));
}

// Writes through `write` under a 256 KiB file size limit (SIGXFSZ ignored); the InputError's message.
template <typename Write>
std::string message_under_size_limit(Write&& write) {
  rlimit previous{};
  EXPECT_EQ(::getrlimit(RLIMIT_FSIZE, &previous), 0);
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = previous;
  limit.rlim_cur = 256 * 1024;
  EXPECT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::string message;
  try {
    write();
  } catch (const InputError& error) {
    message = error.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &previous);
  ::signal(SIGXFSZ, old_handler);
  return message;
}

TEST(AtomicFile, AFullDiskIsAnInputErrorNamingTheFileAtTheFirstFailedWrite) {
  testkit::TempDir dir;
  // A file size limit fails writes past it (EFBIG) as a full disk fails them (ENOSPC).
  std::size_t written = 0;
  const std::string message = message_under_size_limit([&] {
    io::AtomicFile file(dir / "big.csv");
    const std::string chunk(4096, 'x');
    for (; written < 4096; ++written) file.stream() << chunk;  // 16 MiB if nothing stopped it
    file.commit();
  });
  EXPECT_NE(message.find("big.csv: write failed: File too large"), std::string::npos) << message;
  EXPECT_LT(written, 4096u) << "the writes went on after the first failure";
  EXPECT_FALSE(std::filesystem::exists(dir / "big.csv"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 0);
}

TEST(AtomicFile, SeriesWritersStopAtTheFirstFailedBlock) {
  testkit::TempDir dir;
  const std::vector<std::string> names(50, "w");
  const std::vector<double> values(50, 0.123456789);
  for (const std::string name : {"w.csv", "w.npy"}) {
    SCOPED_TRACE(name);
    long long rows = 0;
    const std::string message = message_under_size_limit([&] {
      io::AtomicFileSet files;
      auto writer = io::open_series_writer(files, dir / name, {"step"}, names);
      for (; rows < 100000; ++rows) writer->write_row(std::span<const long long>(&rows, 1), values);  // ~60 MB
      writer->finish();
      files.commit_all();
    });
    EXPECT_NE(message.find(name + ": write failed: File too large"), std::string::npos) << message;
    // The background CSV formatter fails at most a few 64 KiB blocks past the limit.
    EXPECT_LT(rows, 5000) << "rows kept coming after the first failed write";
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()), 0);
}

TEST(AtomicFile, ADirectoryIsNoOutputFile) {
  testkit::TempDir dir;
  std::filesystem::create_directories(dir / "out");
  try {
    io::AtomicFile file(dir / "out");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("out: is a directory"), std::string::npos) << error.what();
  }
}

TEST(AtomicFile, SeeksForHeadersWrittenLast) {
  testkit::TempDir dir;
  io::AtomicFile file(dir / "h.bin");
  const auto start = file.stream().tellp();
  file.stream() << "0000body";
  const auto end = file.stream().tellp();
  file.stream().seekp(start);
  file.stream() << "HEAD";
  file.stream().seekp(end);
  file.stream() << "!";
  file.commit();
  EXPECT_EQ(testkit::read_file(dir / "h.bin"), "HEADbody!");
}

// Issue 15, item 6: what no signal handler can hold back. A set's files are renamed one by one;
// a SIGKILL (or a power loss, or a failed rename) between two renames leaves a directory whose
// files may mix two runs. The commit journal marks them, and every reader refuses them until a
// later commit writes them again.
namespace {

void write_set(const std::filesystem::path& dir, const std::string& text, const std::function<void(std::size_t)>& after = {}) {
  io::AtomicFileSet files;
  files.open(dir / "a.csv").stream() << "a " << text << "\n";
  files.open(dir / "b.csv").stream() << "b " << text << "\n";
  files.commit_all(after);
}

std::vector<std::string> journals_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().rfind(io::kCommitJournalPrefix, 0) == 0) names.push_back(entry.path().filename());
  return names;
}

std::string joined_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += name + " ";
  return text;
}

// The InputError require_input_file gives for `path`, or "" if it accepts the file.
std::string refusal(const std::filesystem::path& path) {
  try {
    io::require_input_file(path.string());
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(CommitJournal, SigkillBetweenRenamesLeavesFilesThatEveryReaderRefusesUntilWrittenAgain) {
  testkit::TempDir dir;
  write_set(dir.path(), "old");
  EXPECT_TRUE(journals_in(dir.path()).empty());
  EXPECT_EXIT(write_set(dir.path(), "new", [](std::size_t renamed) { if (renamed == 1) ::raise(SIGKILL); }),
              ::testing::KilledBySignal(SIGKILL), "");
  // The state a SIGKILL leaves: one file new, one old, and the journal naming both.
  EXPECT_EQ(testkit::read_file(dir / "a.csv"), "a new\n");
  EXPECT_EQ(testkit::read_file(dir / "b.csv"), "b old\n");
  ASSERT_EQ(journals_in(dir.path()).size(), 1u);
  for (const std::string name : {"a.csv", "b.csv"}) {
    const std::string message = refusal(dir / name);
    EXPECT_NE(message.find((dir / name).string() + ": cannot use: "), std::string::npos) << message;
    EXPECT_NE(message.find("may mix two runs"), std::string::npos) << message;
    EXPECT_NE(message.find(journals_in(dir.path())[0]), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  // Writing b alone again does not vouch for a: the journal keeps naming a.
  {
    io::AtomicFile b(dir / "b.csv");
    b.stream() << "b again\n";
    b.commit();
  }
  EXPECT_EQ(refusal(dir / "b.csv"), "");
  EXPECT_NE(refusal(dir / "a.csv"), "");
  ASSERT_EQ(journals_in(dir.path()).size(), 1u);
  // The whole set written again: both readable, and the journal gone.
  write_set(dir.path(), "newest");
  EXPECT_EQ(refusal(dir / "a.csv"), "");
  EXPECT_EQ(refusal(dir / "b.csv"), "");
  EXPECT_TRUE(journals_in(dir.path()).empty());
}

TEST(CommitJournal, TheJournalStandsBeforeTheFirstRenameAndGoesAfterTheLast) {
  testkit::TempDir dir;
  std::vector<std::size_t> journals_seen;
  write_set(dir.path(), "x", [&](std::size_t) {
    journals_seen.push_back(journals_in(dir.path()).size());
    // A replacement in progress in a live process is not an interrupted one.
    EXPECT_EQ(refusal(dir / "a.csv"), "");
  });
  EXPECT_EQ(journals_seen, (std::vector<std::size_t>{1, 1}));
  EXPECT_TRUE(journals_in(dir.path()).empty());
  // One file alone needs no journal (one rename is atomic).
  io::AtomicFileSet one;
  one.open(dir / "c.csv").stream() << "c\n";
  one.commit_all([&](std::size_t) { EXPECT_TRUE(journals_in(dir.path()).empty()); });
}

TEST(CommitJournal, AFailedRenameMarksTheSetOnceItsProcessHasEnded) {
  testkit::TempDir dir;
  write_set(dir.path(), "old");
  // b.csv becomes a non-empty directory after the set opened it, so its rename fails.
  EXPECT_EXIT(
      {
        io::AtomicFileSet files;
        files.open(dir / "a.csv").stream() << "a new\n";
        files.open(dir / "b.csv").stream() << "b new\n";
        std::filesystem::remove(dir / "b.csv");
        std::filesystem::create_directories(dir / "b.csv" / "inside");
        try {
          files.commit_all();
        } catch (const InputError&) {
          std::_Exit(3);
        }
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(3), "");
  EXPECT_EQ(testkit::read_file(dir / "a.csv"), "a new\n");
  EXPECT_NE(refusal(dir / "a.csv").find("may mix two runs"), std::string::npos);
}

TEST(CommitJournal, JournalsCutShortOrOfAnotherProcessUnderTheSamePidAreJudgedRight) {
  testkit::TempDir dir;
  write_set(dir.path(), "x");
  const std::string header = "legcnet commit journal: these files were being replaced together by pid ";
  // Cut short (no "end" line): it was being written when the run died, before any rename.
  testkit::write_file(dir / (std::string(io::kCommitJournalPrefix) + std::to_string(dead_pid()) + ".AAAAAA"),
                      header + "1 started 0\na.csv\n");
  EXPECT_EQ(refusal(dir / "a.csv"), "");
  // PID 1 runs, but not since the start time the journal recorded: its writer has ended.
  testkit::write_file(dir / (std::string(io::kCommitJournalPrefix) + "1.BBBBBB"), header + "1 started 1\nb.csv\nend\n");
  EXPECT_NE(refusal(dir / "b.csv"), "");
  EXPECT_EQ(refusal(dir / "a.csv"), "");
  // A name with a newline or a percent sign survives the journal's escaping.
  const std::string odd = "odd%0A\nname.csv";
  testkit::write_file(dir / odd, "z\n");
  testkit::write_file(dir / (std::string(io::kCommitJournalPrefix) + std::to_string(dead_pid()) + ".CCCCCC"),
                      header + "1 started 1\nodd%250A%0Aname.csv\nend\n");
  EXPECT_NE(refusal(dir / odd), "");
  // The next whole commit takes both files off, and removes the journals that then name nothing
  // (and the one cut short, whose process has ended).
  write_set(dir.path(), "y");
  { io::AtomicFile file(dir / odd); file.stream() << "z\n"; file.commit(); }
  EXPECT_TRUE(journals_in(dir.path()).empty()) << joined_names(journals_in(dir.path()));
}
