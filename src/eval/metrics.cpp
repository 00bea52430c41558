#include "legcnet/eval/metrics.hpp"

namespace legcnet::eval {

double accuracy(const std::vector<int>& truth, const std::vector<int>& predicted) {
  if (truth.empty()) return 0.0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) correct += truth[i] == predicted[i];
  return static_cast<double>(correct) / static_cast<double>(truth.size());
}

double f1_macro(const std::vector<int>& truth, const std::vector<int>& predicted, int num_classes) {
  double total = 0.0;
  for (int c = 0; c < num_classes; ++c) {
    double true_positive = 0, false_positive = 0, false_negative = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      true_positive += truth[i] == c && predicted[i] == c;
      false_positive += truth[i] != c && predicted[i] == c;
      false_negative += truth[i] == c && predicted[i] != c;
    }
    const double denominator = 2 * true_positive + false_positive + false_negative;
    total += denominator > 0 ? 2 * true_positive / denominator : 0.0;
  }
  return num_classes > 0 ? total / num_classes : 0.0;
}

Evaluator::Evaluator(const data::FeatureMatrix& x, const std::vector<int>& labels, int num_classes, int output_units,
                     bool with_f1)
    : with_f1_(with_f1),
      inputs_(Eigen::Map<const Eigen::MatrixXd>(x.data(), x.cols(), x.rows())),
      targets_(nn::targets_for(labels, output_units)), labels_(labels),
      num_classes_(num_classes) {}

Evaluation Evaluator::operator()(const nn::Mlp& net) const {
  Evaluation result;
  if (labels_.empty()) return result;
  result.loss = net.loss_and_outputs(inputs_, targets_, outputs_);
  const auto predicted = nn::predicted_classes(outputs_);
  result.accuracy = accuracy(labels_, predicted);
  if (with_f1_) result.f1_macro = f1_macro(labels_, predicted, num_classes_);
  return result;
}

Evaluation evaluate(const nn::Mlp& net, const data::FeatureMatrix& x, const std::vector<int>& labels, int num_classes) {
  return Evaluator(x, labels, num_classes, net.architecture().layer_sizes.back())(net);
}

}  // namespace legcnet::eval
