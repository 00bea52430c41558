#include "legcnet/diag/shap.hpp"

#include "legcnet/error.hpp"
#include "legcnet/random.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <numeric>
#include <string>

namespace legcnet::diag {
namespace {

constexpr int max_exact_limit = 24;  // 2^24 coalitions: 128 MB of values
constexpr std::size_t max_kernel_cells = std::size_t{1} << 27;  // Kernel SHAP's design: 1 GB of doubles

using Indices = std::vector<Eigen::Index>;

Eigen::VectorXd call_model(const BatchModel& model, const data::FeatureMatrix& inputs) {
  Eigen::VectorXd outputs = model(inputs);
  if (outputs.size() != inputs.rows()) {
    throw InputError("shap_values: the model returned " + std::to_string(outputs.size()) + " outputs for " +
                     std::to_string(inputs.rows()) + " inputs");
  }
  return outputs;
}

// The mean as coalition_values takes it: a sum in row order, then one division (Eigen's mean()
// sums in packets, which rounds differently).
double mean_in_order(const Eigen::VectorXd& values) {
  double sum = 0.0;
  for (Eigen::Index r = 0; r < values.size(); ++r) sum += values(r);
  return sum / static_cast<double>(values.size());
}

// f at the given rows of `data`, at most batch_rows rows per call.
Eigen::VectorXd outputs_at(const BatchModel& model, const data::FeatureMatrix& data, const Indices& rows,
                           std::size_t batch_rows) {
  Eigen::VectorXd outputs(static_cast<Eigen::Index>(rows.size()));
  const auto chunk = static_cast<Eigen::Index>(batch_rows);
  for (Eigen::Index start = 0; start < outputs.size(); start += chunk) {
    const Eigen::Index count = std::min(chunk, outputs.size() - start);
    data::FeatureMatrix inputs(count, data.cols());
    for (Eigen::Index r = 0; r < count; ++r) inputs.row(r) = data.row(rows[static_cast<std::size_t>(start + r)]);
    outputs.segment(start, count) = call_model(model, inputs);
  }
  return outputs;
}

// v(c) = mean over background rows b of f(b with the features of coalition c taken from x), for
// c = 0 .. count-1; member(c, j) says whether varying feature j (column features[j]) is in c.
// The count * |B| composed inputs go to the model in batches of at most batch_rows rows.
template <typename Member>
Eigen::VectorXd coalition_values(const BatchModel& model, const Eigen::RowVectorXd& x,
                                 const data::FeatureMatrix& background, const Indices& features, Eigen::Index count,
                                 Member member, std::size_t batch_rows) {
  const Eigen::Index rows_per_coalition = background.rows();
  const Eigen::Index total = count * rows_per_coalition;
  const Eigen::Index chunk = std::min(static_cast<Eigen::Index>(batch_rows), total);
  Eigen::VectorXd values = Eigen::VectorXd::Zero(count);
  data::FeatureMatrix inputs(chunk, background.cols());
  for (Eigen::Index start = 0; start < total; start += chunk) {
    const Eigen::Index rows = std::min(chunk, total - start);
    if (rows != inputs.rows()) inputs.resize(rows, background.cols());
    for (Eigen::Index r = 0; r < rows; ++r) {
      const Eigen::Index coalition = (start + r) / rows_per_coalition;
      inputs.row(r) = background.row((start + r) % rows_per_coalition);
      for (std::size_t j = 0; j < features.size(); ++j) {
        if (member(coalition, j)) inputs(r, features[j]) = x(features[j]);
      }
    }
    const Eigen::VectorXd outputs = call_model(model, inputs);
    for (Eigen::Index r = 0; r < rows; ++r) values((start + r) / rows_per_coalition) += outputs(r);
  }
  return values / static_cast<double>(rows_per_coalition);
}

struct SampleShap {
  Eigen::VectorXd values;           // over the varying features
  Eigen::VectorXd standard_errors;  // the same
  ShapMethod method = ShapMethod::exact;
  std::size_t coalitions = 0;
};

// The sample being explained and what it is explained against.
struct Game {
  const BatchModel& model;
  const data::FeatureMatrix& background;
  Eigen::RowVectorXd x;
  Indices features;  // varying features
  double base = 0.0;    // v(empty) = E_B[f]
  double output = 0.0;  // v(all) = f(x)
};

// All 2^m coalitions; bit j of a coalition's number is varying feature j.
SampleShap exact_shap(const Game& game, std::size_t batch_rows) {
  const int m = static_cast<int>(game.features.size());
  const Eigen::Index count = Eigen::Index{1} << m;
  SampleShap result;
  result.values = Eigen::VectorXd::Zero(m);
  result.standard_errors = Eigen::VectorXd::Zero(m);
  if (m == 0) return result;
  // The empty and the full coalition are known: base and f(x), the latter averaged over the
  // background rows as coalition_values would (the sum of |B| copies of f(x), then the division):
  // with every v computed alike, a feature that cannot change f gets exactly 0. Coalition c + 1
  // is evaluated as c.
  Eigen::VectorXd v(count);
  v(0) = game.base;
  v(count - 1) = mean_in_order(Eigen::VectorXd::Constant(game.background.rows(), game.output));
  if (count > 2) {
    v.segment(1, count - 2) = coalition_values(
        game.model, game.x, game.background, game.features, count - 2,
        [](Eigen::Index c, std::size_t j) { return (((c + 1) >> j) & 1) != 0; }, batch_rows);
  }
  result.coalitions = static_cast<std::size_t>(count - 2);

  // weight[s] = s! (m - s - 1)! / m! = 1 / (m * binomial(m - 1, s)), for coalitions of s < m
  // members: the full coalition (s = m) has no feature left to add and is only ever v(S + i).
  std::vector<double> weight(static_cast<std::size_t>(m));
  double binomial = 1.0;
  for (int s = 0; s < m; ++s) {
    weight[static_cast<std::size_t>(s)] = 1.0 / (m * binomial);
    binomial = binomial * (m - 1 - s) / (s + 1);
  }
  for (Eigen::Index coalition = 0; coalition < count - 1; ++coalition) {
    const double w = weight.at(static_cast<std::size_t>(std::popcount(static_cast<std::uint64_t>(coalition))));
    for (int j = 0; j < m; ++j) {
      const Eigen::Index bit = Eigen::Index{1} << j;
      if ((coalition & bit) == 0) result.values(j) += w * (v(coalition | bit) - v(coalition));
    }
  }
  return result;
}

// Kernel SHAP with `coalitions` draws (an even number: pairs S and its complement), sizes
// s = 1..m-1 with probability proportional to (m-1) / (s (m-s)), members uniform given s.
SampleShap kernel_shap(const Game& game, std::size_t coalitions, RandomStream& stream, std::size_t batch_rows) {
  const auto m = static_cast<Eigen::Index>(game.features.size());
  const auto pairs = static_cast<Eigen::Index>(coalitions / 2);

  std::vector<double> cumulative(static_cast<std::size_t>(m - 1));
  double total = 0.0;
  for (Eigen::Index s = 1; s < m; ++s) {
    total += 1.0 / static_cast<double>(s * (m - s));
    cumulative[static_cast<std::size_t>(s - 1)] = total;
  }
  // Rows 0..pairs-1 are the drawn coalitions, rows pairs..2 pairs-1 their complements.
  Eigen::MatrixXd z = Eigen::MatrixXd::Zero(2 * pairs, m);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(m));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  for (Eigen::Index p = 0; p < pairs; ++p) {
    const double u = stream.uniform() * total;
    const auto position = std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
    const Eigen::Index size = std::min<Eigen::Index>(position + 1, m - 1);
    for (Eigen::Index t = 0; t < size; ++t) {  // partial Fisher-Yates: a uniform subset of `size`
      const auto pick = t + static_cast<Eigen::Index>(stream.below(static_cast<std::uint64_t>(m - t)));
      std::swap(order[static_cast<std::size_t>(t)], order[static_cast<std::size_t>(pick)]);
      z(p, order[static_cast<std::size_t>(t)]) = 1.0;
    }
  }
  z.bottomRows(pairs) = 1.0 - z.topRows(pairs).array();

  const Eigen::VectorXd y =
      coalition_values(
          game.model, game.x, game.background, game.features, 2 * pairs,
          [&z](Eigen::Index c, std::size_t j) { return z(c, static_cast<Eigen::Index>(j)) != 0.0; }, batch_rows)
          .array() -
      game.base;
  const double gain = game.output - game.base;

  // minimize mean_k (y_k - z_k . phi)^2 subject to sum(phi) = gain:
  //   A phi + lambda 1 = b,  A = mean z z^T,  b = mean z y.
  const double rows = static_cast<double>(2 * pairs);
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(m, m);
  a.selfadjointView<Eigen::Lower>().rankUpdate(z.transpose(), 1.0 / rows);
  a = a.selfadjointView<Eigen::Lower>();
  const Eigen::VectorXd b = z.transpose() * y / rows;
  const Eigen::LDLT<Eigen::MatrixXd> solver(a);
  const Eigen::VectorXd unconstrained = solver.solve(b);
  const Eigen::VectorXd toward_ones = solver.solve(Eigen::VectorXd::Ones(m));
  const double lambda = (unconstrained.sum() - gain) / toward_ones.sum();

  SampleShap result;
  result.method = ShapMethod::kernel;
  result.coalitions = static_cast<std::size_t>(2 * pairs);
  result.values = unconstrained - lambda * toward_ones;

  // Sandwich error: phi - phi_true ~ C (mean_p r_p), C = A^-1 - A^-1 1 1^T A^-1 / (1^T A^-1 1), with
  // r_p = (z e + z' e') / 2 for a pair (z, z' = 1 - z) and residuals e, e'. C 1 = 0, so
  // C r_p = C z (e - e') / 2, and var(phi_i) ~ sum_p (C r_p)_i^2 / (P (P - 1)).
  const Eigen::VectorXd residual = y - z * result.values;
  const Eigen::VectorXd half_difference = 0.5 * (residual.head(pairs) - residual.tail(pairs));
  Eigen::MatrixXd projected = solver.solve(z.topRows(pairs).transpose());  // m x P: A^-1 z_p
  const Eigen::RowVectorXd along_ones = projected.colwise().sum() / toward_ones.sum();
  projected -= toward_ones * along_ones;  // C z_p
  const Eigen::VectorXd sum_squares = projected.array().square().matrix() * half_difference.array().square().matrix();
  const double normaliser = static_cast<double>(pairs) * static_cast<double>(pairs - 1);
  result.standard_errors = (sum_squares / normaliser).array().sqrt();
  return result;
}

std::size_t kernel_coalitions_for(std::size_t varying, const ShapOptions& options) {
  return options.kernel_coalitions != 0 ? options.kernel_coalitions : 2 * varying + 2048;
}

void check_options(const data::FeatureMatrix& samples, const data::FeatureMatrix& background,
                   const ShapOptions& options) {
  if (samples.cols() != background.cols()) {
    throw InputError("shap_values: samples have " + std::to_string(samples.cols()) + " features, the background " +
                     std::to_string(background.cols()));
  }
  if (background.rows() == 0) throw InputError("shap_values: the background has no rows");
  if (samples.cols() == 0) throw InputError("shap_values: no features");
  if (options.max_exact_features < 0 || options.max_exact_features > max_exact_limit) {
    throw InputError("shap_values: max_exact_features must be in 0.." + std::to_string(max_exact_limit) + ", got " +
                     std::to_string(options.max_exact_features));
  }
  if (options.method == ShapMethod::exact && samples.cols() > max_exact_limit) {
    throw InputError("shap_values: exact Shapley values need at most " + std::to_string(max_exact_limit) +
                     " features, got " + std::to_string(samples.cols()));
  }
  const auto features = static_cast<std::size_t>(samples.cols());
  if (options.kernel_coalitions != 0 &&
      (options.kernel_coalitions % 2 != 0 || options.kernel_coalitions < 2 * features + 2)) {
    throw InputError("shap_values: kernel_coalitions must be even and at least 2 * features + 2 = " +
                     std::to_string(2 * features + 2) + ", got " + std::to_string(options.kernel_coalitions));
  }
  // Kernel SHAP holds a coalitions x features matrix per sample: refuse what cannot be allocated.
  if (kernel_coalitions_for(features, options) > max_kernel_cells / features) {
    throw InputError("shap_values: " + std::to_string(kernel_coalitions_for(features, options)) +
                     " coalitions of " + std::to_string(features) + " features exceed " +
                     std::to_string(max_kernel_cells) + " cells (at most " +
                     std::to_string(max_kernel_cells / features) + " coalitions)");
  }
  if (options.batch_rows == 0) throw InputError("shap_values: batch_rows must be at least 1");
}

// Explains the given rows of `samples` by `model`, filling those rows of `result`.
void explain_rows(const BatchModel& model, const data::FeatureMatrix& samples, const Indices& rows,
                  const data::FeatureMatrix& background, const ShapOptions& options, ShapExplanation& result) {
  Indices all_background(static_cast<std::size_t>(background.rows()));
  std::iota(all_background.begin(), all_background.end(), Eigen::Index{0});
  const double base = mean_in_order(outputs_at(model, background, all_background, options.batch_rows));
  const Eigen::VectorXd outputs = outputs_at(model, samples, rows, options.batch_rows);

  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Eigen::Index s = rows[r];
    Game game{model, background, samples.row(s), {}, base, outputs(static_cast<Eigen::Index>(r))};
    for (Eigen::Index j = 0; j < samples.cols(); ++j) {
      if ((background.col(j).array() != game.x(j)).any()) game.features.push_back(j);
    }
    const std::size_t m = game.features.size();
    const bool exact = m <= 1 || options.method == ShapMethod::exact ||
                       (options.method == ShapMethod::automatic &&
                        m <= static_cast<std::size_t>(options.max_exact_features));
    SampleShap shap;
    if (exact) {
      shap = exact_shap(game, options.batch_rows);
    } else {
      RandomStream stream(options.seed, "kernel-shap-" + std::to_string(s));
      shap = kernel_shap(game, kernel_coalitions_for(m, options), stream, options.batch_rows);
    }
    result.values.row(s).setZero();
    result.standard_errors.row(s).setZero();
    for (std::size_t j = 0; j < m; ++j) {
      result.values(s, game.features[j]) = shap.values(static_cast<Eigen::Index>(j));
      result.standard_errors(s, game.features[j]) = shap.standard_errors(static_cast<Eigen::Index>(j));
    }
    result.base_values(s) = base;
    result.outputs(s) = game.output;
    result.methods[static_cast<std::size_t>(s)] = shap.method;
    result.varying_features[static_cast<std::size_t>(s)] = static_cast<int>(m);
    result.coalitions[static_cast<std::size_t>(s)] = shap.coalitions;
  }
}

ShapExplanation empty_explanation(Eigen::Index samples, Eigen::Index features) {
  ShapExplanation result;
  result.values = Eigen::MatrixXd::Zero(samples, features);
  result.standard_errors = Eigen::MatrixXd::Zero(samples, features);
  result.base_values = Eigen::VectorXd::Zero(samples);
  result.outputs = Eigen::VectorXd::Zero(samples);
  result.methods.assign(static_cast<std::size_t>(samples), ShapMethod::exact);
  result.varying_features.assign(static_cast<std::size_t>(samples), 0);
  result.coalitions.assign(static_cast<std::size_t>(samples), 0);
  return result;
}

}  // namespace

std::string_view method_name(ShapMethod method) {
  switch (method) {
    case ShapMethod::automatic: return "automatic";
    case ShapMethod::exact: return "exact";
    case ShapMethod::kernel: return "kernel";
  }
  return "unknown";
}

ShapExplanation shap_values(const BatchModel& model, const data::FeatureMatrix& samples,
                            const data::FeatureMatrix& background, const ShapOptions& options) {
  check_options(samples, background, options);
  ShapExplanation result = empty_explanation(samples.rows(), samples.cols());
  if (samples.rows() == 0) return result;
  Indices rows(static_cast<std::size_t>(samples.rows()));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  explain_rows(model, samples, rows, background, options, result);
  return result;
}

BatchModel class_score(const nn::Mlp& net, int class_index) {
  const int outputs = net.architecture().layer_sizes.back();
  const int classes = outputs == 1 ? 2 : outputs;
  if (class_index < 0 || class_index >= classes) {
    throw InputError("class_score: class " + std::to_string(class_index) + " is outside 0.." +
                     std::to_string(classes - 1));
  }
  return [&net, class_index, outputs](const data::FeatureMatrix& inputs) -> Eigen::VectorXd {
    const Eigen::MatrixXd predicted = net.predict(inputs);  // outputs x samples
    if (outputs == 1 && class_index == 0) return (1.0 - predicted.row(0).array()).transpose();
    return predicted.row(outputs == 1 ? 0 : class_index).transpose();
  };
}

ShapExplanation shap_values(const nn::Mlp& net, std::span<const int> classes, const data::FeatureMatrix& samples,
                            const data::FeatureMatrix& background, const ShapOptions& options) {
  if (classes.size() != static_cast<std::size_t>(samples.rows())) {
    throw InputError("shap_values: " + std::to_string(classes.size()) + " classes for " +
                     std::to_string(samples.rows()) + " samples");
  }
  if (samples.cols() != net.architecture().layer_sizes.front()) {
    throw InputError("shap_values: samples have " + std::to_string(samples.cols()) + " features, the network " +
                     std::to_string(net.architecture().layer_sizes.front()) + " inputs");
  }
  check_options(samples, background, options);
  std::map<int, Indices> rows_of_class;
  for (std::size_t s = 0; s < classes.size(); ++s) rows_of_class[classes[s]].push_back(static_cast<Eigen::Index>(s));
  ShapExplanation result = empty_explanation(samples.rows(), samples.cols());
  for (const auto& [class_index, rows] : rows_of_class) {
    explain_rows(class_score(net, class_index), samples, rows, background, options, result);
  }
  return result;
}

Eigen::VectorXd mean_absolute_shap(const ShapExplanation& explanation) {
  if (explanation.values.rows() == 0) return Eigen::VectorXd::Zero(explanation.values.cols());
  return explanation.values.cwiseAbs().colwise().mean().transpose();
}

data::FeatureMatrix mean_background(const data::FeatureMatrix& data) {
  if (data.rows() == 0) throw InputError("mean_background: no rows");
  return data.colwise().mean();
}

data::FeatureMatrix sample_background(const data::FeatureMatrix& data, std::size_t count, std::uint64_t seed) {
  if (count == 0) throw InputError("sample_background: count must be at least 1");
  const auto rows = static_cast<std::size_t>(data.rows());
  if (count >= rows) return data;
  std::vector<Eigen::Index> order(rows);
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  RandomStream stream(seed, "shap-background");
  for (std::size_t t = 0; t < count; ++t) {  // partial Fisher-Yates
    std::swap(order[t], order[t + static_cast<std::size_t>(stream.below(rows - t))]);
  }
  std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count));
  data::FeatureMatrix chosen(static_cast<Eigen::Index>(count), data.cols());
  for (std::size_t t = 0; t < count; ++t) chosen.row(static_cast<Eigen::Index>(t)) = data.row(order[t]);
  return chosen;
}

}  // namespace legcnet::diag
