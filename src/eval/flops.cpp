#include "legcnet/eval/flops.hpp"

namespace legcnet::eval {

double flops_forward(const nn::Mlp& net, std::size_t kept_weights) {
  double units = 0.0;
  for (const auto& bias : net.biases) units += static_cast<double>(bias.size());
  return 2.0 * static_cast<double>(kept_weights) + units /* bias adds */ + units /* activations */;
}

double flops_train(double forward, std::size_t samples_seen) { return 3.0 * forward * static_cast<double>(samples_seen); }

}  // namespace legcnet::eval
