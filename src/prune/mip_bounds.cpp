// Interval bounds of the pre-activations, dense and gated, and the pieces of the piecewise-linear
// sigmoid.
#include <algorithm>
#include <cmath>

#include "mip_detail.hpp"

namespace legcnet::prune {
namespace mip_detail {

double activate(nn::Activation activation, double a) {
  switch (activation) {
    case nn::Activation::sigmoid: return 1.0 / (1.0 + std::exp(-a));
    case nn::Activation::tanh: return std::tanh(a);
    case nn::Activation::relu: return a > 0.0 ? a : 0.0;
  }
  return a;
}

double derivative(nn::Activation activation, double a) {
  switch (activation) {
    case nn::Activation::sigmoid: {
      const double y = activate(activation, a);
      return y * (1.0 - y);
    }
    case nn::Activation::tanh: {
      const double y = std::tanh(a);
      return 1.0 - y * y;
    }
    case nn::Activation::relu: return a > 0.0 ? 1.0 : 0.0;
  }
  return 1.0;
}

double range_lower(nn::Activation activation) { return activation == nn::Activation::tanh ? -1.0 : 0.0; }
double range_upper(nn::Activation activation) {
  return activation == nn::Activation::relu ? solver::kInfinity : 1.0;
}

std::vector<double> pwl_breakpoints(double lower, double upper) {
  std::vector<double> points{lower};
  for (double t = -kPwlRange; t <= kPwlRange; t += 1.0)
    if (t > lower + kPwlMinimumSegment && t < upper - kPwlMinimumSegment) points.push_back(t);
  if (upper > lower) points.push_back(upper);
  return points;
}

double pwl_shift(double upper) { return std::max(0.0, upper + kPwlRange); }

double pwl_error(const std::vector<double>& breakpoints) {
  auto sigmoid = [](double t) { return 1.0 / (1.0 + std::exp(-t)); };
  double worst = 0.0;
  for (std::size_t k = 0; k + 1 < breakpoints.size(); ++k) {
    const double a = breakpoints[k], b = breakpoints[k + 1];
    constexpr int kGrid = 200;  // the chord error of a smooth function is found to ~1e-6 relative
    for (int g = 1; g < kGrid; ++g) {
      const double t = a + (b - a) * g / kGrid;
      const double chord = sigmoid(a) + (sigmoid(b) - sigmoid(a)) * (t - a) / (b - a);
      worst = std::max(worst, std::abs(chord - sigmoid(t)));
    }
  }
  return worst;
}

namespace {

// Bounds of W v + b for v in the box [lower, upper] (per column: one sample).
void affine_bounds(const Eigen::MatrixXd& w, const Eigen::VectorXd& b, const Eigen::MatrixXd& lower,
                   const Eigen::MatrixXd& upper, Eigen::MatrixXd& out_lower, Eigen::MatrixXd& out_upper) {
  const Eigen::MatrixXd positive = w.cwiseMax(0.0), negative = w.cwiseMin(0.0);
  out_lower = positive * lower + negative * upper;
  out_upper = positive * upper + negative * lower;
  out_lower.colwise() += b;
  out_upper.colwise() += b;
}

}  // namespace

LayerBounds gated_bounds(const nn::Mlp& net, const Eigen::MatrixXd& inputs, double eps) {
  LayerBounds bounds;
  Eigen::MatrixXd lower = inputs.array() - eps, upper = inputs.array() + eps;
  for (std::size_t l = 0; l + 1 < net.weights.size(); ++l) {
    Eigen::MatrixXd a_lower, a_upper;
    affine_bounds(net.weights[l], net.biases[l], lower, upper, a_lower, a_upper);
    lower.resize(a_lower.rows(), a_lower.cols());
    upper.resize(a_upper.rows(), a_upper.cols());
    for (Eigen::Index k = 0; k < a_lower.size(); ++k) {
      // s in [0, 1] moves the argument anywhere in [a - M, a]; the pwl is monotone and equals the
      // sigmoid at the ends of its interval.
      lower(k) = activate(nn::Activation::sigmoid, a_lower(k) - pwl_shift(a_upper(k)));
      upper(k) = activate(nn::Activation::sigmoid, a_upper(k));
    }
    bounds.lower.push_back(std::move(a_lower));
    bounds.upper.push_back(std::move(a_upper));
  }
  return bounds;
}

}  // namespace mip_detail

std::vector<Eigen::MatrixXd> dense_preactivations(const nn::Mlp& net, const Eigen::MatrixXd& inputs) {
  std::vector<Eigen::MatrixXd> layers;
  Eigen::MatrixXd values = inputs;
  for (std::size_t l = 0; l < net.weights.size(); ++l) {
    Eigen::MatrixXd a = net.weights[l] * values;
    a.colwise() += net.biases[l];
    layers.push_back(a);
    if (l + 1 < net.weights.size())
      values = a.unaryExpr([&](double v) { return mip_detail::activate(net.architecture().hidden, v); });
  }
  return layers;
}

LayerBounds dense_bounds(const nn::Mlp& net, const Eigen::MatrixXd& inputs, double eps) {
  LayerBounds bounds;
  Eigen::MatrixXd lower = inputs.array() - eps, upper = inputs.array() + eps;
  const auto activation = net.architecture().hidden;
  for (std::size_t l = 0; l + 1 < net.weights.size(); ++l) {
    Eigen::MatrixXd a_lower, a_upper;
    mip_detail::affine_bounds(net.weights[l], net.biases[l], lower, upper, a_lower, a_upper);
    // Every hidden activation is monotone: the box maps to the box of its ends.
    lower = a_lower.unaryExpr([&](double v) { return mip_detail::activate(activation, v); });
    upper = a_upper.unaryExpr([&](double v) { return mip_detail::activate(activation, v); });
    bounds.lower.push_back(std::move(a_lower));
    bounds.upper.push_back(std::move(a_upper));
  }
  return bounds;
}

}  // namespace legcnet::prune
