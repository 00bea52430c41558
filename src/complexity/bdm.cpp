#include "legcnet/complexity/bdm.hpp"

#include <cmath>
#include <map>

#include "legcnet/error.hpp"

namespace legcnet::complexity {
namespace {

constexpr std::uint32_t kNoKey = 0xFFFFFFFFU;

struct LayoutBuilder {
  std::vector<std::int32_t>& block_of;
  std::vector<std::uint32_t>& bit_of;
  std::vector<int>& side_of;
  Boundary boundary;
  int columns;
  std::size_t first;  // element number of the matrix's (0,0)

  void add_block(int row, int column, int side) {
    const auto block = static_cast<std::int32_t>(side_of.size());
    side_of.push_back(side);
    for (int r = 0; r < side; ++r)
      for (int c = 0; c < side; ++c) {
        const std::size_t element = first + static_cast<std::size_t>(row + r) * static_cast<std::size_t>(columns) +
                                    static_cast<std::size_t>(column + c);
        block_of[element] = block;
        bit_of[element] = std::uint32_t{1} << (side * side - 1 - (r * side + c));
      }
  }

  // Cuts rows x cols at (row, column) into side x side parts from its corner, as pybdm slices a
  // dataset; parts that do not fill a whole block are dropped (ignore) or cut again (recursive).
  void partition(int row, int column, int rows, int cols, int side) {
    for (int r = 0; r < rows; r += side)
      for (int c = 0; c < cols; c += side) {
        const int part_rows = std::min(side, rows - r), part_cols = std::min(side, cols - c);
        if (part_rows == side && part_cols == side) {
          add_block(row + r, column + c, side);
        } else if (boundary == Boundary::recursive) {
          const int shrunk = std::min(part_rows, part_cols);
          if (shrunk >= 2) partition(row + r, column + c, part_rows, part_cols, shrunk);
        }
      }
  }
};

}  // namespace

Boundary parse_boundary(const std::string& text) {
  if (text == "ignore") return Boundary::ignore;
  if (text == "recursive") return Boundary::recursive;
  throw InputError("--bdm-boundary must be ignore or recursive, not '" + text + "'");
}

Measure parse_measure(const std::string& text) {
  if (text == "bdm") return Measure::bdm;
  if (text == "entropy") return Measure::entropy;
  throw InputError("--measure must be bdm or entropy, not '" + text + "'");
}

BlockLayout::BlockLayout(const std::vector<MatrixShape>& matrices, Boundary boundary) {
  std::size_t total = 0;
  for (const auto& shape : matrices) total += static_cast<std::size_t>(shape.rows) * static_cast<std::size_t>(shape.columns);
  block_of_.assign(total, kUncovered);
  bit_of_.assign(total, 0);
  std::size_t first = 0;
  for (const auto& shape : matrices) {
    LayoutBuilder builder{block_of_, bit_of_, side_, boundary, shape.columns, first};
    builder.partition(0, 0, shape.rows, shape.columns, kMaxBlockSide);
    first += static_cast<std::size_t>(shape.rows) * static_cast<std::size_t>(shape.columns);
  }
  for (auto block : block_of_) uncovered_ += block == kUncovered;
}

std::vector<std::uint32_t> block_keys(const BlockLayout& layout, std::span<const std::uint8_t> bits) {
  std::vector<std::uint32_t> codes(layout.blocks(), 0);
  for (std::size_t e = 0; e < layout.elements(); ++e) {
    const std::int32_t block = layout.block_of(e);
    if (block >= 0 && bits[e] != 0) codes[static_cast<std::size_t>(block)] |= layout.bit_of(e);
  }
  for (std::size_t b = 0; b < codes.size(); ++b)
    codes[b] = static_cast<std::uint32_t>(block_key(layout.side(b), codes[b]));
  return codes;
}

Measures measure(const BlockLayout& layout, const CtmTable& ctm, std::span<const std::uint8_t> bits) {
  std::map<std::uint32_t, std::size_t> counts;
  for (auto key : block_keys(layout, bits)) ++counts[key];
  Measures result;
  result.blocks = layout.blocks();
  result.uncovered = layout.uncovered();
  const double total = static_cast<double>(layout.blocks());
  for (const auto& [key, n] : counts) {
    const double count = static_cast<double>(n);
    result.bdm += ctm.value(key) + std::log2(count);
    result.entropy -= count / total * std::log2(count / total);
  }
  return result;
}

IncrementalComplexity::IncrementalComplexity(const BlockLayout& layout, const CtmTable& ctm, Measure measure,
                                             std::span<const std::uint8_t> bits)
    : layout_(&layout), ctm_(ctm.values().data()), measure_(measure), keys_(block_keys(layout, bits)),
      counts_(kBlockKeyCount, 0), blocks_(static_cast<double>(layout.blocks())),
      scratch_key_(layout.blocks(), kNoKey) {
  for (auto key : keys_) ++counts_[key];
  step_.assign(layout.blocks() + 2, 0.0);
  for (std::size_t n = 1; n < step_.size(); ++n) {
    const double count = static_cast<double>(n);
    if (n == 1) step_[n] = 0.0;  // bdm never reads it (a block's first copy costs its CTM value)
    else if (measure == Measure::bdm) step_[n] = std::log2(count) - std::log2(count - 1);
    else step_[n] = count * std::log2(count) - (count - 1) * std::log2(count - 1);
  }
}

bool IncrementalComplexity::bit(std::size_t element) const {
  const std::int32_t block = layout_->block_of(element);
  return block >= 0 && (keys_[static_cast<std::size_t>(block)] & layout_->bit_of(element)) != 0;
}

void IncrementalComplexity::clear(std::size_t element) {
  const std::int32_t block = layout_->block_of(element);
  if (block < 0) return;
  std::uint32_t& key = keys_[static_cast<std::size_t>(block)];
  const std::uint32_t cleared = key & ~layout_->bit_of(element);
  if (cleared == key) return;
  move(key, cleared);
  key = cleared;
}

void IncrementalComplexity::gather(std::span<const std::size_t> elements) {
  pending_.clear();
  std::vector<std::uint32_t> touched;
  for (std::size_t element : elements) {
    const std::int32_t block = layout_->block_of(element);
    if (block < 0) continue;
    const auto b = static_cast<std::size_t>(block);
    if (scratch_key_[b] == kNoKey) {
      scratch_key_[b] = keys_[b];
      touched.push_back(static_cast<std::uint32_t>(b));
    }
    scratch_key_[b] &= ~layout_->bit_of(element);
  }
  for (auto b : touched) {
    if (scratch_key_[b] != keys_[b]) pending_.emplace_back(b, scratch_key_[b]);
    scratch_key_[b] = kNoKey;
  }
}

double IncrementalComplexity::clear_delta(std::span<const std::size_t> elements) {
  gather(elements);
  // Move the blocks one after another, each delta taken at the counts the earlier moves left, then undo.
  double delta = 0.0;
  for (const auto& [block, key] : pending_) {
    delta += move_delta(keys_[block], key);
    move(keys_[block], key);
  }
  for (const auto& [block, key] : pending_) move(key, keys_[block]);
  return delta;
}

void IncrementalComplexity::clear(std::span<const std::size_t> elements) {
  gather(elements);
  for (const auto& [block, key] : pending_) {
    move(keys_[block], key);
    keys_[block] = key;
  }
}

}  // namespace legcnet::complexity
