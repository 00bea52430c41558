#include "legcnet/prune/units.hpp"

#include "legcnet/error.hpp"

namespace legcnet::prune {

NeuronMask parse_neuron_mask(const std::string& text) {
  if (text == "inout") return NeuronMask::inout;
  if (text == "in") return NeuronMask::in;
  throw InputError("--neuron-mask must be inout or in, not '" + text + "'");
}

std::string unit_name(std::size_t hidden_layer, std::size_t unit) {
  return "h" + std::to_string(hidden_layer + 1) + "_" + std::to_string(unit);
}

UnitSet no_units(const nn::Mlp& net) {
  UnitSet units;
  for (std::size_t l = 0; l + 1 < net.weights.size(); ++l)
    units.emplace_back(static_cast<std::size_t>(net.weights[l].rows()), false);
  return units;
}

std::vector<std::size_t> units_per_layer(const UnitSet& units) {
  std::vector<std::size_t> counts;
  for (const auto& layer : units) {
    std::size_t count = 0;
    for (bool set : layer) count += set;
    counts.push_back(count);
  }
  return counts;
}

nn::Mask unit_mask(const nn::Mlp& net, const UnitSet& removed, NeuronMask mode) {
  if (removed.size() + 1 != net.weights.size()) throw std::logic_error("unit_mask: one unit set per hidden layer");
  nn::Mask mask = nn::Mask::keep_all(net);
  std::size_t first = 0;  // position of w{L}_0_0 in the mask
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    const auto& w = net.weights[l];
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i) {
        const bool incoming = l < removed.size() && removed[l][static_cast<std::size_t>(j)];
        const bool outgoing = mode == NeuronMask::inout && l > 0 && removed[l - 1][static_cast<std::size_t>(i)];
        if (incoming || outgoing) mask.keep[first + static_cast<std::size_t>(j * w.cols() + i)] = 0;
      }
    first += static_cast<std::size_t>(w.size());
  }
  return mask;
}

UnitSet removed_units(const nn::Mlp& net, const nn::Mask& mask) {
  UnitSet units = no_units(net);
  std::size_t first = 0;
  for (std::size_t l = 0; l < units.size(); ++l) {
    const auto& w = net.weights[l];
    for (Eigen::Index j = 0; j < w.rows(); ++j) {
      bool all_pruned = true;
      for (Eigen::Index i = 0; i < w.cols() && all_pruned; ++i)
        all_pruned = mask.keep[first + static_cast<std::size_t>(j * w.cols() + i)] == 0;
      units[l][static_cast<std::size_t>(j)] = all_pruned;
    }
    first += static_cast<std::size_t>(w.size());
  }
  return units;
}

}  // namespace legcnet::prune
