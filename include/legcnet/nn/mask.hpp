#pragma once
// Which weights a network keeps: 1 keep, 0 pruned, in weight_names() order. Biases are never pruned.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "legcnet/nn/mlp.hpp"

namespace legcnet::nn {

struct Mask {
  std::vector<std::uint8_t> keep;

  static Mask keep_all(const Mlp& net) { return Mask{std::vector<std::uint8_t>(net.weight_count(), 1)}; }
  std::size_t kept() const;
  std::size_t pruned() const { return keep.size() - kept(); }
  // Per-layer 0/1 matrices shaped like the weights, for multiplying gradients and weights.
  std::vector<Eigen::MatrixXd> layer_factors(const Mlp& net) const;
};

// Reads mask.csv (weight,keep) and checks it against the network's weight names.
Mask read_mask(const std::string& path, const Mlp& net);
void write_mask(std::ostream& out, const Mask& mask, const Mlp& net);

// True when every output unit is still reached from some input through kept weights.
bool outputs_connected(const Mask& mask, const Mlp& net);

// Which kept weights still matter. A weight is effective when it lies on some path from an input
// to an output through kept weights; a unit is live when it lies on such a path. Pruning the only
// outgoing weight of a hidden unit makes its incoming weights ineffective too (the unit still
// computes, but nothing reads it); pruning every incoming weight leaves it a constant
// (activation of its bias), and its outgoing weights then act as biases, not as paths.
struct Connectivity {
  std::vector<std::uint8_t> effective;            // per weight, in weight_names() order
  std::vector<std::vector<std::uint8_t>> live;    // per layer of units: inputs, hidden..., outputs
  [[nodiscard]] std::size_t effective_count() const;
  [[nodiscard]] std::size_t dead_units(std::size_t layer) const;  // units of that layer on no path
};
Connectivity connectivity(const Mask& mask, const Mlp& net);

}  // namespace legcnet::nn
