#pragma once
// Outputs appear whole or not at all: each file is written under a temporary name beside its
// target and renamed into place by commit(). An uncommitted file is removed on destruction, so a
// stage that throws half-way leaves nothing behind.
//
// The temporary, TARGET.tmpPID.XXXXXX (six random letters), is created with
// O_CREAT|O_EXCL|O_NOFOLLOW: a planted file or symlink of that name is never followed or overwritten. Write errors (a full disk) throw
// InputError naming the target at the first failed write, so that a stage stops there instead of
// computing on. install_signal_cleanup() (called by main) removes live temporaries on
// SIGINT/SIGTERM/SIGHUP/SIGQUIT; temporaries a killed run (SIGKILL, power loss) left are swept by
// the next AtomicFile of the same target whose PID no longer runs.
#include <filesystem>
#include <functional>
#include <fstream>  // for the files that include this one for std::ofstream
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace legcnet::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream();
  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporary() const { return temporary_; }
  void close();   // flushes and checks for write errors (InputError naming the target)
  void commit();  // close() and rename into place

 private:
  friend class AtomicFileSet;
  void rename_into_place();
  class Buffer;
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
  std::size_t slot_ = static_cast<std::size_t>(-1);  // in the signal handler's list of live temporaries
  bool closed_ = false;
  bool committed_ = false;
};

// Several files that must appear together (a stage's output directory): all are written and
// closed first, then renamed with SIGINT/SIGTERM/SIGHUP/SIGQUIT held back, so that a signal never
// leaves a directory mixing the files of two runs; none is left behind if the stage fails. A
// commit journal (commit_journal.hpp) stands in the directory while the renames run, so that
// readers refuse the files of a replacement that SIGKILL, a power loss or a failed rename cut off.
class AtomicFileSet {
 public:
  AtomicFile& open(const std::filesystem::path& target);
  // `after_rename(k)` runs after the k-th rename (tests kill the process there).
  void commit_all(const std::function<void(std::size_t)>& after_rename = {});

 private:
  std::vector<std::unique_ptr<AtomicFile>> files_;
};

// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that remove every temporary of a live
// AtomicFile, then end the process by the same signal (its default action). Once per process.
void install_signal_cleanup();

// Removes TARGET.tmpPID and TARGET.tmpPID.XXXXXX files beside `target` whose PID is no running
// process (left by a run killed with SIGKILL or by a power loss). Returns how many it removed.
std::size_t sweep_stale_temporaries(const std::filesystem::path& target);

}  // namespace legcnet::io
