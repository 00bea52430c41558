#pragma once
// Shapley values of a model's input features (SHAP), interventional, with a background set B:
//
//   v(S)  = mean over rows b of B of f(x_S, b_rest)   (features in S from x, the others from b)
//   phi_i = sum over S not holding i of |S|! (M - |S| - 1)! / M! (v(S + i) - v(S))
//
// so that sum_i phi_i = f(x) - E_B[f] (efficiency); E_B[f] is the base value. A feature whose
// value in x equals its value in every background row cannot change v and gets exactly 0; the
// other m ("varying") features are explained:
//   exact   every one of the 2^m coalitions, evaluated as one batch of composed inputs;
//   kernel  Kernel SHAP (Lundberg and Lee 2017): coalitions drawn from the Shapley kernel,
//           paired with their complements (Covert and Lee 2021), and the least-squares fit
//           constrained to efficiency; standard errors by the sandwich (delta-method) formula.
// docs/diag.md gives the estimator, its error estimate and the costs.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "legcnet/data/dataset.hpp"
#include "legcnet/nn/mlp.hpp"

namespace legcnet::diag {

// The model explained: one output per row of a batch of inputs (rows x features).
using BatchModel = std::function<Eigen::VectorXd(const data::FeatureMatrix& inputs)>;

enum class ShapMethod {
  automatic,  // exact when m <= max_exact_features, kernel otherwise
  exact,      // always exact (needs M <= 24)
  kernel,     // always Kernel SHAP when m >= 2 (m <= 1 is exact, and trivial)
};

std::string_view method_name(ShapMethod method);  // "automatic", "exact", "kernel"

struct ShapOptions {
  ShapMethod method = ShapMethod::automatic;
  int max_exact_features = 16;      // 0 .. 24
  std::size_t kernel_coalitions = 0;  // per sample; 0: 2 m + 2048 (shap's default); else even, >= 2 M + 2,
                                      // and at most 2^27 / M (the design matrix: 1 GB)
  std::uint64_t seed = 1;           // sample s draws from stream "kernel-shap-<s>" of this seed
  std::size_t batch_rows = 65536;   // composed inputs per call of the model (memory bound)
};

struct ShapExplanation {
  Eigen::MatrixXd values;           // samples x features: phi
  Eigen::MatrixXd standard_errors;  // samples x features: estimated for kernel, 0 for exact
  Eigen::VectorXd base_values;      // per sample: E_B[f] (differs only when f differs by sample)
  Eigen::VectorXd outputs;          // per sample: f(x)
  std::vector<ShapMethod> methods;  // per sample: exact or kernel
  std::vector<int> varying_features;     // per sample: m
  std::vector<std::size_t> coalitions;   // per sample: coalitions evaluated (2^m - 2 or the sample size)
};

// Explains every row of `samples`. Throws legcnet::InputError when samples and background differ
// in width, the background is empty, an option is out of range, or the model returns a vector of
// the wrong length.
[[nodiscard]] ShapExplanation shap_values(const BatchModel& model, const data::FeatureMatrix& samples,
                                          const data::FeatureMatrix& background, const ShapOptions& options = {});

// The network's score for class c: output c, or with one sigmoid output (two classes) the output
// for c = 1 and 1 - output for c = 0, so that it is always that class's probability. The model
// refers to `net`, which must outlive it.
[[nodiscard]] BatchModel class_score(const nn::Mlp& net, int class_index);

// Explains sample s by class_score(net, classes[s]); classes typically the predicted ones,
// nn::predicted_classes(net.predict(samples)). One class per sample, each a valid class index.
[[nodiscard]] ShapExplanation shap_values(const nn::Mlp& net, std::span<const int> classes,
                                          const data::FeatureMatrix& samples, const data::FeatureMatrix& background,
                                          const ShapOptions& options = {});

// Mean |phi| per feature over the samples: the importance the paper compares.
[[nodiscard]] Eigen::VectorXd mean_absolute_shap(const ShapExplanation& explanation);

// Backgrounds: the column means (one row), or `count` distinct rows drawn with `seed`
// (all rows when count >= rows).
[[nodiscard]] data::FeatureMatrix mean_background(const data::FeatureMatrix& data);
[[nodiscard]] data::FeatureMatrix sample_background(const data::FeatureMatrix& data, std::size_t count,
                                                    std::uint64_t seed);

}  // namespace legcnet::diag
