#pragma once
// LEGCNet's rule: prune the weights whose exponent series does not Granger-cause the
// misclassification rate (or, on request, those that do).
#include <cstddef>
#include <vector>

#include "legcnet/nn/mask.hpp"

namespace legcnet::prune {

struct GrangerVerdict {
  bool testable = false;
  bool causal = false;
};

enum class PruneWhich { non_causal, causal };  // which of the tested weights go
enum class UntestablePolicy { keep, prune };

nn::Mask legc_mask(const std::vector<GrangerVerdict>& verdicts, PruneWhich which, UntestablePolicy untestable);

// Consensus of several decisions about the same weights (one granger.csv per perturbed run): a
// weight is causal when at least `min_share` of the decisions that tested it call it causal, and
// untestable when none tested it. Throws legcnet::InputError when the decisions differ in length
// or min_share lies outside (0, 1].
struct Consensus {
  std::vector<GrangerVerdict> verdicts;
  std::vector<std::size_t> tested;  // per weight: decisions that tested it
  std::vector<std::size_t> causal;  // per weight: decisions that called it causal
  std::vector<double> share;        // causal / tested; NaN when untested
};
Consensus consensus(const std::vector<std::vector<GrangerVerdict>>& decisions, double min_share);

}  // namespace legcnet::prune
