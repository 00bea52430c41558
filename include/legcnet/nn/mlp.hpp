#pragma once
// A fully connected network: weights W_L (out x in) and biases b_L per layer, forward and backward
// over a batch of samples held as columns. Names: w{L}_{j}_{i}, b{L}_{j}, layers from 1.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "legcnet/data/dataset.hpp"

namespace legcnet::nn {

enum class Activation { sigmoid, tanh, relu };
enum class OutputActivation { sigmoid, softmax };
enum class Loss { squared, cross_entropy };

Activation parse_activation(const std::string& text);
OutputActivation parse_output_activation(const std::string& text);
Loss parse_loss(const std::string& text);
std::string to_string(Activation value);
std::string to_string(OutputActivation value);
std::string to_string(Loss value);

struct Architecture {
  std::vector<int> layer_sizes;  // inputs, hidden..., outputs
  Activation hidden = Activation::sigmoid;
  OutputActivation output = OutputActivation::sigmoid;
  Loss loss = Loss::squared;  // squared: 0.5 * sum_k (y_k - t_k)^2 per sample
};

// One output for two classes (target 0/1), one per class otherwise, as the paper.
int output_units_for(int num_classes);

struct Gradient {
  std::vector<Eigen::MatrixXd> weights;
  std::vector<Eigen::VectorXd> biases;
};

// The most weights and biases a network may have (0.8 GB per copy of its parameters; the paper's
// largest, MNIST's 784-50-30-10, has 41,840). Counted before anything is allocated.
inline constexpr std::size_t max_parameters = 100'000'000;

class Mlp {
 public:
  // Throws InputError for a layer without units or more than max_parameters parameters.
  explicit Mlp(Architecture architecture);

  const Architecture& architecture() const { return architecture_; }
  int layer_count() const { return static_cast<int>(weights.size()); }
  std::size_t weight_count() const;  // connections only, biases excluded
  std::vector<std::string> weight_names() const;
  std::vector<std::string> parameter_names() const;  // w1..., b1..., w2..., b2... (init.csv order)
  std::vector<double> parameter_values() const;      // same order
  void set_parameters(const std::vector<std::string>& names, const std::vector<double>& values,
                      const std::string& source);  // throws InputError on a name mismatch
  // Writes every weight (not bias) into `out` in weight_names() order.
  void copy_weights(double* out) const;
  // Position of a named weight: layer (0-based), row j, column i. Throws InputError if unknown.
  void locate_weight(const std::string& name, int& layer, int& row, int& column) const;

  // Outputs for every sample (rows of x): outputs x samples.
  Eigen::MatrixXd predict(const data::FeatureMatrix& x) const;
  // Inputs are features x samples. A view, so that a dataset's row-major FeatureMatrix (the same
  // bytes as its transpose, column-major) is read in place rather than copied: MNIST's training
  // split is 376 MB.
  using Inputs = Eigen::Ref<const Eigen::MatrixXd>;
  // Mean loss over the samples and the gradient of that mean, for targets (outputs x samples).
  double loss_and_gradient(const Inputs& inputs, const Eigen::MatrixXd& targets, Gradient& gradient) const;
  double loss(const Inputs& inputs, const Eigen::MatrixXd& targets) const;
  // Mean loss, and the outputs (outputs x samples) of the same forward pass.
  double loss_and_outputs(const Inputs& inputs, const Eigen::MatrixXd& targets, Eigen::MatrixXd& outputs) const;

  std::vector<Eigen::MatrixXd> weights;
  std::vector<Eigen::VectorXd> biases;

 private:
  void forward(const Inputs& inputs, std::vector<Eigen::MatrixXd>& activations,
               Eigen::MatrixXd& output_logits) const;
  double loss_from(const Eigen::MatrixXd& logits, const Eigen::MatrixXd& outputs, const Eigen::MatrixXd& targets) const;
  Architecture architecture_;
  mutable std::vector<Eigen::MatrixXd> activations_;  // scratch for forward/backward
  mutable Eigen::MatrixXd logits_, delta_, next_delta_;
};

// Layer sizes (inputs, hidden..., outputs) of the network whose weights are exactly `names`, in
// the canonical order; throws InputError naming `source` when no network has those names.
std::vector<int> layer_sizes_from_weight_names(const std::vector<std::string>& names, const std::string& source);

// Targets (outputs x samples) for labels: 0/1 for one output, one-hot otherwise.
Eigen::MatrixXd targets_for(const std::vector<int>& labels, int output_units);
// Predicted classes for outputs (outputs x samples): threshold 0.5 for one output, else the
// first largest output.
std::vector<int> predicted_classes(const Eigen::MatrixXd& outputs);

}  // namespace legcnet::nn
