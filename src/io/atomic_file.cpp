#include "legcnet/io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <streambuf>
#include <system_error>

#include "legcnet/error.hpp"
#include "random_letters.hpp"
#include "legcnet/io/commit_journal.hpp"

namespace legcnet::io {
namespace {

// The temporaries of live AtomicFiles, for the signal handler: fixed slots of heap copies of
// their paths, claimed and released with atomic exchanges (the handler only loads and unlinks,
// both async-signal-safe). Process-wide by nature, like the signal dispositions it serves. More
// live files than slots go unregistered; the stale sweep removes theirs after a signal.
constexpr std::size_t kSlots = 512;
std::array<std::atomic<char*>, kSlots> live_temporaries{};

std::size_t register_temporary(const std::string& path) {
  char* copy = ::strdup(path.c_str());
  if (copy == nullptr) return kSlots;
  for (std::size_t i = 0; i < kSlots; ++i) {
    char* expected = nullptr;
    if (live_temporaries[i].compare_exchange_strong(expected, copy)) return i;
  }
  std::free(copy);
  return kSlots;
}

void release_temporary(std::size_t slot) {
  if (slot >= kSlots) return;
  std::free(live_temporaries[slot].exchange(nullptr));
}

// While an AtomicFileSet renames its files, a signal (on whatever thread it lands) is noted here
// and acted on when the last rename is done.
std::atomic<bool> committing{false};
std::atomic<int> deferred_signal{0};

extern "C" void remove_temporaries_and_reraise(int signal_number) {
  if (committing.load()) {
    deferred_signal.store(signal_number);
    return;
  }
  for (auto& slot : live_temporaries) {
    const char* path = slot.load();
    if (path != nullptr) ::unlink(path);
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

constexpr std::array<int, 4> kCleanupSignals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Permissions as an ofstream would have created the file: 0666 less the umask (read once).
mode_t file_mode() {
  static const mode_t mode = [] {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

[[noreturn]] void write_failed(const std::filesystem::path& target, int error) {
  throw InputError(target.string() + ": write failed: " + std::strerror(error));
}

}  // namespace

// An output buffer over the temporary's descriptor that throws InputError on the first failed
// write (through the ostream, whose badbit exceptions rethrow it) and can seek (NpyWriter patches
// its header).
class AtomicFile::Buffer : public std::streambuf {
 public:
  Buffer(int fd, std::filesystem::path target) : fd_(fd), target_(std::move(target)), bytes_(std::size_t{1} << 20) {
    setp(bytes_.data(), bytes_.data() + bytes_.size());
  }
  ~Buffer() override { close_quietly(); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void flush_all() {
    const char* data = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0) {
      const ssize_t written = ::write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        const int error = errno;
        setp(bytes_.data(), bytes_.data() + bytes_.size());
        write_failed(target_, error);
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
    setp(bytes_.data(), bytes_.data() + bytes_.size());
  }

  void close_checked() {
    if (fd_ < 0) return;
    flush_all();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) write_failed(target_, errno);
  }

  void close_quietly() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 protected:
  int_type overflow(int_type c) override {
    flush_all();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
  }
  int sync() override {
    flush_all();
    return 0;
  }
  pos_type seekoff(off_type offset, std::ios_base::seekdir direction, std::ios_base::openmode) override {
    flush_all();
    const int whence = direction == std::ios_base::beg ? SEEK_SET : direction == std::ios_base::cur ? SEEK_CUR : SEEK_END;
    const off_t at = ::lseek(fd_, static_cast<off_t>(offset), whence);
    return at < 0 ? pos_type(off_type(-1)) : pos_type(static_cast<off_type>(at));
  }
  pos_type seekpos(pos_type position, std::ios_base::openmode mode) override {
    return seekoff(off_type(position), std::ios_base::beg, mode);
  }

 private:
  int fd_;
  std::filesystem::path target_;
  std::vector<char> bytes_;
};

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  auto directory = target_.parent_path();
  std::error_code error;
  if (!directory.empty()) std::filesystem::create_directories(directory, error);
  if (error) throw InputError(target_.string() + ": cannot create directory " + directory.string() + ": " + error.message());
  if (std::filesystem::is_directory(target_, error))
    throw InputError(target_.string() + ": is a directory; give the name of a file to write");
  sweep_stale_temporaries(target_);
  // As mkstemp, but the name is in the signal handler's list before the file exists, so that a
  // signal arriving at any moment (on any thread) finds every temporary that exists.
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    const std::string name = target_.string() + ".tmp" + std::to_string(::getpid()) + "." + random_letters(6);
    slot_ = register_temporary(name);
    fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file_mode());
    if (fd >= 0) {
      temporary_ = name;
      break;
    }
    const int open_error = errno;
    release_temporary(slot_);
    slot_ = kSlots;
    if (open_error != EEXIST || attempt == 100)
      throw InputError(target_.string() + ": cannot open for writing: " + std::strerror(open_error));
  }
  buffer_ = std::make_unique<Buffer>(fd, target_);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
  stream_->exceptions(std::ios::badbit);  // rethrows the buffer's InputError where the write happened
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    stream_.reset();
    buffer_->close_quietly();
    ::unlink(temporary_.c_str());
  }
  release_temporary(slot_);
}

std::ostream& AtomicFile::stream() { return *stream_; }

void AtomicFile::close() {
  if (closed_) return;
  stream_->flush();
  buffer_->close_checked();
  closed_ = true;
}

void AtomicFile::commit() {
  rename_into_place();
  forget_in_interrupted_commits({target_});
}

void AtomicFile::rename_into_place() {
  close();
  if (::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw InputError(target_.string() + ": cannot rename " + temporary_.filename().string() + " into place: " +
                     std::strerror(errno));
  committed_ = true;
}

AtomicFile& AtomicFileSet::open(const std::filesystem::path& target) {
  files_.push_back(std::make_unique<AtomicFile>(target));
  return *files_.back();
}

void AtomicFileSet::commit_all(const std::function<void(std::size_t)>& after_rename) {
  for (auto& file : files_) file->close();
  // The renames take microseconds; a signal arriving meanwhile waits until all are done. What no
  // handler can hold back (SIGKILL, a power loss) or a failed rename leaves the journal behind.
  committing.store(true);
  try {
    std::vector<std::filesystem::path> targets;
    for (const auto& file : files_) targets.push_back(file->target());
    CommitJournal journal(targets);
    for (std::size_t i = 0; i < files_.size(); ++i) {
      files_[i]->rename_into_place();
      if (after_rename) after_rename(i + 1);
    }
    journal.complete();
    forget_in_interrupted_commits(targets);
  } catch (...) {
    committing.store(false);
    if (const int signal_number = deferred_signal.exchange(0)) remove_temporaries_and_reraise(signal_number);
    throw;
  }
  committing.store(false);
  if (const int signal_number = deferred_signal.exchange(0)) remove_temporaries_and_reraise(signal_number);
}

void install_signal_cleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal_number : kCleanupSignals) {
      struct sigaction current {};
      if (::sigaction(signal_number, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) continue;  // nohup
      struct sigaction action {};
      action.sa_handler = remove_temporaries_and_reraise;
      sigemptyset(&action.sa_mask);
      for (const int other : kCleanupSignals) sigaddset(&action.sa_mask, other);
      ::sigaction(signal_number, &action, nullptr);
    }
  });
}

std::size_t sweep_stale_temporaries(const std::filesystem::path& target) {
  const std::filesystem::path directory = target.parent_path().empty() ? "." : target.parent_path();
  const std::string prefix = target.filename().string() + ".tmp";
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error) return 0;
  std::size_t removed = 0;
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    // PID digits, then nothing (the old TARGET.tmpPID) or '.' and mkstemp's six characters.
    std::size_t end = prefix.size();
    while (end < name.size() && name[end] >= '0' && name[end] <= '9') ++end;
    if (end == prefix.size() || end - prefix.size() > 9) continue;
    if (end != name.size() && !(name[end] == '.' && name.size() - end == 7)) continue;
    const auto pid = static_cast<pid_t>(std::stol(name.substr(prefix.size(), end - prefix.size())));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // running, or not ours to judge
    if (!entry.is_regular_file(error) || entry.is_symlink(error)) continue;
    if (std::filesystem::remove(entry.path(), error)) ++removed;
  }
  return removed;
}

}  // namespace legcnet::io
