#include "legcnet/prune/legc.hpp"

namespace legcnet::prune {

nn::Mask legc_mask(const std::vector<GrangerVerdict>& verdicts, PruneWhich which, UntestablePolicy untestable) {
  nn::Mask mask;
  for (const auto& verdict : verdicts) {
    bool prune = false;
    if (!verdict.testable) prune = untestable == UntestablePolicy::prune;
    else prune = which == PruneWhich::non_causal ? !verdict.causal : verdict.causal;
    mask.keep.push_back(prune ? 0 : 1);
  }
  return mask;
}

}  // namespace legcnet::prune
