#pragma once
// Outputs appear whole or not at all: each file is written under a temporary name beside its
// target and renamed into place by commit(). An uncommitted file is removed on destruction, so a
// stage that throws half-way leaves nothing behind.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace legcnet::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  const std::filesystem::path& target() const { return target_; }
  void close();   // flushes and checks for write errors (throws std::runtime_error)
  void commit();  // close() and rename into place

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::ofstream stream_;
  bool committed_ = false;
};

// Several files that must appear together (a stage's output directory): all are committed at
// once, after the work is done; none is left behind if the stage fails.
class AtomicFileSet {
 public:
  AtomicFile& open(const std::filesystem::path& target);
  void commit_all();

 private:
  std::vector<std::unique_ptr<AtomicFile>> files_;
};

}  // namespace legcnet::io
