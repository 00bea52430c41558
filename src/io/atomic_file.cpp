#include "legcnet/io/atomic_file.hpp"

#include <stdexcept>
#include <system_error>
#include <unistd.h>

#include "legcnet/error.hpp"

namespace legcnet::io {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  auto directory = target_.parent_path();
  std::error_code error;
  if (!directory.empty()) std::filesystem::create_directories(directory, error);
  if (error) throw InputError(target_.string() + ": cannot create directory " + directory.string());
  temporary_ = target_;
  temporary_ += ".tmp" + std::to_string(::getpid());
  stream_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!stream_) throw InputError(target_.string() + ": cannot open for writing");
  // Large buffered writes: the series files are the bulk of what legcnet writes.
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    stream_.close();
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void AtomicFile::close() {
  if (!stream_.is_open()) return;
  stream_.flush();
  if (!stream_) throw std::runtime_error(target_.string() + ": write failed (disk full?)");
  stream_.close();
}

void AtomicFile::commit() {
  close();
  std::filesystem::rename(temporary_, target_);
  committed_ = true;
}

AtomicFile& AtomicFileSet::open(const std::filesystem::path& target) {
  files_.push_back(std::make_unique<AtomicFile>(target));
  return *files_.back();
}

void AtomicFileSet::commit_all() {
  for (auto& file : files_) file->close();
  for (auto& file : files_) file->commit();
}

}  // namespace legcnet::io
