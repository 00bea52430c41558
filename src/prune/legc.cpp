#include "legcnet/prune/legc.hpp"

#include <limits>

#include "legcnet/error.hpp"

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

Consensus consensus(const std::vector<std::vector<GrangerVerdict>>& decisions, double min_share) {
  if (!(min_share > 0.0 && min_share <= 1.0)) throw InputError("the consensus share must lie in (0, 1]");
  if (decisions.empty()) throw InputError("consensus: no decisions");
  const std::size_t weights = decisions.front().size();
  for (const auto& d : decisions)
    if (d.size() != weights) throw InputError("consensus: the decisions cover different numbers of weights");
  Consensus c;
  c.tested.assign(weights, 0);
  c.causal.assign(weights, 0);
  c.share.assign(weights, std::numeric_limits<double>::quiet_NaN());
  c.verdicts.resize(weights);
  for (std::size_t k = 0; k < weights; ++k) {
    for (const auto& d : decisions) {
      c.tested[k] += d[k].testable;
      c.causal[k] += d[k].testable && d[k].causal;
    }
    if (c.tested[k] == 0) continue;
    c.share[k] = static_cast<double>(c.causal[k]) / static_cast<double>(c.tested[k]);
    c.verdicts[k] = {true, c.share[k] >= min_share};
  }
  return c;
}

}  // namespace legcnet::prune
