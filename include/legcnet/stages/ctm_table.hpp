#pragma once
// Where the stages find the CTM table (data/ctm/README.md): the first given or existing of
//   1. --ctm FILE;  2. $LEGCNET_CTM;  3. ../share/legcnet/ctm/ctm-b2-d4x4.csv beside the running binary's
//   directory (an install);  4. data/ctm/ctm-b2-d4x4.csv of the source tree the binary was built from.
// A file named by 1 or 2 that does not exist is an error, never a fallback.
#include <filesystem>
#include <string>

#include "legcnet/complexity/ctm.hpp"

namespace legcnet::stages {

std::filesystem::path locate_ctm_table(const std::string& explicit_path);
// Locates and reads the table (InputError naming the file when it is missing or corrupt); logs which.
complexity::CtmTable load_ctm_table(const std::string& explicit_path);

}  // namespace legcnet::stages
