#include "legcnet/io/commit_journal.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "legcnet/error.hpp"
#include "random_letters.hpp"
#include "legcnet/io/atomic_file.hpp"

namespace legcnet::io {
namespace {

// Format: a header line naming the process, one (escaped) file name per line, and a last line
// "end". A journal without its last line was cut short before any rename began: it marks nothing.
constexpr const char* kHeader = "legcnet commit journal: these files were being replaced together by pid ";
constexpr const char* kEnd = "end";

// The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), which tells
// a process from a later one that was given the same PID; 0 where /proc cannot say.
unsigned long long process_start_ticks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  const auto name_end = line.rfind(')');  // the command name may hold spaces and parentheses
  if (name_end == std::string::npos) return 0;
  std::istringstream fields(line.substr(name_end + 2));
  std::string field;
  for (int index = 3; index <= 22 && fields >> field; ++index)
    if (index == 22) return std::strtoull(field.c_str(), nullptr, 10);
  return 0;
}

bool process_has_ended(pid_t pid, unsigned long long start_ticks) {
  if (pid == ::getpid()) return false;
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  const unsigned long long now = process_start_ticks(pid);
  return start_ticks != 0 && now != 0 && now != start_ticks;
}

std::string escape_name(const std::string& name) {
  std::string escaped;
  for (const char c : name) {
    if (c == '%') escaped += "%25";
    else if (c == '\n') escaped += "%0A";
    else if (c == '\r') escaped += "%0D";
    else escaped += c;
  }
  return escaped;
}

std::string unescape_name(const std::string& escaped) {
  std::string name;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '%' && i + 2 < escaped.size()) {
      const std::string code = escaped.substr(i + 1, 2);
      if (code == "25" || code == "0A" || code == "0D") {
        name += code == "25" ? '%' : code == "0A" ? '\n' : '\r';
        i += 2;
        continue;
      }
    }
    name += escaped[i];
  }
  return name;
}

struct Journal {
  pid_t pid = 0;
  unsigned long long start_ticks = 0;
  std::vector<std::string> names;
};

// A journal's file name is exactly PREFIX + digits + '.' + six characters; anything else beside it
// (a rewrite's temporary) is not one.
bool is_journal_name(const std::string& name) {
  const std::string prefix = kCommitJournalPrefix;
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
  std::size_t end = prefix.size();
  while (end < name.size() && name[end] >= '0' && name[end] <= '9') ++end;
  return end > prefix.size() && end < name.size() && name[end] == '.' && name.size() - end == 7;
}

// The journal's contents, or nothing if it is not a finished journal (cut short, unreadable).
std::optional<Journal> read_journal(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || line.rfind(kHeader, 0) != 0) return std::nullopt;
  Journal journal;
  std::istringstream process(line.substr(std::strlen(kHeader)));
  std::string started;
  long long pid = 0;
  if (!(process >> pid >> started >> journal.start_ticks) || pid <= 0) return std::nullopt;
  journal.pid = static_cast<pid_t>(pid);
  bool ended = false;
  while (std::getline(in, line)) {
    if (line == kEnd) {
      ended = true;
      break;
    }
    journal.names.push_back(unescape_name(line));
  }
  if (!ended) return std::nullopt;
  return journal;
}

void sync_directory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // best effort: some filesystems refuse to sync a directory
  ::close(fd);
}

std::filesystem::path write_journal(const std::filesystem::path& directory, const std::set<std::string>& names) {
  std::string text = kHeader + std::to_string(::getpid()) + " started " + std::to_string(process_start_ticks(::getpid())) + "\n";
  for (const auto& name : names) text += escape_name(name) + "\n";
  text += std::string(kEnd) + "\n";
  for (int attempt = 0;; ++attempt) {
    const std::string name = kCommitJournalPrefix + std::to_string(::getpid()) + "." + random_letters(6);
    const std::filesystem::path path = directory / name;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      if (errno == EEXIST && attempt < 100) continue;
      throw InputError(path.string() + ": cannot write the commit journal: " + std::strerror(errno));
    }
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t written = ::write(fd, text.data() + done, text.size() - done);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        const int error = written < 0 ? errno : ENOSPC;
        ::close(fd);
        ::unlink(path.c_str());
        throw InputError(path.string() + ": cannot write the commit journal: " + std::strerror(error));
      }
      done += static_cast<std::size_t>(written);
    }
    // On disk before the first rename, so that even a power loss cannot show renames without it.
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL;
    const int sync_error = errno;
    if (::close(fd) != 0 || !synced) {
      ::unlink(path.c_str());
      throw InputError(path.string() + ": cannot write the commit journal: " + std::strerror(synced ? errno : sync_error));
    }
    sync_directory(directory);
    return path;
  }
}

// The files of `paths` grouped by directory, as the names a journal holds.
std::map<std::filesystem::path, std::set<std::string>> by_directory(const std::vector<std::filesystem::path>& paths) {
  std::map<std::filesystem::path, std::set<std::string>> groups;
  for (const auto& path : paths) groups[path.parent_path()].insert(path.filename().string());
  return groups;
}

std::filesystem::path listing_directory(const std::filesystem::path& directory) {
  return directory.empty() ? std::filesystem::path(".") : directory;
}

}  // namespace

CommitJournal::CommitJournal(const std::vector<std::filesystem::path>& targets) {
  if (targets.size() < 2) return;
  try {
    for (const auto& [directory, names] : by_directory(targets)) journals_.push_back(write_journal(directory, names));
  } catch (...) {
    complete();  // no rename has happened: nothing to mark
    throw;
  }
}

void CommitJournal::complete() {
  for (const auto& journal : journals_) ::unlink(journal.c_str());
  journals_.clear();
}

void forget_in_interrupted_commits(const std::vector<std::filesystem::path>& written) {
  for (const auto& [directory, names] : by_directory(written)) {
    std::error_code error;
    std::filesystem::directory_iterator entries(listing_directory(directory), error);
    if (error) continue;
    std::vector<std::filesystem::path> journals;
    for (const auto& entry : entries)
      if (is_journal_name(entry.path().filename().string())) journals.push_back(entry.path());
    for (const auto& path : journals) {
      const auto journal = read_journal(path);
      if (!journal) {
        // Cut short before its renames began: nothing to mark, once its process is gone.
        const std::string name = path.filename().string();
        const auto pid = static_cast<pid_t>(std::stol(name.substr(std::strlen(kCommitJournalPrefix))));
        if (process_has_ended(pid, 0)) std::filesystem::remove(path, error);
        continue;
      }
      if (!process_has_ended(journal->pid, journal->start_ticks)) continue;
      std::vector<std::string> remaining;
      for (const auto& name : journal->names)
        if (names.count(name) == 0) remaining.push_back(name);
      if (remaining.size() == journal->names.size()) continue;
      if (remaining.empty()) {
        std::filesystem::remove(path, error);
        continue;
      }
      // Rewritten whole (a temporary renamed over it), so that it never names less than it should.
      AtomicFile rewrite(path);
      rewrite.stream() << kHeader << journal->pid << " started " << journal->start_ticks << "\n";
      for (const auto& name : remaining) rewrite.stream() << escape_name(name) << "\n";
      rewrite.stream() << kEnd << "\n";
      rewrite.commit();
    }
  }
}

std::optional<std::filesystem::path> interrupted_commit_of(const std::filesystem::path& file) {
  std::error_code error;
  std::filesystem::directory_iterator entries(listing_directory(file.parent_path()), error);
  if (error) return std::nullopt;
  const std::string name = file.filename().string();
  for (const auto& entry : entries) {
    if (!is_journal_name(entry.path().filename().string())) continue;
    const auto journal = read_journal(entry.path());
    if (!journal || !process_has_ended(journal->pid, journal->start_ticks)) continue;
    for (const auto& listed : journal->names)
      if (listed == name) return entry.path();
  }
  return std::nullopt;
}

}  // namespace legcnet::io
