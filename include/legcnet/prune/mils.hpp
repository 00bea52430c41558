#pragma once
// MILS pruning (minimal information loss): remove the weights, or hidden units, whose removal changes
// the algorithmic complexity (BDM) or block entropy of the network's weight sign pattern least (or
// most, by strategy). ../docs/mils.md has the definitions, the sources and the choices.
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "legcnet/complexity/bdm.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::prune {

enum class MilsLevel { weight, node };
// Removal order by delta = C(before) - C(after removing the candidate):
//   min_absolute: ascending |delta| (the authors' default);  max_absolute: descending |delta|;
//   min_increase: delta > 0 ascending, then the rest by ascending |delta|;  max_increase: descending delta;
//   min_decrease: delta < 0 closest to 0 first, then the rest by ascending |delta|;  max_decrease: ascending delta.
// Ties keep weight (or unit) order.
enum class MilsStrategy { min_absolute, max_absolute, min_increase, max_increase, min_decrease, max_decrease };
MilsLevel parse_mils_level(const std::string& text);  // InputError on anything else
MilsStrategy parse_mils_strategy(const std::string& text);

struct MilsOptions {
  complexity::Measure measure = complexity::Measure::bdm;
  MilsLevel level = MilsLevel::weight;
  MilsStrategy strategy = MilsStrategy::min_absolute;
  std::size_t step = 1;  // candidates removed per step, all chosen at the step's start
  complexity::Boundary boundary = complexity::Boundary::ignore;
};

// Views of every weight matrix (biases excluded): node [w > 0], positive [w > 0], negative [w < 0];
// a pruned weight is 0 in all three.
enum class SignView { node, positive, negative };
std::vector<std::uint8_t> sign_pattern(const nn::Mlp& net, const nn::Mask& mask, SignView view);
std::vector<complexity::MatrixShape> weight_shapes(const nn::Mlp& net);

// Weight level: of `pos` positive and `neg` negative weights left, how many of each a step of `n`
// removes so that their counts stay as equal as possible (the authors' rule: target (pos + neg - n) / 2
// each, an excess off the larger share, positive on a tie; a shortfall to the polarity with more left,
// negative on a tie).
std::pair<std::size_t, std::size_t> polarity_split(std::size_t pos, std::size_t neg, std::size_t n);

struct MilsRemoval {
  std::size_t candidate = 0;  // weight (weight_names order) or hidden unit (hidden_unit_names order)
  double delta = 0;           // at the start of its step, in its view
  std::size_t step = 0;       // 1-based
};

struct MilsResult {
  nn::Mask mask;
  std::vector<MilsRemoval> removals;  // in removal order
  // Every candidate's delta in the final state (so kept candidates have one too); +1/-1/0 per weight:
  // the view a weight's delta is taken in (0: a weight that is exactly 0, never a candidate).
  std::vector<double> final_delta;
  std::vector<int> polarity;
  std::vector<std::pair<std::size_t, std::size_t>> step_split;  // weight level: positives, negatives per step
  std::size_t uncovered = 0;          // weights outside every block
  std::size_t uncovered_removed = 0;  // of them, removed (weight level; node level: in removed units)
};

// Progress: called after each step with the number of candidates removed so far.
using MilsProgress = std::function<void(std::size_t removed)>;

// Removes `count` weights (weight level) or hidden units (node level) of `net`. Throws InputError when
// there are fewer candidates than that: nonzero weights, or hidden units with a nonzero incoming weight.
MilsResult mils_prune(const nn::Mlp& net, const complexity::CtmTable& ctm, std::size_t count, const MilsOptions& options,
                      const MilsProgress& progress = {});

// h{L}_{j}: unit j of hidden layer L (the outputs of weight matrix L), L from 1.
std::vector<std::string> hidden_unit_names(const nn::Mlp& net);
std::size_t hidden_unit_count(const nn::Mlp& net);
// The hidden units a mask cuts off: every incoming or every outgoing weight pruned.
std::size_t units_cut_off(const nn::Mask& mask, const nn::Mlp& net);

}  // namespace legcnet::prune
