#pragma once
// Which weights to prune: by Granger decisions (LEGCNet), at random, or by magnitude. Each returns
// a mask over the network's weights in weight_names() order; none reads or writes files.
#include <cstdint>
#include <vector>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::prune {

struct GrangerVerdict {
  bool testable = false;
  bool causal = false;
};

enum class PruneWhich { non_causal, causal };  // legc: which of the tested weights go
enum class UntestablePolicy { keep, prune };

nn::Mask legc_mask(const std::vector<GrangerVerdict>& verdicts, PruneWhich which, UntestablePolicy untestable);

// `count` weights chosen uniformly at random without replacement (the seed's "prune-random" stream).
nn::Mask random_mask(std::size_t weights, std::size_t count, std::uint64_t seed);

// The `count` weights of smallest |w| over the whole network (global), or per layer the share
// `count / weights` of that layer, rounded (layer). Ties go to the earlier weight in name order.
enum class MagnitudeScope { global, layer };
nn::Mask magnitude_mask(const nn::Mlp& trained, std::size_t count, MagnitudeScope scope);

// round(fraction * weights), the number of weights a fraction prunes.
std::size_t count_for_fraction(double fraction, std::size_t weights);

}  // namespace legcnet::prune
