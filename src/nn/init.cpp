#include "legcnet/nn/init.hpp"

#include <cmath>

#include "legcnet/error.hpp"
#include "legcnet/random.hpp"

namespace legcnet::nn {

Initializer parse_initializer(const std::string& text) {
  if (text == "normal") return Initializer::normal;
  if (text == "xavier") return Initializer::xavier;
  if (text == "he") return Initializer::he;
  throw InputError("unknown initializer '" + text + "' (expected normal, xavier or he)");
}

std::string to_string(Initializer value) {
  return value == Initializer::normal ? "normal" : value == Initializer::xavier ? "xavier" : "he";
}

void initialize(Mlp& net, Initializer initializer, std::uint64_t seed) {
  RandomStream stream(seed, "init");
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    auto& w = net.weights[l];
    const auto fan_in = static_cast<double>(w.cols()), fan_out = static_cast<double>(w.rows());
    const double sd = initializer == Initializer::normal   ? 1.0
                      : initializer == Initializer::xavier ? std::sqrt(2.0 / (fan_in + fan_out))
                                                           : std::sqrt(2.0 / fan_in);
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i) w(j, i) = sd * stream.normal();
    for (Eigen::Index j = 0; j < net.biases[l].size(); ++j)
      net.biases[l](j) = initializer == Initializer::normal ? stream.normal() : 0.0;
  }
}

}  // namespace legcnet::nn
