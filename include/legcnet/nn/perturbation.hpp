#pragma once
// Which weight a perturbed run nudges. Only a weight whose input varies over the training split
// can change the run: a first-layer weight on a constant feature moves every sample's
// pre-activation by the same amount, which its bias could do (and with a feature that is 0,
// such as MNIST's border pixels, by nothing at all). Pure functions of the network's shape, the
// dataset, the seed and K, so every stage (perturb-retrain, chain) makes the same choice.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "legcnet/data/dataset.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::nn {

// Whether feature `feature` takes one value only over the rows of `x`.
bool constant_feature(const data::FeatureMatrix& x, Eigen::Index feature);

// Indices, in weight_names() order, of the weights whose input varies over the training split:
// w1_j_i when feature i is not constant over `train_x`, and every weight of a deeper layer.
std::vector<std::size_t> weights_with_varying_input(const Mlp& net, const data::FeatureMatrix& train_x);

// The weight that perturbation K of a run nudges, as an index in weight_names() order.
// K = 0: the first weight whose input varies (the default). K >= 1: the K-th draw, without
// replacement, among the other such weights, from the "perturbation" stream of `seed` (a partial
// Fisher-Yates shuffle from the front, so K = 1, 2, ... are distinct and the K-th draw does not
// depend on how many are drawn). Throws InputError when K < 0 or K exceeds the other weights.
std::size_t perturbed_weight(const Mlp& net, const data::Dataset& dataset, std::uint64_t seed, int perturbation);

}  // namespace legcnet::nn
