#pragma once
// Stochastic gradient descent over a dataset, reporting every update to an observer that decides
// what to record; the trainer itself knows nothing of files.
#include <cstdint>

#include "legcnet/data/dataset.hpp"
#include "legcnet/nn/mask.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::nn {

struct TrainOptions {
  double learning_rate = 0.05;
  int epochs = 100;
  int batch_size = 1;       // 1: per-sample SGD, as the paper
  std::uint64_t seed = 1;   // the per-epoch sample order comes from this seed's "order" stream
};

class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  // After update number `step` (1-based), inside epoch `epoch` (1-based).
  virtual void on_step(long long step, int epoch, const Mlp& net) = 0;
  // After the last update of an epoch; return false to stop training.
  virtual bool on_epoch_end(int epoch, long long step, const Mlp& net) = 0;
};

// Trains `net` in place. With a mask, pruned weights must already be 0 and stay exactly 0:
// their gradient is multiplied by 0 before every update. Returns the number of epochs run.
int train(Mlp& net, const data::Dataset& dataset, const TrainOptions& options, const Mask* mask,
          TrainObserver& observer);

// Updates per epoch: ceil(training samples / batch size).
long long steps_per_epoch(std::size_t training_samples, int batch_size);

}  // namespace legcnet::nn
