#pragma once
// NumPy .npz archives (what numpy.savez writes): a zip of .npy files, stored uncompressed. Arrays
// are float64, int64, uint8 or fixed-width unicode (numpy's '<U'), never Python objects, so
// numpy.load(..., allow_pickle=False) reads every one.
#include <Eigen/Core>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace legcnet::io {

// One array as numpy stores it: dtype descr, shape (empty: a 0-d scalar) and little-endian data.
struct NpyArray {
  std::string descr;
  std::vector<std::size_t> shape;
  std::string data;
};

NpyArray npy_float64(const Eigen::MatrixXd& matrix);             // shape (rows, cols), C order
NpyArray npy_float64(const std::vector<double>& values);         // shape (n,)
NpyArray npy_uint8(const Eigen::MatrixXd& zero_one);             // shape (rows, cols); values 0 or 1
NpyArray npy_int64(const std::vector<long long>& values);        // shape (n,)
NpyArray npy_int64(long long value);                             // shape ()
// '<Un' with n the longest string in code points; InputError on invalid UTF-8.
NpyArray npy_unicode(const std::vector<std::string>& utf8);      // shape (n,)
NpyArray npy_unicode(const std::string& utf8);                   // shape ()

// The bytes of NAME.npy: format 1.0 header padded to 64 bytes, then the data.
std::string npy_file_bytes(const NpyArray& array);

// A zip archive holding NAME.npy for each (NAME, array), stored (no compression), with CRC-32s and a
// fixed timestamp (1980-01-01), so the same arrays always give the same bytes. Sizes must stay
// below 4 GiB (no zip64).
void write_npz(std::ostream& out, const std::vector<std::pair<std::string, NpyArray>>& arrays);

}  // namespace legcnet::io
