#pragma once
// Block decomposition of binary matrices (pybdm's 2-D BDM with 4x4 blocks) and two measures of the
// pooled block counts: BDM = sum over distinct raw blocks b of CTM(b) + log2(n_b), and block entropy
// H = -sum_b (n_b/N) log2(n_b/N). Both are additive over blocks, so clearing one element changes one
// block's key and its delta is O(1) (IncrementalComplexity).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "legcnet/complexity/ctm.hpp"

namespace legcnet::complexity {

// ignore: 4x4 blocks from (0,0), those that would stick out are dropped (pybdm's default).
// recursive: a leftover part of a x b elements is cut again into m x m blocks, m = min(a, b), as long as
// m >= 2 (pybdm's PartitionRecursive, min_length 2); 1-wide strips stay uncovered.
enum class Boundary { ignore, recursive };
enum class Measure { bdm, entropy };
Boundary parse_boundary(const std::string& text);  // InputError on anything else
Measure parse_measure(const std::string& text);

struct MatrixShape {
  int rows = 0, columns = 0;
};

// Which block (and which bit of its code) every element of a list of matrices falls in. Elements are
// numbered matrix by matrix, row-major: legcnet's weight order.
class BlockLayout {
 public:
  static constexpr std::int32_t kUncovered = -1;
  BlockLayout(const std::vector<MatrixShape>& matrices, Boundary boundary);

  std::size_t elements() const { return block_of_.size(); }
  std::size_t blocks() const { return side_.size(); }
  std::size_t uncovered() const { return uncovered_; }
  std::int32_t block_of(std::size_t element) const { return block_of_[element]; }
  std::uint32_t bit_of(std::size_t element) const { return bit_of_[element]; }
  int side(std::size_t block) const { return side_[block]; }

 private:
  std::vector<std::int32_t> block_of_;
  std::vector<std::uint32_t> bit_of_;
  std::vector<int> side_;
  std::size_t uncovered_ = 0;
};

// The raw key (block_key) of every block of a 0/1 pattern given per element.
std::vector<std::uint32_t> block_keys(const BlockLayout& layout, std::span<const std::uint8_t> bits);

struct Measures {
  double bdm = 0, entropy = 0;
  std::size_t blocks = 0, uncovered = 0;
};
// Both measures of a 0/1 pattern from scratch (distinct keys summed in key order).
Measures measure(const BlockLayout& layout, const CtmTable& ctm, std::span<const std::uint8_t> bits);

// One view's block counts, kept up to date while elements are cleared (set to 0) one at a time or in
// groups, with the change of the measure that a clearing would cause.
class IncrementalComplexity {
 public:
  IncrementalComplexity(const BlockLayout& layout, const CtmTable& ctm, Measure measure,
                        std::span<const std::uint8_t> bits);

  // C(now) - C(after clearing `element`): 0 when it lies outside every block or is already 0. O(1).
  double clear_delta(std::size_t element) const {
    const std::int32_t block = layout_->block_of(element);
    if (block < 0) return 0.0;
    const std::uint32_t key = keys_[static_cast<std::size_t>(block)];
    const std::uint32_t bit = layout_->bit_of(element);
    return (key & bit) == 0 ? 0.0 : move_delta(key, key & ~bit);
  }
  void clear(std::size_t element);
  // The same for a group of elements cleared together (a hidden unit's row and column); O(size).
  double clear_delta(std::span<const std::size_t> elements);
  void clear(std::span<const std::size_t> elements);

  bool bit(std::size_t element) const;
  const std::vector<std::uint32_t>& keys() const { return keys_; }       // per block
  const std::vector<std::uint32_t>& counts() const { return counts_; }   // per key

 private:
  // C(now) - C(after one block moves from key `from` to key `to`), from != to.
  double move_delta(std::uint32_t from, std::uint32_t to) const {
    const std::uint32_t n = counts_[from], m = counts_[to];
    if (measure_ == Measure::entropy) return (step_[m + 1] - step_[n]) / blocks_;
    const double removed = n == 1 ? ctm_[from] : step_[n];
    const double added = m == 0 ? ctm_[to] : step_[m + 1];
    return removed - added;
  }
  void move(std::uint32_t from, std::uint32_t to) {
    --counts_[from];
    ++counts_[to];
  }
  // Groups `elements` by block: after it, pending_ holds (block, new key) once per touched block.
  void gather(std::span<const std::size_t> elements);

  const BlockLayout* layout_;
  const double* ctm_;
  Measure measure_;
  std::vector<std::uint32_t> keys_, counts_;
  // bdm: step_[n] = log2(n) - log2(n-1); entropy: step_[n] = n log2 n - (n-1) log2(n-1), n >= 1.
  std::vector<double> step_;
  double blocks_ = 0;
  std::vector<std::uint32_t> scratch_key_;  // per block, during gather (kNoKey when untouched)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pending_;
};

}  // namespace legcnet::complexity
