#include "legcnet/nn/trainer.hpp"

#include <numeric>

#include "legcnet/random.hpp"

namespace legcnet::nn {

long long steps_per_epoch(std::size_t training_samples, int batch_size) {
  const auto batch = static_cast<std::size_t>(batch_size);
  return static_cast<long long>((training_samples + batch - 1) / batch);
}

int train(Mlp& net, const data::Dataset& dataset, const TrainOptions& options, const Mask* mask,
          TrainObserver& observer) {
  const auto samples = static_cast<std::size_t>(dataset.train_x.rows());
  const int outputs = net.architecture().layer_sizes.back();
  const Eigen::MatrixXd all_targets = targets_for(dataset.train_y, outputs);
  std::vector<Eigen::MatrixXd> factors;
  if (mask != nullptr) factors = mask->layer_factors(net);

  RandomStream order_stream(options.seed, "order");
  std::vector<std::size_t> order(samples);
  Gradient gradient;
  Eigen::MatrixXd inputs, targets;
  long long step = 0;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    order_stream.shuffle(std::span<std::size_t>(order));
    for (std::size_t begin = 0; begin < samples; begin += static_cast<std::size_t>(options.batch_size)) {
      const std::size_t end = std::min(samples, begin + static_cast<std::size_t>(options.batch_size));
      const auto batch = static_cast<Eigen::Index>(end - begin);
      inputs.resize(dataset.train_x.cols(), batch);
      targets.resize(outputs, batch);
      for (Eigen::Index s = 0; s < batch; ++s) {
        const auto sample = static_cast<Eigen::Index>(order[begin + static_cast<std::size_t>(s)]);
        inputs.col(s) = dataset.train_x.row(sample).transpose();
        targets.col(s) = all_targets.col(sample);
      }
      net.loss_and_gradient(inputs, targets, gradient);
      for (std::size_t l = 0; l < net.weights.size(); ++l) {
        if (mask != nullptr) gradient.weights[l].array() *= factors[l].array();
        net.weights[l].noalias() -= options.learning_rate * gradient.weights[l];
        net.biases[l].noalias() -= options.learning_rate * gradient.biases[l];
      }
      observer.on_step(++step, epoch, net);
    }
    if (!observer.on_epoch_end(epoch, step, net)) return epoch;
  }
  return options.epochs;
}

}  // namespace legcnet::nn
