#pragma once
// Critical-neuron scores by mixed-integer programming (ElAraby, Wolf, Carvalho; seed 003): every
// hidden unit j gets a score s_j in [0, 1], shared by N samples, in a program that keeps the
// network's logits on those samples (lambda times the mean cross-entropy) while pushing the
// per-layer mean scores down; units with s_j < tau are pruned. docs/mip.md has the formulation.
//
// Three forms of the hidden units:
//   relu   the authors' big-M ReLU, gated by s (ReLU networks);
//   linear the gated dense output plus a first-order term, an LP (sigmoid and tanh networks);
//   pwl    a piecewise-linear sigmoid of the gated argument, with binaries (small sigmoid nets).
// The cross-entropy enters as an outer approximation: tangent cuts at the dense logits, then
// Kelley's cutting planes at each solution until the gap is below `gap_tolerance`.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "legcnet/nn/mlp.hpp"
#include "legcnet/solver/model.hpp"
#include "legcnet/solver/solver.hpp"

namespace legcnet::prune {

enum class MipForm { relu, linear, pwl };
enum class LayerPenalty { code, sum };
MipForm parse_mip_form(const std::string& text);            // throws InputError
LayerPenalty parse_layer_penalty(const std::string& text);  // throws InputError
std::string to_string(MipForm form);
// relu for ReLU networks, linear for sigmoid and tanh ones.
MipForm default_mip_form(nn::Activation hidden);

struct MipOptions {
  MipForm form = MipForm::linear;
  double lambda = 5.0;         // weight of the mean cross-entropy
  double eps = 1e-5;           // half-width of the input box of the interval bounds
  LayerPenalty layer_penalty = LayerPenalty::code;
  double time_limit = 0.0;     // seconds for the whole solve, 0: none
  double gap_tolerance = 1e-4;  // stop when (objective - bound) / max(1, |objective|) is below this
  int max_rounds = 500;        // solves at most
  // pwl without a time limit is refused above this many binaries (iris, 30 samples: 1,535 binaries,
  // ~30 s; MNIST, 10 samples: 7,425).
  std::size_t max_pwl_binaries = 4000;
  std::uint64_t seed = 1;      // the solver's seed
};

// The samples of the program: inputs as columns (features x N) and their labels.
struct MipSamples {
  Eigen::MatrixXd inputs;
  std::vector<int> labels;
};

// Up to `per_class` training samples of each class that the network classifies correctly, drawn
// with `seed` (stream "mip-samples"); `predicted` are the network's classes for the rows of
// `labels`. Returns row indices, class by class. Classes with fewer correct samples give what
// they have (the caller warns); `short_classes` lists them.
std::vector<std::size_t> draw_mip_samples(const std::vector<int>& labels, const std::vector<int>& predicted,
                                          int classes, int per_class, std::uint64_t seed,
                                          std::vector<int>* short_classes = nullptr);

// Pre-activation bounds of every hidden layer (units x samples) over the input box
// [x - eps, x + eps], by interval arithmetic through the dense network.
struct LayerBounds {
  std::vector<Eigen::MatrixXd> lower, upper;
};
LayerBounds dense_bounds(const nn::Mlp& net, const Eigen::MatrixXd& inputs, double eps);

// The dense network's pre-activations per layer (hidden layers, then the logits), units x samples.
std::vector<Eigen::MatrixXd> dense_preactivations(const nn::Mlp& net, const Eigen::MatrixXd& inputs);

// The program before any cut beyond the initial ones, with the columns a caller needs.
struct MipFormulation {
  solver::Model model;
  std::vector<std::vector<int>> score_columns;  // [hidden layer][unit]
  Eigen::MatrixXi logit_columns;                // outputs x samples
  std::vector<int> loss_columns;                // one epigraph variable per sample
  double pwl_error = 0.0;                       // largest |pwl(t) - sigmoid(t)| over the segments (pwl)
};
MipFormulation build_formulation(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options);

// Tangent cuts of loss_epigraph_value at logits `z` (outputs x samples), one per sample whose
// loss column `theta` lies below it by more than `slack` (one for every sample with theta empty).
std::vector<solver::Row> loss_cuts(const MipFormulation& formulation, const MipSamples& samples,
                                   const Eigen::MatrixXd& z, const std::vector<double>& theta, double slack,
                                   const std::string& name_prefix);
// The per-sample loss at logits z: log-sum-exp(z) - z_y, or softplus(-(2y-1) z) for one output.
double sample_loss(const Eigen::VectorXd& z, int label);
// What the loss column of a sample stands for: log-sum-exp(z) (the objective subtracts z_y), or
// softplus(-(2y-1) z) for one output. Cuts are tangents of this convex function.
double loss_epigraph_value(const Eigen::VectorXd& z, int label);

struct MipReport {
  std::string form;
  std::size_t samples = 0, variables = 0, binaries = 0, rows = 0;
  // optimal (gap within the tolerance), time_limit, round_limit, or stalled (no cut left to add
  // while the gap stays above the tolerance: the solver's own tolerances are the limit)
  std::string status;
  double objective = 0.0;  // with the exact cross-entropy, at the scores returned
  double bound = 0.0;      // proven lower bound on the optimum
  double gap = 0.0;        // (objective - bound) / max(1, |objective|)
  double seconds = 0.0;
  int rounds = 0;                      // solves
  double approximation_objective = 0.0;  // the final model's optimum (what glpsol must find on --write-lp)
  double pwl_error = 0.0;
};

struct MipResult {
  std::vector<Eigen::VectorXd> scores;  // per hidden layer
  MipReport report;
  solver::Model model;  // the final model, cuts included
};

// Throws InputError when the form does not fit the network (relu on a non-ReLU net, pwl on a
// non-sigmoid one) and when no solution was found in the time limit.
MipResult critical_neuron_scores(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options);

}  // namespace legcnet::prune
