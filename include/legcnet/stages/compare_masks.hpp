#pragma once
// legcnet compare-masks: how much masks of the same network agree on what they prune, against the
// agreement of random masks with the same counts.
#include <string>
#include <vector>

#include "legcnet/stats/overlap.hpp"

namespace legcnet::stages {

struct CompareMasksOptions {
  std::vector<std::string> masks;  // two or more mask.csv files of one network
  std::string out;                 // empty: the caller prints the returned text
};

// The pruned sets (keep = 0) of every pair of masks, in argument order (1-2, 1-3, ..., 2-3, ...).
// Throws InputError naming the files when a mask is not a mask (weight,keep with 0/1) or the masks
// list different weights.
struct MaskComparison {
  std::string first, second;
  stats::Overlap overlap;
};
std::vector<MaskComparison> compare_mask_files(const std::vector<std::string>& masks);

// CSV: first,second,weights,pruned_first,pruned_second,both_pruned,jaccard,expected_jaccard,p_value
// (written to `out` when given) and returned.
std::string compare_masks(const CompareMasksOptions& options);

}  // namespace legcnet::stages
