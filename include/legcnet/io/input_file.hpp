#pragma once
// Every reader opens its file through require_input_file first, so that what is wrong with a
// path is said plainly: "no such file", "is a directory", "not a regular file" (a FIFO or a
// device), "permission denied", "file name too long", each an InputError naming the path.
#include <string>

namespace legcnet::io {

void require_input_file(const std::string& path);

}  // namespace legcnet::io
