#include "legcnet/io/npz.hpp"

#include <zlib.h>

#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "legcnet/error.hpp"

namespace legcnet::io {
namespace {

void append_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xffu);
}

std::string shape_literal(const std::vector<std::size_t>& shape) {
  if (shape.empty()) return "()";
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i > 0 ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// Decodes UTF-8 into code points; InputError on a malformed sequence.
std::u32string decode_utf8(const std::string& text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int extra = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xe ? 2 : (lead >> 3) == 0x1e ? 3 : -1;
    if (extra < 0 || (extra > 0 && i + static_cast<std::size_t>(extra) >= text.size()))
      throw InputError("not valid UTF-8: '" + text + "'");
    char32_t code = extra == 0 ? lead : static_cast<char32_t>(lead & (0x3f >> extra));
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next >> 6) != 0x2) throw InputError("not valid UTF-8: '" + text + "'");
      code = (code << 6) | (next & 0x3f);
    }
    out += code;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

NpyArray unicode_array(const std::vector<std::string>& utf8, std::vector<std::size_t> shape) {
  std::vector<std::u32string> decoded;
  std::size_t width = 1;  // numpy's narrowest unicode dtype is '<U1'
  for (const auto& text : utf8) {
    decoded.push_back(decode_utf8(text));
    width = std::max(width, decoded.back().size());
  }
  NpyArray array{"<U" + std::to_string(width), std::move(shape), {}};
  for (const auto& text : decoded)
    for (std::size_t k = 0; k < width; ++k) append_le(array.data, k < text.size() ? text[k] : 0, 4);
  return array;
}

}  // namespace

NpyArray npy_float64(const Eigen::MatrixXd& matrix) {
  NpyArray array{"<f8", {static_cast<std::size_t>(matrix.rows()), static_cast<std::size_t>(matrix.cols())}, {}};
  for (Eigen::Index r = 0; r < matrix.rows(); ++r)
    for (Eigen::Index c = 0; c < matrix.cols(); ++c) append_le(array.data, std::bit_cast<std::uint64_t>(matrix(r, c)), 8);
  return array;
}

NpyArray npy_float64(const std::vector<double>& values) {
  NpyArray array{"<f8", {values.size()}, {}};
  for (double v : values) append_le(array.data, std::bit_cast<std::uint64_t>(v), 8);
  return array;
}

NpyArray npy_uint8(const Eigen::MatrixXd& zero_one) {
  NpyArray array{"|u1", {static_cast<std::size_t>(zero_one.rows()), static_cast<std::size_t>(zero_one.cols())}, {}};
  for (Eigen::Index r = 0; r < zero_one.rows(); ++r)
    for (Eigen::Index c = 0; c < zero_one.cols(); ++c) {
      if (zero_one(r, c) != 0.0 && zero_one(r, c) != 1.0) throw std::invalid_argument("npy_uint8: values must be 0 or 1");
      array.data += static_cast<char>(zero_one(r, c) == 1.0 ? 1 : 0);
    }
  return array;
}

NpyArray npy_int64(const std::vector<long long>& values) {
  NpyArray array{"<i8", {values.size()}, {}};
  for (long long v : values) append_le(array.data, static_cast<std::uint64_t>(v), 8);
  return array;
}

NpyArray npy_int64(long long value) {
  NpyArray array = npy_int64(std::vector<long long>{value});
  array.shape.clear();
  return array;
}

NpyArray npy_unicode(const std::vector<std::string>& utf8) { return unicode_array(utf8, {utf8.size()}); }
NpyArray npy_unicode(const std::string& utf8) { return unicode_array({utf8}, {}); }

std::string npy_file_bytes(const NpyArray& array) {
  std::string dict = "{'descr': '" + array.descr + "', 'fortran_order': False, 'shape': " + shape_literal(array.shape) + ", }";
  const std::size_t unpadded = 10 + dict.size() + 1;  // magic (6), version (2), length (2), dict, '\n'
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::string bytes("\x93NUMPY\x01\x00", 8);
  append_le(bytes, dict.size(), 2);
  return bytes + dict + array.data;
}

void write_npz(std::ostream& out, const std::vector<std::pair<std::string, NpyArray>>& arrays) {
  constexpr std::uint64_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, the zip epoch
  std::string central;
  std::uint64_t offset = 0;
  for (const auto& [name, array] : arrays) {
    const std::string file_name = name + ".npy";
    const std::string bytes = npy_file_bytes(array);
    if (bytes.size() >= std::numeric_limits<std::uint32_t>::max() || offset >= std::numeric_limits<std::uint32_t>::max())
      throw InputError(file_name + ": too large for a zip without zip64 (4 GiB)");
    const auto crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
    // Fields shared by the local header and the central directory entry, from "version needed".
    std::string common;
    append_le(common, 20, 2);  // version needed to extract: 2.0
    append_le(common, 0, 2);   // flags
    append_le(common, 0, 2);   // method: stored
    append_le(common, 0, 2);   // time 00:00
    append_le(common, kDosDate, 2);
    append_le(common, crc, 4);
    append_le(common, bytes.size(), 4);  // compressed size
    append_le(common, bytes.size(), 4);  // uncompressed size
    append_le(common, file_name.size(), 2);
    append_le(common, 0, 2);  // extra field length
    std::string local;
    append_le(local, 0x04034b50, 4);
    local += common + file_name;
    out.write(local.data(), static_cast<std::streamsize>(local.size()));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    append_le(central, 0x02014b50, 4);
    append_le(central, 20, 2);  // version made by: 2.0, MS-DOS attributes
    central += common;
    append_le(central, 0, 2);  // comment length
    append_le(central, 0, 2);  // disk number
    append_le(central, 0, 2);  // internal attributes
    append_le(central, 0, 4);  // external attributes
    append_le(central, offset, 4);
    central += file_name;
    offset += local.size() + bytes.size();
  }
  std::string end;
  append_le(end, 0x06054b50, 4);
  append_le(end, 0, 2);
  append_le(end, 0, 2);
  append_le(end, arrays.size(), 2);
  append_le(end, arrays.size(), 2);
  append_le(end, central.size(), 4);
  append_le(end, offset, 4);
  append_le(end, 0, 2);
  out.write(central.data(), static_cast<std::streamsize>(central.size()));
  out.write(end.data(), static_cast<std::streamsize>(end.size()));
}

}  // namespace legcnet::io
