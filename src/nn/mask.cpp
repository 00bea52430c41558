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

}  // namespace legcnet::nn
