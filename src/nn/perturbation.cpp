#include "legcnet/nn/perturbation.hpp"

#include "legcnet/error.hpp"
#include "legcnet/random.hpp"

namespace legcnet::nn {

bool constant_feature(const data::FeatureMatrix& x, Eigen::Index feature) {
  if (x.rows() == 0) return true;
  const auto column = x.col(feature);
  return (column.array() == column(0)).all();
}

std::vector<std::size_t> weights_with_varying_input(const Mlp& net, const data::FeatureMatrix& train_x) {
  std::vector<std::size_t> indices;
  std::size_t index = 0;
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    const auto& w = net.weights[l];
    std::vector<bool> varies(static_cast<std::size_t>(w.cols()), true);
    if (l == 0)
      for (Eigen::Index i = 0; i < w.cols(); ++i) varies[static_cast<std::size_t>(i)] = !constant_feature(train_x, i);
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i, ++index)
        if (varies[static_cast<std::size_t>(i)]) indices.push_back(index);
  }
  return indices;
}

std::size_t perturbed_weight(const Mlp& net, const data::Dataset& dataset, std::uint64_t seed, int perturbation) {
  if (perturbation < 0) throw InputError("--perturbation must be 0 (the default weight) or a positive draw number");
  if (dataset.train_x.cols() != net.architecture().layer_sizes.front())
    throw InputError("the network has " + std::to_string(net.architecture().layer_sizes.front()) +
                     " inputs, the dataset " + std::to_string(dataset.train_x.cols()) + " features");
  std::vector<std::size_t> candidates = weights_with_varying_input(net, dataset.train_x);
  if (candidates.empty()) throw InputError("no weight's input varies over the training split: nothing to perturb");
  if (perturbation == 0) return candidates.front();
  const std::size_t others = candidates.size() - 1;
  const auto k = static_cast<std::size_t>(perturbation);
  if (k > others)
    throw InputError("--perturbation " + std::to_string(perturbation) + ": only " + std::to_string(others) +
                     " weights besides the default one have an input that varies over the training split");
  // Draw k times without replacement from candidates[1..]: a partial Fisher-Yates shuffle.
  RandomStream stream(seed, "perturbation");
  for (std::size_t i = 1; i <= k; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(stream.below(candidates.size() - i));
    std::swap(candidates[i], candidates[j]);
  }
  return candidates[k];
}

}  // namespace legcnet::nn
