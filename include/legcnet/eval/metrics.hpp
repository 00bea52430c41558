#pragma once
#include <vector>

#include "legcnet/data/dataset.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::eval {

double accuracy(const std::vector<int>& truth, const std::vector<int>& predicted);
// Macro-averaged F1 over the classes 0..num_classes-1; a class with no true and no predicted
// sample counts as F1 = 0, as scikit-learn's default (zero_division=0).
double f1_macro(const std::vector<int>& truth, const std::vector<int>& predicted, int num_classes);

struct Evaluation {
  double loss = 0.0;
  double accuracy = 0.0;
  double f1_macro = 0.0;
};
Evaluation evaluate(const nn::Mlp& net, const data::FeatureMatrix& x, const std::vector<int>& labels, int num_classes);

// The same evaluation, repeated cheaply: the inputs are read in place (a FeatureMatrix is row-major,
// so its bytes are already the features x samples layout a forward pass takes), the targets laid
// out once, and one forward pass gives both the loss and the predictions. The evaluator refers to
// `x`, which must outlive it.
class Evaluator {
 public:
  // Without `with_f1`, f1_macro stays 0: the per-step metrics need only loss and accuracy.
  Evaluator(const data::FeatureMatrix& x, const std::vector<int>& labels, int num_classes, int output_units,
            bool with_f1 = true);
  Evaluation operator()(const nn::Mlp& net) const;

 private:
  bool with_f1_;
  nn::Mlp::Inputs inputs_;
  Eigen::MatrixXd targets_;
  std::vector<int> labels_;
  int num_classes_;
  mutable Eigen::MatrixXd outputs_;
};

}  // namespace legcnet::eval
