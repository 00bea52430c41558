#pragma once
// LEGCNet's rule: prune the weights whose exponent series does not Granger-cause the
// misclassification rate (or, on request, those that do).
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

}  // namespace legcnet::prune
