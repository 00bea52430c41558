#include "legcnet/nn/mask.hpp"

#include <numeric>

#include "legcnet/error.hpp"
#include "legcnet/io/named_values.hpp"

namespace legcnet::nn {

std::size_t Mask::kept() const { return static_cast<std::size_t>(std::accumulate(keep.begin(), keep.end(), 0ULL)); }

std::vector<Eigen::MatrixXd> Mask::layer_factors(const Mlp& net) const {
  std::vector<Eigen::MatrixXd> factors;
  std::size_t k = 0;
  for (const auto& w : net.weights) {
    Eigen::MatrixXd factor(w.rows(), w.cols());
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i) factor(j, i) = keep[k++];
    factors.push_back(std::move(factor));
  }
  return factors;
}

Mask read_mask(const std::string& path, const Mlp& net) {
  const auto table = io::read_named_values(path, "weight", "keep");
  const auto names = net.weight_names();
  if (table.names.size() != names.size())
    throw InputError(path + ": holds " + std::to_string(table.names.size()) + " weights, the network has " +
                     std::to_string(names.size()) + " (a mask for another architecture?)");
  Mask mask;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (table.names[k] != names[k])
      throw InputError(path, k + 2, "expected weight '" + names[k] + "', found '" + table.names[k] + "'");
    if (table.values[k] != 0.0 && table.values[k] != 1.0)
      throw InputError(path, k + 2, 2, "keep must be 0 or 1");
    mask.keep.push_back(table.values[k] == 1.0 ? 1 : 0);
  }
  return mask;
}

void write_mask(std::ostream& out, const Mask& mask, const Mlp& net) {
  io::NamedValues table;
  table.names = net.weight_names();
  for (auto keep : mask.keep) table.values.push_back(keep);
  io::write_named_values(out, table, "weight", "keep");
}

bool outputs_connected(const Mask& mask, const Mlp& net) {
  const auto factors = mask.layer_factors(net);
  Eigen::VectorXd reached = Eigen::VectorXd::Ones(net.weights.front().cols());
  for (const auto& factor : factors) reached = ((factor * reached).array() > 0.0).cast<double>().matrix();
  return (reached.array() > 0.0).all();
}

std::size_t Connectivity::effective_count() const {
  return static_cast<std::size_t>(std::accumulate(effective.begin(), effective.end(), 0ULL));
}

std::size_t Connectivity::dead_units(std::size_t layer) const {
  const auto& units = live.at(layer);
  return units.size() - static_cast<std::size_t>(std::accumulate(units.begin(), units.end(), 0ULL));
}

Connectivity connectivity(const Mask& mask, const Mlp& net) {
  const std::size_t layers = net.weights.size();
  if (mask.keep.size() != net.weight_count())
    throw InputError("connectivity: the mask has " + std::to_string(mask.keep.size()) + " weights, the network " +
                     std::to_string(net.weight_count()));
  // Offset of each layer's first weight; weight (j, i) of layer l is at offset + j * inputs + i.
  std::vector<std::size_t> offset(layers + 1, 0);
  for (std::size_t l = 0; l < layers; ++l) offset[l + 1] = offset[l] + static_cast<std::size_t>(net.weights[l].size());
  auto kept = [&](std::size_t l, Eigen::Index j, Eigen::Index i) {
    return mask.keep[offset[l] + static_cast<std::size_t>(j * net.weights[l].cols() + i)] != 0;
  };
  // forward[l][u]: unit u of layer l is reached from some input; backward: it reaches some output.
  std::vector<std::vector<std::uint8_t>> forward(layers + 1), backward(layers + 1);
  forward[0].assign(static_cast<std::size_t>(net.weights.front().cols()), 1);
  for (std::size_t l = 0; l < layers; ++l) {
    const auto& w = net.weights[l];
    forward[l + 1].assign(static_cast<std::size_t>(w.rows()), 0);
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i)
        if (kept(l, j, i) && forward[l][static_cast<std::size_t>(i)]) forward[l + 1][static_cast<std::size_t>(j)] = 1;
  }
  backward[layers].assign(static_cast<std::size_t>(net.weights.back().rows()), 1);
  for (std::size_t l = layers; l-- > 0;) {
    const auto& w = net.weights[l];
    backward[l].assign(static_cast<std::size_t>(w.cols()), 0);
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i)
        if (kept(l, j, i) && backward[l + 1][static_cast<std::size_t>(j)]) backward[l][static_cast<std::size_t>(i)] = 1;
  }
  Connectivity c;
  c.effective.assign(mask.keep.size(), 0);
  for (std::size_t l = 0; l < layers; ++l) {
    const auto& w = net.weights[l];
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i)
        c.effective[offset[l] + static_cast<std::size_t>(j * w.cols() + i)] =
            kept(l, j, i) && forward[l][static_cast<std::size_t>(i)] && backward[l + 1][static_cast<std::size_t>(j)];
  }
  c.live.resize(layers + 1);
  for (std::size_t l = 0; l <= layers; ++l) {
    c.live[l].resize(forward[l].size());
    for (std::size_t u = 0; u < forward[l].size(); ++u) c.live[l][u] = forward[l][u] && backward[l][u];
  }
  return c;
}

}  // namespace legcnet::nn
