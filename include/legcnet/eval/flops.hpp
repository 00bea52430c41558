#pragma once
// Cost counts of a (possibly pruned) network, as documented in the README:
//   flops_forward = 2 * kept weights + biases + activations   (per sample: one multiply and one add
//                   per kept connection, one add per bias, one activation per non-input unit)
//   flops_train   = 3 * flops_forward * samples seen in training (backward ~ 2x forward)
#include <cstddef>

#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::eval {

double flops_forward(const nn::Mlp& net, std::size_t kept_weights);
double flops_train(double forward, std::size_t samples_seen);

}  // namespace legcnet::eval
