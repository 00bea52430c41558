#include "legcnet/prune/mils.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "legcnet/error.hpp"

namespace legcnet::prune {
namespace {

using complexity::IncrementalComplexity;

// A candidate's place in the removal order: smaller first; ties by candidate number (weight order).
struct Ranked {
  int group = 0;
  double value = 0;
  std::uint32_t candidate = 0;
  std::uint32_t position = 0;  // in the list of remaining candidates
  double delta = 0;
  bool operator<(const Ranked& other) const {
    if (group != other.group) return group < other.group;
    if (value != other.value) return value < other.value;
    return candidate < other.candidate;
  }
};

Ranked rank(MilsStrategy strategy, double delta, std::uint32_t candidate, std::uint32_t position) {
  Ranked r{0, 0.0, candidate, position, delta};
  switch (strategy) {
    case MilsStrategy::min_absolute: r.value = std::abs(delta); break;
    case MilsStrategy::max_absolute: r.value = -std::abs(delta); break;
    case MilsStrategy::max_increase: r.value = -delta; break;
    case MilsStrategy::max_decrease: r.value = delta; break;
    case MilsStrategy::min_increase:
      r.group = delta > 0 ? 0 : 1;
      r.value = std::abs(delta);
      break;
    case MilsStrategy::min_decrease:
      r.group = delta < 0 ? 0 : 1;
      r.value = std::abs(delta);
      break;
  }
  return r;
}

// The first `n` of `remaining` in removal order (deltas from `delta_of`), best first; they are taken
// out of `remaining` (whose order does not matter: ties are broken by candidate number).
template <typename DeltaOf>
std::vector<Ranked> take_best(std::vector<std::uint32_t>& remaining, std::size_t n, MilsStrategy strategy,
                              std::vector<Ranked>& ranked, DeltaOf delta_of) {
  ranked.clear();
  for (std::size_t p = 0; p < remaining.size(); ++p)
    ranked.push_back(rank(strategy, delta_of(remaining[p]), remaining[p], static_cast<std::uint32_t>(p)));
  n = std::min(n, ranked.size());
  const auto middle = ranked.begin() + static_cast<std::ptrdiff_t>(n);
  if (n == 1) std::iter_swap(ranked.begin(), std::min_element(ranked.begin(), ranked.end()));  // --mils-step 1
  else std::nth_element(ranked.begin(), middle, ranked.end());
  std::vector<Ranked> best(ranked.begin(), middle);
  std::sort(best.begin(), best.end());
  std::vector<std::uint32_t> positions;
  for (const auto& r : best) positions.push_back(r.position);
  std::sort(positions.rbegin(), positions.rend());
  for (auto p : positions) {  // highest position first, so each swap moves a survivor
    remaining[p] = remaining.back();
    remaining.pop_back();
  }
  return best;
}

struct WeightLayout {
  std::vector<std::size_t> first;  // element number of each matrix's (0,0)
};

WeightLayout weight_layout(const nn::Mlp& net) {
  WeightLayout layout;
  std::size_t first = 0;
  for (const auto& w : net.weights) {
    layout.first.push_back(first);
    first += static_cast<std::size_t>(w.size());
  }
  return layout;
}

// The weights of hidden unit j of hidden layer L (1-based): row j of matrix L-1 and column j of matrix L.
std::vector<std::size_t> unit_weights(const nn::Mlp& net, const WeightLayout& layout, int hidden_layer, int j) {
  std::vector<std::size_t> elements;
  const auto& in = net.weights[static_cast<std::size_t>(hidden_layer - 1)];
  const auto& out = net.weights[static_cast<std::size_t>(hidden_layer)];
  const std::size_t in_first = layout.first[static_cast<std::size_t>(hidden_layer - 1)];
  const std::size_t out_first = layout.first[static_cast<std::size_t>(hidden_layer)];
  for (Eigen::Index i = 0; i < in.cols(); ++i)
    elements.push_back(in_first + static_cast<std::size_t>(j * in.cols() + i));
  for (Eigen::Index r = 0; r < out.rows(); ++r)
    elements.push_back(out_first + static_cast<std::size_t>(r * out.cols() + j));
  return elements;
}

std::vector<double> weight_values(const nn::Mlp& net) {
  std::vector<double> values(net.weight_count());
  net.copy_weights(values.data());
  return values;
}

MilsResult prune_weights(const nn::Mlp& net, const complexity::CtmTable& ctm, std::size_t count,
                         const MilsOptions& options, const MilsProgress& progress) {
  const auto values = weight_values(net);
  const complexity::BlockLayout layout(weight_shapes(net), options.boundary);
  const nn::Mask all = nn::Mask::keep_all(net);
  IncrementalComplexity positive(layout, ctm, options.measure, sign_pattern(net, all, SignView::positive));
  IncrementalComplexity negative(layout, ctm, options.measure, sign_pattern(net, all, SignView::negative));

  MilsResult result;
  result.mask = all;
  result.uncovered = layout.uncovered();
  result.polarity.assign(values.size(), 0);
  std::vector<std::uint32_t> positives, negatives;
  for (std::size_t w = 0; w < values.size(); ++w) {
    if (values[w] > 0) {
      result.polarity[w] = 1;
      positives.push_back(static_cast<std::uint32_t>(w));
    } else if (values[w] < 0) {
      result.polarity[w] = -1;
      negatives.push_back(static_cast<std::uint32_t>(w));
    }
  }
  if (count > positives.size() + negatives.size())
    throw InputError("mils: the budget is " + std::to_string(count) + " weights, but only " +
                     std::to_string(positives.size() + negatives.size()) + " are nonzero");

  std::vector<Ranked> ranked;
  std::size_t removed = 0;
  for (std::size_t step = 1; removed < count; ++step) {
    const std::size_t n = std::min(options.step, count - removed);
    const auto [take_positive, take_negative] = polarity_split(positives.size(), negatives.size(), n);
    // Both polarities are ranked at the step's start; their views are separate, so order is immaterial.
    auto best_positive = take_best(positives, take_positive, options.strategy, ranked,
                                   [&](std::uint32_t w) { return positive.clear_delta(w); });
    auto best_negative = take_best(negatives, take_negative, options.strategy, ranked,
                                   [&](std::uint32_t w) { return negative.clear_delta(w); });
    for (const auto& r : best_positive) positive.clear(r.candidate);
    for (const auto& r : best_negative) negative.clear(r.candidate);
    for (const auto* best : {&best_positive, &best_negative})
      for (const auto& r : *best) {
        result.mask.keep[r.candidate] = 0;
        result.uncovered_removed += layout.block_of(r.candidate) == complexity::BlockLayout::kUncovered;
        result.removals.push_back({r.candidate, r.delta, step});
      }
    result.step_split.emplace_back(best_positive.size(), best_negative.size());
    removed += n;
    if (progress) progress(removed);
  }
  result.final_delta.assign(values.size(), 0.0);
  for (std::size_t w = 0; w < values.size(); ++w)
    result.final_delta[w] = result.polarity[w] > 0   ? positive.clear_delta(w)
                            : result.polarity[w] < 0 ? negative.clear_delta(w)
                                                     : 0.0;
  return result;
}

MilsResult prune_nodes(const nn::Mlp& net, const complexity::CtmTable& ctm, std::size_t count,
                       const MilsOptions& options, const MilsProgress& progress) {
  const complexity::BlockLayout layout(weight_shapes(net), options.boundary);
  const nn::Mask all = nn::Mask::keep_all(net);
  IncrementalComplexity node(layout, ctm, options.measure, sign_pattern(net, all, SignView::node));
  const auto values = weight_values(net);
  const auto positions = weight_layout(net);

  std::vector<std::vector<std::size_t>> units;  // weights of each hidden unit, in hidden_unit_names order
  std::vector<std::uint32_t> remaining;
  for (int layer = 1; layer < net.layer_count(); ++layer)
    for (Eigen::Index j = 0; j < net.weights[static_cast<std::size_t>(layer - 1)].rows(); ++j) {
      const auto row = net.weights[static_cast<std::size_t>(layer - 1)].row(j);
      // As the authors: a unit whose incoming weights are all 0 is already gone.
      if (!(row.array() == 0.0).all()) remaining.push_back(static_cast<std::uint32_t>(units.size()));
      units.push_back(unit_weights(net, positions, layer, static_cast<int>(j)));
    }
  if (count > remaining.size())
    throw InputError("mils: the budget is " + std::to_string(count) + " hidden units, but only " +
                     std::to_string(remaining.size()) + " have a nonzero incoming weight");

  MilsResult result;
  result.mask = all;
  result.uncovered = layout.uncovered();
  result.polarity.assign(values.size(), 0);
  for (std::size_t w = 0; w < values.size(); ++w) result.polarity[w] = values[w] > 0 ? 1 : values[w] < 0 ? -1 : 0;
  std::vector<Ranked> ranked;
  std::size_t removed = 0;
  for (std::size_t step = 1; removed < count; ++step) {
    const std::size_t n = std::min(options.step, count - removed);
    const auto best = take_best(remaining, n, options.strategy, ranked,
                                [&](std::uint32_t u) { return node.clear_delta(units[u]); });
    for (const auto& r : best) {
      node.clear(units[r.candidate]);
      for (auto w : units[r.candidate]) {
        result.mask.keep[w] = 0;
        result.uncovered_removed += layout.block_of(w) == complexity::BlockLayout::kUncovered;
      }
      result.removals.push_back({r.candidate, r.delta, step});
    }
    removed += n;
    if (progress) progress(removed);
  }
  result.final_delta.assign(units.size(), 0.0);
  for (std::size_t u = 0; u < units.size(); ++u) result.final_delta[u] = node.clear_delta(units[u]);
  return result;
}

}  // namespace

MilsLevel parse_mils_level(const std::string& text) {
  if (text == "weight") return MilsLevel::weight;
  if (text == "node") return MilsLevel::node;
  throw InputError("--level must be weight or node, not '" + text + "'");
}

MilsStrategy parse_mils_strategy(const std::string& text) {
  static const std::pair<const char*, MilsStrategy> names[]{
      {"min_absolute", MilsStrategy::min_absolute}, {"max_absolute", MilsStrategy::max_absolute},
      {"min_increase", MilsStrategy::min_increase}, {"max_increase", MilsStrategy::max_increase},
      {"min_decrease", MilsStrategy::min_decrease}, {"max_decrease", MilsStrategy::max_decrease}};
  for (const auto& [name, strategy] : names)
    if (text == name) return strategy;
  throw InputError("--strategy must be one of min_absolute, max_absolute, min_increase, max_increase, min_decrease, "
                   "max_decrease, not '" + text + "'");
}

std::vector<complexity::MatrixShape> weight_shapes(const nn::Mlp& net) {
  std::vector<complexity::MatrixShape> shapes;
  for (const auto& w : net.weights) shapes.push_back({static_cast<int>(w.rows()), static_cast<int>(w.cols())});
  return shapes;
}

std::vector<std::uint8_t> sign_pattern(const nn::Mlp& net, const nn::Mask& mask, SignView view) {
  const auto values = weight_values(net);
  std::vector<std::uint8_t> bits(values.size(), 0);
  for (std::size_t w = 0; w < values.size(); ++w) {
    if (mask.keep[w] == 0) continue;
    bits[w] = view == SignView::negative ? values[w] < 0 : values[w] > 0;
  }
  return bits;
}

std::pair<std::size_t, std::size_t> polarity_split(std::size_t pos, std::size_t neg, std::size_t n) {
  const auto p = static_cast<long long>(pos), q = static_cast<long long>(neg), k = static_cast<long long>(n);
  const long long target = (p + q - k) / 2;  // p + q >= k, so this is the floor
  long long take_p = std::max(0LL, p - target), take_q = std::max(0LL, q - target);
  const long long total = take_p + take_q;
  if (total > k) {
    (take_p >= take_q ? take_p : take_q) -= total - k;
  } else if (total < k) {
    (p - take_p > q - take_q ? take_p : take_q) += k - total;
  }
  return {static_cast<std::size_t>(take_p), static_cast<std::size_t>(take_q)};
}

MilsResult mils_prune(const nn::Mlp& net, const complexity::CtmTable& ctm, std::size_t count, const MilsOptions& options,
                      const MilsProgress& progress) {
  if (options.step == 0) throw InputError("--mils-step must be at least 1");
  return options.level == MilsLevel::weight ? prune_weights(net, ctm, count, options, progress)
                                            : prune_nodes(net, ctm, count, options, progress);
}

std::vector<std::string> hidden_unit_names(const nn::Mlp& net) {
  std::vector<std::string> names;
  for (int layer = 1; layer < net.layer_count(); ++layer)
    for (Eigen::Index j = 0; j < net.weights[static_cast<std::size_t>(layer - 1)].rows(); ++j)
      names.push_back("h" + std::to_string(layer) + "_" + std::to_string(j));
  return names;
}

std::size_t hidden_unit_count(const nn::Mlp& net) { return hidden_unit_names(net).size(); }

std::size_t units_cut_off(const nn::Mask& mask, const nn::Mlp& net) {
  const auto positions = weight_layout(net);
  std::size_t cut = 0;
  for (int layer = 1; layer < net.layer_count(); ++layer) {
    const auto& in = net.weights[static_cast<std::size_t>(layer - 1)];
    for (Eigen::Index j = 0; j < in.rows(); ++j) {
      const auto elements = unit_weights(net, positions, layer, static_cast<int>(j));
      const auto incoming = static_cast<std::ptrdiff_t>(in.cols());
      const auto pruned = [&](std::size_t w) { return mask.keep[w] == 0; };
      cut += std::all_of(elements.begin(), elements.begin() + incoming, pruned) ||
             std::all_of(elements.begin() + incoming, elements.end(), pruned);
    }
  }
  return cut;
}

}  // namespace legcnet::prune
