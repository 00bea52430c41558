#pragma once
// The committed CTM table, read once for all tests, and a from-scratch measure in long double.
#include <cmath>
#include <map>
#include <span>

#include "legcnet/complexity/bdm.hpp"
#include "test_support.hpp"

namespace legcnet::testkit {

inline const complexity::CtmTable& ctm_table() {
  static const auto table =
      complexity::CtmTable::read_file((source_dir() / "data" / "ctm" / "ctm-b2-d4x4.csv").string());
  return table;
}

// BDM or block entropy of a 0/1 pattern recounted from scratch, summed in long double (64-bit
// mantissa), so its own rounding is far below the double deltas it is compared with.
inline long double full_measure(const complexity::BlockLayout& layout, std::span<const std::uint8_t> bits,
                                complexity::Measure measure) {
  std::map<std::uint32_t, long double> counts;
  for (auto key : complexity::block_keys(layout, bits)) counts[key] += 1;
  const long double total = static_cast<long double>(layout.blocks());
  long double sum = 0;
  for (const auto& [key, n] : counts) {
    if (measure == complexity::Measure::bdm) sum += static_cast<long double>(ctm_table().value(key)) + std::log2(n);
    else sum -= n / total * std::log2(n / total);
  }
  return sum;
}

}  // namespace legcnet::testkit
