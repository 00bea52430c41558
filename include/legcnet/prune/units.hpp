#pragma once
// Pruning whole hidden units rather than single weights: the mask that removes a set of units,
// and the units a mask removes. Unit j of hidden layer L (both as in the weight names: L from 1,
// j from 0) is named h{L}_{j}; its incoming weights are w{L}_{j}_*, its outgoing ones w{L+1}_*_{j}.
#include <string>
#include <vector>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::prune {

// inout: a removed unit loses its incoming and its outgoing weights (nothing of it reaches the
// next layer); in: only the incoming ones, as the MIP authors' code masked (the activation of the
// bias alone still flows on).
enum class NeuronMask { inout, in };
NeuronMask parse_neuron_mask(const std::string& text);  // throws InputError

// Per hidden layer, one flag per unit: true = removed.
using UnitSet = std::vector<std::vector<bool>>;

std::string unit_name(std::size_t hidden_layer, std::size_t unit);  // layer 0-based here: h{layer+1}_{unit}
UnitSet no_units(const nn::Mlp& net);
std::vector<std::size_t> units_per_layer(const UnitSet& units);  // how many are set, per layer

nn::Mask unit_mask(const nn::Mlp& net, const UnitSet& removed, NeuronMask mode);

// The units a mask removes: those whose incoming weights are all pruned (with either mode).
UnitSet removed_units(const nn::Mlp& net, const nn::Mask& mask);

}  // namespace legcnet::prune
