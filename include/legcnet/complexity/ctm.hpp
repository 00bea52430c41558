#pragma once
// The Coding Theorem Method table: algorithmic complexity estimates, in bits, of small square binary
// blocks (pybdm's ctm-b2-d4x4, data/ctm/). Blocks are keyed by side and raw code: the block read row by
// row, element (0,0) the most significant bit. The file stores only normalised blocks (first bit 0); a
// block and its complement share a value, but they are two keys.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace legcnet::complexity {

inline constexpr int kMaxBlockSide = 4;

// One index over the raw codes of every block side: side 4 at 0..65535, then side 3 (512 codes),
// side 2 (16), side 1 (2).
std::size_t block_key(int side, std::uint32_t code);
inline constexpr std::size_t kBlockKeyCount = 65536 + 512 + 16 + 2;

class CtmTable {
 public:
  // Reads `rows,columns,block,ctm_bits`. Throws InputError naming `name` (and the line) for a file
  // that is not such a table, repeats a block, lacks one, or holds a value that is not a positive
  // finite number.
  static CtmTable read(std::istream& in, const std::string& name);
  static CtmTable read_file(const std::string& path);

  double value(std::size_t key) const { return values_[key]; }
  const std::vector<double>& values() const { return values_; }  // by block_key, raw codes

 private:
  std::vector<double> values_;
};

}  // namespace legcnet::complexity
