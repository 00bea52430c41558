// The program of prune --method mip: scores, the hidden units in one of three forms, the logits,
// the loss epigraph with its first cuts, and the layer penalty. docs/mip.md derives every row.
#include <algorithm>
#include <cmath>
#include <string>

#include "legcnet/error.hpp"
#include "mip_detail.hpp"

namespace legcnet::prune {
namespace {

using solver::kInfinity;
using solver::Row;

// A unit's output in one sample: a column of the model, or a constant (a unit the ReLU form
// knows to be off).
struct Output {
  int column = -1;
  double constant = 0.0;
};

std::string tag(std::size_t layer, Eigen::Index unit, Eigen::Index sample) {
  return std::to_string(layer + 1) + "_" + std::to_string(unit) + "_" + std::to_string(sample);
}

class Builder {
 public:
  Builder(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options)
      : net_(net), samples_(samples), options_(options), n_(samples.inputs.cols()),
        dense_(dense_preactivations(net, samples.inputs)) {}

  MipFormulation build() {
    add_scores();
    if (options_.form == MipForm::relu) bounds_ = dense_bounds(net_, samples_.inputs, options_.eps);
    if (options_.form == MipForm::pwl) {
      bounds_ = mip_detail::gated_bounds(net_, samples_.inputs, options_.eps);
      for (Eigen::Index j = 0; j < net_.weights[0].rows(); ++j) first_layer_chain(j);
    }
    for (Eigen::Index n = 0; n < n_; ++n) add_sample(n);
    add_loss();
    add_penalty();
    return std::move(f_);
  }

 private:
  void add_scores() {
    for (std::size_t l = 0; l + 1 < net_.weights.size(); ++l) {
      f_.score_columns.emplace_back();
      for (Eigen::Index j = 0; j < net_.weights[l].rows(); ++j)
        f_.score_columns.back().push_back(
            f_.model.add_column({"s" + std::to_string(l + 1) + "_" + std::to_string(j), 0.0, 1.0, 0.0, false}));
    }
  }

  // The pre-activation of unit j of layer l in sample n: a constant in the first layer (the data
  // are fixed), else a column tied to the layer below by one row.
  Output preactivation(std::size_t l, Eigen::Index j, Eigen::Index n, const std::vector<Output>& below,
                       double lower = -kInfinity, double upper = kInfinity) {
    if (l == 0) return {-1, dense_[0](j, n)};
    const int column = f_.model.add_column({"a" + tag(l, j, n), lower, upper, 0.0, false});
    tie(column, l, j, below, "pre" + tag(l, j, n));
    return {column, 0.0};
  }

  // column - sum_i W_ji out_i = b_j (+ the constant outputs).
  void tie(int column, std::size_t l, Eigen::Index j, const std::vector<Output>& below, const std::string& name) {
    Row row{name, {column}, {1.0}, 0.0, 0.0};
    double rhs = net_.biases[l](j);
    for (std::size_t i = 0; i < below.size(); ++i) {
      const double w = net_.weights[l](j, static_cast<Eigen::Index>(i));
      if (w == 0.0) continue;
      if (below[i].column < 0) rhs += w * below[i].constant;
      else {
        row.columns.push_back(below[i].column);
        row.coefficients.push_back(-w);
      }
    }
    row.lower = row.upper = rhs;
    f_.model.add_row(std::move(row));
  }

  // Adds `coefficient * a` to a row: a column, or a constant moved to the right-hand side.
  static void add_term(Row& row, const Output& a, double coefficient) {
    if (a.column >= 0) {
      row.columns.push_back(a.column);
      row.coefficients.push_back(coefficient);
    } else {
      row.lower -= coefficient * a.constant;
      row.upper -= coefficient * a.constant;
    }
  }

  void add_sample(Eigen::Index n) {
    std::vector<Output> below;  // the layer below's outputs; the inputs first
    for (Eigen::Index i = 0; i < samples_.inputs.rows(); ++i) below.push_back({-1, samples_.inputs(i, n)});
    for (std::size_t l = 0; l + 1 < net_.weights.size(); ++l) {
      std::vector<Output> outputs;
      for (Eigen::Index j = 0; j < net_.weights[l].rows(); ++j) {
        if (options_.form == MipForm::relu) outputs.push_back(relu_unit(l, j, n, below));
        else if (options_.form == MipForm::linear) outputs.push_back(linear_unit(l, j, n, below));
        else outputs.push_back(pwl_unit(l, j, n, below));
      }
      below = std::move(outputs);
    }
    const std::size_t last = net_.weights.size() - 1;
    const auto k_outputs = net_.weights[last].rows();
    if (f_.logit_columns.size() == 0) f_.logit_columns.resize(k_outputs, n_);
    for (Eigen::Index k = 0; k < k_outputs; ++k) {
      const int z = f_.model.add_column({"z" + std::to_string(k) + "_" + std::to_string(n), -kInfinity, kInfinity, 0.0, false});
      tie(z, last, k, below, "out" + std::to_string(k) + "_" + std::to_string(n));
      f_.logit_columns(k, n) = z;
    }
  }

  // The authors' gated big-M ReLU. With L >= 0 the unit is on for every input of the box (v = 1),
  // with U <= 0 off (v = 0); either way the binary is fixed and the rows simplify exactly.
  Output relu_unit(std::size_t l, Eigen::Index j, Eigen::Index n, const std::vector<Output>& below) {
    const double lower = bounds_.lower[l](j, n), upper = bounds_.upper[l](j, n);
    const double top = std::max(upper, 0.0);  // U+
    const int s = f_.score_columns[l][static_cast<std::size_t>(j)];
    if (upper <= 0.0) {
      // h = 0, and the remaining rows say L <= a <= 0.
      preactivation(l, j, n, below, lower, 0.0);
      return {-1, 0.0};
    }
    const Output a = preactivation(l, j, n, below);
    const int h = f_.model.add_column({"h" + tag(l, j, n), 0.0, top, 0.0, false});
    if (lower >= 0.0) {
      // h = a - (1 - s) U+
      Row row{"relu" + tag(l, j, n), {h, s}, {1.0, -top}, -top, -top};
      add_term(row, a, -1.0);
      f_.model.add_row(std::move(row));
      return {h, 0.0};
    }
    const int v = f_.model.add_column({"v" + tag(l, j, n), 0.0, 1.0, 0.0, true});
    f_.model.add_row({"hv" + tag(l, j, n), {h, v}, {1.0, -top}, -kInfinity, 0.0});  // h <= v U+
    Row low{"hlo" + tag(l, j, n), {h, s}, {1.0, -top}, -top, kInfinity};          // h >= a - (1 - s) U+
    add_term(low, a, -1.0);
    f_.model.add_row(std::move(low));
    // h <= a - (1 - v) L - (1 - s) U+
    Row high{"hup" + tag(l, j, n), {h, v, s}, {1.0, -lower, -top}, -kInfinity, -lower - top};
    add_term(high, a, -1.0);
    f_.model.add_row(std::move(high));
    return {h, 0.0};
  }

  // y = s f(abar) + f'(abar) (a - abar), within the activation's range.
  Output linear_unit(std::size_t l, Eigen::Index j, Eigen::Index n, const std::vector<Output>& below) {
    const auto activation = net_.architecture().hidden;
    const double abar = dense_[l](j, n);
    const double value = mip_detail::activate(activation, abar), slope = mip_detail::derivative(activation, abar);
    const Output a = preactivation(l, j, n, below);
    const int y = f_.model.add_column({"y" + tag(l, j, n), mip_detail::range_lower(activation),
                                       mip_detail::range_upper(activation), 0.0, false});
    const int s = f_.score_columns[l][static_cast<std::size_t>(j)];
    Row row{"lin" + tag(l, j, n), {y, s}, {1.0, -value}, -slope * abar, -slope * abar};
    add_term(row, a, -slope);
    f_.model.add_row(std::move(row));
    return {y, 0.0};
  }

  // y = pwl(t), t = a - (1 - s) M, in the incremental form: t = B_0 + sum_k d_k with
  // 0 <= d_k <= len_k, segments filled in order (d_k >= len_k o_k, d_{k+1} <= len_{k+1} o_k, o binary),
  // y = sigmoid(B_0) + sum_k slope_k d_k.
  Output pwl_unit(std::size_t l, Eigen::Index j, Eigen::Index n, const std::vector<Output>& below) {
    if (l == 0) return {first_layer_[static_cast<std::size_t>(j)][static_cast<std::size_t>(n)], 0.0};
    const double lower = bounds_.lower[l](j, n), upper = bounds_.upper[l](j, n);
    const double shift = mip_detail::pwl_shift(upper);
    const auto points = mip_detail::pwl_breakpoints(lower - shift, upper);
    f_.pwl_error = std::max(f_.pwl_error, mip_detail::pwl_error(points));
    auto sigmoid = [](double t) { return mip_detail::activate(nn::Activation::sigmoid, t); };
    const Output a = preactivation(l, j, n, below);
    const int s = f_.score_columns[l][static_cast<std::size_t>(j)];
    const int y = f_.model.add_column({"y" + tag(l, j, n), 0.0, 1.0, 0.0, false});
    Row argument{"arg" + tag(l, j, n), {s}, {shift}, points[0] + shift, points[0] + shift};  // a + M s - sum d = B_0 + M
    add_term(argument, a, 1.0);
    Row value{"val" + tag(l, j, n), {y}, {1.0}, sigmoid(points[0]), sigmoid(points[0])};  // y - sum slope d = f(B_0)
    int previous_order = -1;
    for (std::size_t k = 0; k + 1 < points.size(); ++k) {
      const double length = points[k + 1] - points[k];
      const std::string name = tag(l, j, n) + "_" + std::to_string(k);
      const int d = f_.model.add_column({"d" + name, 0.0, length, 0.0, false});
      argument.columns.push_back(d);
      argument.coefficients.push_back(-1.0);
      value.columns.push_back(d);
      value.coefficients.push_back(-(sigmoid(points[k + 1]) - sigmoid(points[k])) / length);
      if (previous_order >= 0)  // d_k <= len_k o_{k-1}
        f_.model.add_row({"next" + name, {d, previous_order}, {1.0, -length}, -kInfinity, 0.0});
      if (k + 2 < points.size()) {  // d_k >= len_k o_k
        previous_order = f_.model.add_column({"o" + name, 0.0, 1.0, 0.0, true});
        f_.model.add_row({"fill" + name, {d, previous_order}, {1.0, -length}, 0.0, kInfinity});
      }
    }
    if (argument.columns.size() > 1 || a.column >= 0) f_.model.add_row(std::move(argument));
    f_.model.add_row(std::move(value));
    return {y, 0.0};
  }

  // In the first layer the data fix a, so every sample's argument t_n = abar_n - (1 - s) M_n is a
  // function of s alone, and so is y_n = pwl_n(t_n): one incremental chain in s per unit, through
  // every sample's breakpoints mapped to s, carries all of that unit's y_n. The same interpolation
  // as a chain per sample (plus the other samples' breakpoints), with far fewer binaries to
  // couple, and an LP relaxation that is the convex hull of the curve s -> (y_1 .. y_N).
  void first_layer_chain(Eigen::Index j) {
    const std::string unit = std::to_string(1) + "_" + std::to_string(j);
    std::vector<double> knots{0.0, 1.0};  // in s
    std::vector<double> top(static_cast<std::size_t>(n_)), shift(static_cast<std::size_t>(n_));
    for (Eigen::Index n = 0; n < n_; ++n) {
      const auto k = static_cast<std::size_t>(n);
      top[k] = dense_[0](j, n);
      shift[k] = mip_detail::pwl_shift(bounds_.upper[0](j, n));
      if (shift[k] <= 0.0) continue;
      for (double t : mip_detail::pwl_breakpoints(top[k] - shift[k], top[k])) knots.push_back((t - top[k] + shift[k]) / shift[k]);
    }
    std::sort(knots.begin(), knots.end());
    std::vector<double> merged{0.0};
    for (double knot : knots)
      if (knot > merged.back() + mip_detail::kPwlMinimumKnot && knot < 1.0 - mip_detail::kPwlMinimumKnot) merged.push_back(knot);
    merged.push_back(1.0);
    auto argument = [&](std::size_t n, double score) { return top[n] - (1.0 - score) * shift[n]; };
    auto sigmoid = [](double t) { return mip_detail::activate(nn::Activation::sigmoid, t); };
    for (std::size_t n = 0; n < top.size(); ++n) {
      std::vector<double> points;
      for (double knot : merged) points.push_back(argument(n, knot));
      f_.pwl_error = std::max(f_.pwl_error, mip_detail::pwl_error(points));
    }
    const int s = f_.score_columns[0][static_cast<std::size_t>(j)];
    Row chain{"arg" + unit, {s}, {1.0}, 0.0, 0.0};  // s - sum d = 0
    std::vector<Row> values;
    auto& columns = first_layer_.emplace_back();
    for (std::size_t n = 0; n < top.size(); ++n) {
      const std::string name = unit + "_" + std::to_string(n);
      columns.push_back(f_.model.add_column({"y" + name, 0.0, 1.0, 0.0, false}));
      const double start = sigmoid(argument(n, 0.0));
      values.push_back({"val" + name, {columns.back()}, {1.0}, start, start});  // y_n - sum slope d = f(t_n(0))
    }
    int previous_order = -1;
    for (std::size_t k = 0; k + 1 < merged.size(); ++k) {
      const double length = merged[k + 1] - merged[k];
      const std::string name = unit + "_" + std::to_string(k);
      const int d = f_.model.add_column({"d" + name, 0.0, length, 0.0, false});
      chain.columns.push_back(d);
      chain.coefficients.push_back(-1.0);
      for (std::size_t n = 0; n < top.size(); ++n) {
        const double slope = (sigmoid(argument(n, merged[k + 1])) - sigmoid(argument(n, merged[k]))) / length;
        if (slope == 0.0) continue;
        values[n].columns.push_back(d);
        values[n].coefficients.push_back(-slope);
      }
      if (previous_order >= 0) f_.model.add_row({"next" + name, {d, previous_order}, {1.0, -length}, -kInfinity, 0.0});
      if (k + 2 < merged.size()) {
        previous_order = f_.model.add_column({"o" + name, 0.0, 1.0, 0.0, true});
        f_.model.add_row({"fill" + name, {d, previous_order}, {1.0, -length}, 0.0, kInfinity});
      }
    }
    f_.model.add_row(std::move(chain));
    for (auto& row : values) f_.model.add_row(std::move(row));
  }

  // Epigraph variables of the per-sample loss, lambda / N times their sum (minus the true class's
  // logit) in the objective; first cuts: the loss's asymptotes and its tangent at the dense logits.
  void add_loss() {
    const double weight = options_.lambda / static_cast<double>(n_);
    const Eigen::Index outputs = f_.logit_columns.rows();
    for (Eigen::Index n = 0; n < n_; ++n) {
      const int theta = f_.model.add_column({"loss" + std::to_string(n), outputs == 1 ? 0.0 : -kInfinity, kInfinity, weight, false});
      f_.loss_columns.push_back(theta);
      const int label = samples_.labels[static_cast<std::size_t>(n)];
      if (outputs > 1) {
        f_.model.columns[static_cast<std::size_t>(f_.logit_columns(label, n))].cost -= weight;
        for (Eigen::Index k = 0; k < outputs; ++k)  // log-sum-exp(z) >= z_k
          f_.model.add_row({"top" + std::to_string(n) + "_" + std::to_string(k), {theta, f_.logit_columns(k, n)}, {1.0, -1.0},
                            0.0, kInfinity});
      } else {  // softplus(u) >= u, u = -(2y - 1) z
        const double sign = label == 1 ? -1.0 : 1.0;
        f_.model.add_row({"top" + std::to_string(n), {theta, f_.logit_columns(0, n)}, {1.0, -sign}, 0.0, kInfinity});
      }
    }
    for (auto& row : loss_cuts(f_, samples_, dense_.back(), {}, 0.0, "oa0_")) f_.model.add_row(std::move(row));
  }

  // P(s) = sum over layers of (1/n_l) sum_j (s_lj - 2); with `code` and two or more hidden layers,
  // only the H - 1 largest layer terms count (cvxpy's sum_largest, as the authors' code):
  // min (H - 1) t + sum_l u_l with u_l >= P_l - t, u_l >= 0.
  void add_penalty() {
    const std::size_t layers = f_.score_columns.size();
    auto mean_terms = [&](std::size_t l, Row& row, double sign) {
      const double share = 1.0 / static_cast<double>(f_.score_columns[l].size());
      for (int s : f_.score_columns[l]) {
        row.columns.push_back(s);
        row.coefficients.push_back(sign * share);
      }
    };
    if (options_.layer_penalty == LayerPenalty::sum || layers == 1) {
      for (std::size_t l = 0; l < layers; ++l) {
        const double share = 1.0 / static_cast<double>(f_.score_columns[l].size());
        for (int s : f_.score_columns[l]) f_.model.columns[static_cast<std::size_t>(s)].cost += share;
      }
      f_.model.objective_offset -= 2.0 * static_cast<double>(layers);
      return;
    }
    const int t = f_.model.add_column({"pen_t", -kInfinity, kInfinity, static_cast<double>(layers - 1), false});
    for (std::size_t l = 0; l < layers; ++l) {
      const int u = f_.model.add_column({"pen_u" + std::to_string(l + 1), 0.0, kInfinity, 1.0, false});
      Row row{"pen" + std::to_string(l + 1), {u, t}, {1.0, 1.0}, -2.0, kInfinity};  // u + t - mean(s) >= -2
      mean_terms(l, row, -1.0);
      f_.model.add_row(std::move(row));
    }
  }

  const nn::Mlp& net_;
  const MipSamples& samples_;
  const MipOptions& options_;
  Eigen::Index n_;
  std::vector<Eigen::MatrixXd> dense_;
  LayerBounds bounds_;
  std::vector<std::vector<int>> first_layer_;  // pwl: [unit][sample] -> y column of the unit's chain
  MipFormulation f_;
};

}  // namespace

double loss_epigraph_value(const Eigen::VectorXd& z, int label) {
  if (z.size() == 1) {
    const double u = label == 1 ? -z(0) : z(0);
    return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
  }
  const double top = z.maxCoeff();
  return top + std::log((z.array() - top).exp().sum());
}

double sample_loss(const Eigen::VectorXd& z, int label) {
  return loss_epigraph_value(z, label) - (z.size() == 1 ? 0.0 : z(label));
}

std::vector<Row> loss_cuts(const MipFormulation& formulation, const MipSamples& samples, const Eigen::MatrixXd& z,
                           const std::vector<double>& theta, double slack, const std::string& name_prefix) {
  std::vector<Row> cuts;
  const Eigen::Index outputs = z.rows();
  for (Eigen::Index n = 0; n < z.cols(); ++n) {
    const int label = samples.labels[static_cast<std::size_t>(n)];
    const Eigen::VectorXd point = z.col(n);
    const int column = formulation.loss_columns[static_cast<std::size_t>(n)];
    if (!theta.empty() && loss_epigraph_value(point, label) - theta[static_cast<std::size_t>(n)] <= slack) continue;
    Row cut{name_prefix + std::to_string(n), {column}, {1.0}, 0.0, solver::kInfinity};
    if (outputs == 1) {
      // theta >= softplus(u0) + sigmoid(u0) (u - u0), u = sign z
      const double sign = label == 1 ? -1.0 : 1.0, u0 = sign * point(0);
      const double slope = 1.0 / (1.0 + std::exp(-u0));
      const double softplus = u0 > 0 ? u0 + std::log1p(std::exp(-u0)) : std::log1p(std::exp(u0));
      cut.columns.push_back(formulation.logit_columns(0, n));
      cut.coefficients.push_back(-slope * sign);
      cut.lower = softplus - slope * u0;
    } else {
      // theta >= lse(z0) + p . (z - z0), p = softmax(z0); theta stands for lse(z) (the objective
      // subtracts z_y).
      const double top = point.maxCoeff();
      const Eigen::VectorXd p = (point.array() - top).exp().matrix();
      const double total = p.sum();
      const double lse = top + std::log(total);
      double constant = lse;
      for (Eigen::Index k = 0; k < outputs; ++k) {
        const double pk = p(k) / total;
        if (pk == 0.0) continue;
        cut.columns.push_back(formulation.logit_columns(k, n));
        cut.coefficients.push_back(-pk);
        constant -= pk * point(k);
      }
      cut.lower = constant;
    }
    cuts.push_back(std::move(cut));
  }
  return cuts;
}

MipFormulation build_formulation(const nn::Mlp& net, const MipSamples& samples, const MipOptions& options) {
  if (samples.inputs.cols() == 0) throw InputError("the MIP needs at least one sample");
  if (net.weights.size() < 2) throw InputError("the MIP scores hidden units; this network has none");
  return Builder(net, samples, options).build();
}

}  // namespace legcnet::prune
