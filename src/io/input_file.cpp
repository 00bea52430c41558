#include "legcnet/io/input_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "legcnet/error.hpp"
#include "legcnet/io/commit_journal.hpp"

namespace legcnet::io {

void require_input_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    const int error = errno;
    throw InputError(path + ": cannot open: " + (error == ENOENT ? std::string("no such file") : std::strerror(error)));
  }
  if (S_ISDIR(info.st_mode)) throw InputError(path + ": cannot open: is a directory, not a file");
  if (!S_ISREG(info.st_mode)) throw InputError(path + ": cannot open: not a regular file");
  if (::access(path.c_str(), R_OK) != 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
  if (const auto journal = interrupted_commit_of(path))
    throw InputError(path + ": cannot use: the run that wrote it ended while replacing its directory's files (" +
                     journal->filename().string() + " left behind), so they may mix two runs; run the stage that writes it again");
}

}  // namespace legcnet::io
