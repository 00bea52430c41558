#pragma once
// A journal of files being replaced together, so that a run killed between two renames (SIGKILL,
// a power loss, a rename that failed) cannot pass off a directory mixing two runs as one.
//
// Before the first rename, each directory gets DIR/.legcnet-commit.PID.XXXXXX naming the files
// about to be replaced, written to disk (file and directory synced); after the last rename it is
// removed. A journal whose process has ended is the mark of an interrupted replacement: the files
// it names may be new or old, so require_input_file refuses them, until a later commit writes
// them again and takes them off the journal (which goes when it names nothing more).
//
// The file contents themselves are not synced (that would cost a second write of gigabyte series):
// after a power loss the journal still tells a half-done replacement, but a whole one rests on
// the filesystem's rename semantics (ext4 flushes a file renamed over another).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace legcnet::io {

class CommitJournal {
 public:
  // Writes the journals of the directories of `targets` (nothing for fewer than two targets: one
  // rename is atomic on its own). InputError naming the journal if it cannot be written.
  explicit CommitJournal(const std::vector<std::filesystem::path>& targets);
  // Without complete(), the journals stay: the replacement did not finish.
  ~CommitJournal() = default;
  CommitJournal(const CommitJournal&) = delete;
  CommitJournal& operator=(const CommitJournal&) = delete;

  // After the last rename: removes these journals.
  void complete();

 private:
  std::vector<std::filesystem::path> journals_;
};

// Takes `written` (files just renamed into place) off the journals of ended processes in their
// directories; removes a journal that then names nothing.
void forget_in_interrupted_commits(const std::vector<std::filesystem::path>& written);

// The journal of an interrupted replacement that names `file`, if there is one.
std::optional<std::filesystem::path> interrupted_commit_of(const std::filesystem::path& file);

// The journal's file-name prefix (tests plant journals of killed runs).
inline constexpr const char* kCommitJournalPrefix = ".legcnet-commit.";

}  // namespace legcnet::io
