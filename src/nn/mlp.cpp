#include "legcnet/nn/mlp.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "legcnet/error.hpp"

namespace legcnet::nn {

Activation parse_activation(const std::string& text) {
  if (text == "sigmoid") return Activation::sigmoid;
  if (text == "tanh") return Activation::tanh;
  if (text == "relu") return Activation::relu;
  throw InputError("unknown activation '" + text + "' (expected sigmoid, tanh or relu)");
}
OutputActivation parse_output_activation(const std::string& text) {
  if (text == "sigmoid") return OutputActivation::sigmoid;
  if (text == "softmax") return OutputActivation::softmax;
  throw InputError("unknown output activation '" + text + "' (expected sigmoid or softmax)");
}
Loss parse_loss(const std::string& text) {
  if (text == "squared") return Loss::squared;
  if (text == "cross-entropy") return Loss::cross_entropy;
  throw InputError("unknown loss '" + text + "' (expected squared or cross-entropy)");
}
std::string to_string(Activation value) {
  return value == Activation::sigmoid ? "sigmoid" : value == Activation::tanh ? "tanh" : "relu";
}
std::string to_string(OutputActivation value) { return value == OutputActivation::sigmoid ? "sigmoid" : "softmax"; }
std::string to_string(Loss value) { return value == Loss::squared ? "squared" : "cross-entropy"; }

int output_units_for(int num_classes) { return num_classes == 2 ? 1 : num_classes; }

Mlp::Mlp(Architecture architecture) : architecture_(std::move(architecture)) {
  const auto& sizes = architecture_.layer_sizes;
  if (sizes.size() < 2) throw InputError("a network needs at least an input and an output layer");
  for (int size : sizes)
    if (size < 1) throw InputError("every layer needs at least one unit");
  std::size_t parameters = 0;
  for (std::size_t l = 1; l < sizes.size() && parameters <= max_parameters; ++l)
    parameters += static_cast<std::size_t>(sizes[l]) * (static_cast<std::size_t>(sizes[l - 1]) + 1);
  if (parameters > max_parameters) {
    std::string shape;
    for (int size : sizes) shape += (shape.empty() ? "" : "-") + std::to_string(size);
    throw InputError("a " + shape + " network has more than " + std::to_string(max_parameters) +
                     " weights and biases, legcnet's limit");
  }
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    weights.emplace_back(Eigen::MatrixXd::Zero(sizes[l], sizes[l - 1]));
    biases.emplace_back(Eigen::VectorXd::Zero(sizes[l]));
  }
}

std::size_t Mlp::weight_count() const {
  std::size_t count = 0;
  for (const auto& w : weights) count += static_cast<std::size_t>(w.size());
  return count;
}

std::vector<std::string> Mlp::weight_names() const {
  std::vector<std::string> names;
  names.reserve(weight_count());
  for (std::size_t l = 0; l < weights.size(); ++l)
    for (Eigen::Index j = 0; j < weights[l].rows(); ++j)
      for (Eigen::Index i = 0; i < weights[l].cols(); ++i)
        names.push_back("w" + std::to_string(l + 1) + "_" + std::to_string(j) + "_" + std::to_string(i));
  return names;
}

std::vector<std::string> Mlp::parameter_names() const {
  std::vector<std::string> names;
  for (std::size_t l = 0; l < weights.size(); ++l) {
    for (Eigen::Index j = 0; j < weights[l].rows(); ++j)
      for (Eigen::Index i = 0; i < weights[l].cols(); ++i)
        names.push_back("w" + std::to_string(l + 1) + "_" + std::to_string(j) + "_" + std::to_string(i));
    for (Eigen::Index j = 0; j < biases[l].size(); ++j)
      names.push_back("b" + std::to_string(l + 1) + "_" + std::to_string(j));
  }
  return names;
}

std::vector<double> Mlp::parameter_values() const {
  std::vector<double> values;
  for (std::size_t l = 0; l < weights.size(); ++l) {
    for (Eigen::Index j = 0; j < weights[l].rows(); ++j)
      for (Eigen::Index i = 0; i < weights[l].cols(); ++i) values.push_back(weights[l](j, i));
    for (Eigen::Index j = 0; j < biases[l].size(); ++j) values.push_back(biases[l](j));
  }
  return values;
}

void Mlp::set_parameters(const std::vector<std::string>& names, const std::vector<double>& values,
                         const std::string& source) {
  const auto expected = parameter_names();
  if (names.size() != expected.size())
    throw InputError(source + ": holds " + std::to_string(names.size()) + " parameters, the network has " +
                     std::to_string(expected.size()) + " (another architecture?)");
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] != expected[k])
      throw InputError(source + ":" + std::to_string(k + 2) + ": expected parameter '" + expected[k] + "', found '" +
                       names[k] + "' (another architecture?)");
  std::size_t k = 0;
  for (std::size_t l = 0; l < weights.size(); ++l) {
    for (Eigen::Index j = 0; j < weights[l].rows(); ++j)
      for (Eigen::Index i = 0; i < weights[l].cols(); ++i) weights[l](j, i) = values[k++];
    for (Eigen::Index j = 0; j < biases[l].size(); ++j) biases[l](j) = values[k++];
  }
}

void Mlp::copy_weights(double* out) const {
  for (const auto& w : weights)
    for (Eigen::Index j = 0; j < w.rows(); ++j)
      for (Eigen::Index i = 0; i < w.cols(); ++i) *out++ = w(j, i);
}

namespace {

// "w{L}_{j}_{i}" -> {L, j, i}; false for anything else.
bool parse_weight_name(const std::string& name, int (&parts)[3]) {
  bool ok = name.size() > 1 && name[0] == 'w';
  const char* cursor = name.data() + 1;
  const char* end = name.data() + name.size();
  for (int part = 0; ok && part < 3; ++part) {
    auto [next, error] = std::from_chars(cursor, end, parts[part]);
    ok = error == std::errc() && (part == 2 ? next == end : (next != end && *next == '_'));
    cursor = next + 1;
  }
  return ok;
}

}  // namespace

void Mlp::locate_weight(const std::string& name, int& layer, int& row, int& column) const {
  int parsed[3] = {0, 0, 0};
  const bool ok = parse_weight_name(name, parsed);
  layer = parsed[0] - 1, row = parsed[1], column = parsed[2];
  if (!ok || layer < 0 || layer >= layer_count() || row < 0 || row >= weights[layer].rows() || column < 0 ||
      column >= weights[layer].cols())
    throw InputError("unknown weight '" + name + "' (names are w{layer}_{j}_{i} of this architecture)");
}

namespace {

// Layers with at most this many weights are multiplied by multiply_in_order.
constexpr Eigen::Index kInOrderProductMaxWeights = 1024;

// z = w x with every sum taken over k in order, one column (sample) at a time: a sample's result
// is then the same bits whatever batch it is evaluated in, which exact SHAP relies on (a
// disconnected feature gets exactly 0). Eigen's products do not promise that: they choose kernels
// and vectorise differently for one column and for many.
void multiply_in_order(const Eigen::MatrixXd& w, const Mlp::Inputs& x, Eigen::MatrixXd& z) {
  const Eigen::Index rows = w.rows(), depth = w.cols();
  z.resize(rows, x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double* in = x.col(j).data();
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double* row = w.data() + i;  // w(i, k) is row[k * rows]
      double sum = row[0] * in[0];
      for (Eigen::Index k = 1; k < depth; ++k) sum += row[k * rows] * in[k];
      z(i, j) = sum;
    }
  }
}

// Elementwise functions of the activations go through Eigen's vectorised exp for every element:
// the last, partial packet is padded rather than finished with the scalar exp, which rounds
// differently. Over a whole matrix, which path a unit took would otherwise depend on where its
// sample sits in the batch, and a sample's outputs must not depend on its batch (exact SHAP gives
// a disconnected feature exactly 0 only then). The packet functions work lane by lane.
using Packet = Eigen::internal::packet_traits<double>::type;
constexpr Eigen::Index kLanes = Eigen::internal::packet_traits<double>::size;

template <typename PacketFunction>
void apply_packetwise(double* values, Eigen::Index count, PacketFunction function) {
  namespace pk = Eigen::internal;
  Eigen::Index i = 0;
  for (; i + kLanes <= count; i += kLanes) pk::pstoreu(values + i, function(pk::ploadu<Packet>(values + i)));
  if (i == count) return;
  double padded[kLanes] = {};
  std::copy(values + i, values + count, padded);
  pk::pstoreu(padded, function(pk::ploadu<Packet>(padded)));
  std::copy(padded, padded + (count - i), values + i);
}

// Function objects rather than functions, so that apply_packetwise inlines them.
struct PacketLogistic {
  Packet operator()(const Packet& z) const {
    namespace pk = Eigen::internal;
    const Packet one = pk::pset1<Packet>(1.0);
    return pk::pdiv(one, pk::padd(one, pk::pexp(pk::pnegate(z))));
  }
};

struct PacketExp {
  Packet operator()(const Packet& z) const { return Eigen::internal::pexp(z); }
};

void apply_hidden(Activation activation, Eigen::MatrixXd& values) {
  switch (activation) {
    case Activation::sigmoid: apply_packetwise(values.data(), values.size(), PacketLogistic{}); break;
    case Activation::tanh: values = values.unaryExpr([](double z) { return std::tanh(z); }); break;
    case Activation::relu: values = values.cwiseMax(0.0); break;
  }
}

// Derivative of the activation expressed through its output a.
void multiply_by_derivative(Activation activation, const Eigen::MatrixXd& a, Eigen::MatrixXd& delta) {
  switch (activation) {
    case Activation::sigmoid: delta.array() *= a.array() * (1.0 - a.array()); break;
    case Activation::tanh: delta.array() *= 1.0 - a.array().square(); break;
    case Activation::relu: delta.array() *= (a.array() > 0.0).cast<double>(); break;
  }
}

void apply_output(OutputActivation output, const Eigen::MatrixXd& logits, Eigen::MatrixXd& outputs) {
  outputs = logits;
  if (output == OutputActivation::sigmoid) {
    apply_packetwise(outputs.data(), outputs.size(), PacketLogistic{});
    return;
  }
  for (Eigen::Index s = 0; s < logits.cols(); ++s) {
    outputs.col(s).array() -= logits.col(s).maxCoeff();
    apply_packetwise(outputs.col(s).data(), outputs.rows(), PacketExp{});
    double sum = 0.0;  // in order: Eigen's vectorised sum depends on the column's alignment
    for (Eigen::Index k = 0; k < outputs.rows(); ++k) sum += outputs(k, s);
    outputs.col(s) /= sum;
  }
}

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

}  // namespace

void Mlp::forward(const Inputs& inputs, std::vector<Eigen::MatrixXd>& activations,
                  Eigen::MatrixXd& output_logits) const {
  // activations[0] stays empty: the inputs are read in place rather than copied. Each layer
  // writes into the matrix it wrote last time, so repeated evaluations do not allocate.
  const std::size_t layers = weights.size();
  activations.resize(layers + 1);
  for (std::size_t l = 0; l < layers; ++l) {
    const Inputs x = l == 0 ? inputs : Inputs(activations[l]);
    Eigen::MatrixXd& z = l + 1 < layers ? activations[l + 1] : output_logits;
    // Small layers (the UCI nets) also skip Eigen's blocked GEMM, whose packing costs more than
    // the arithmetic there. Large layers (MNIST's) need GEMM's speed and do not get the guarantee.
    if (weights[l].size() <= kInOrderProductMaxWeights) multiply_in_order(weights[l], x, z);
    else z.noalias() = weights[l] * x;
    z.colwise() += biases[l];
    if (l + 1 < layers) apply_hidden(architecture_.hidden, z);
    else apply_output(architecture_.output, output_logits, activations[l + 1]);
  }
}

double Mlp::loss_from(const Eigen::MatrixXd& logits, const Eigen::MatrixXd& outputs, const Eigen::MatrixXd& targets) const {
  double total = 0.0;
  if (architecture_.loss == Loss::squared) {
    total = 0.5 * (outputs - targets).squaredNorm();
  } else if (architecture_.output == OutputActivation::softmax) {
    // -sum t log softmax(z), through log-sum-exp so that it never takes log(0).
    for (Eigen::Index s = 0; s < logits.cols(); ++s) {
      const double top = logits.col(s).maxCoeff();
      const double log_sum = top + std::log((logits.col(s).array() - top).exp().sum());
      total += (targets.col(s).array() * (log_sum - logits.col(s).array())).sum();
    }
  } else {
    // Binary cross-entropy per output from the logit: softplus(z) - t z.
    for (Eigen::Index s = 0; s < logits.cols(); ++s)
      for (Eigen::Index k = 0; k < logits.rows(); ++k)
        total += softplus(logits(k, s)) - targets(k, s) * logits(k, s);
  }
  return total / static_cast<double>(logits.cols());
}

double Mlp::loss(const Inputs& inputs, const Eigen::MatrixXd& targets) const {
  forward(inputs, activations_, logits_);
  return loss_from(logits_, activations_.back(), targets);
}

double Mlp::loss_and_outputs(const Inputs& inputs, const Eigen::MatrixXd& targets,
                             Eigen::MatrixXd& outputs) const {
  forward(inputs, activations_, logits_);
  outputs = activations_.back();
  return loss_from(logits_, outputs, targets);
}

double Mlp::loss_and_gradient(const Inputs& inputs, const Eigen::MatrixXd& targets, Gradient& gradient) const {
  forward(inputs, activations_, logits_);
  const double mean_loss = loss_from(logits_, activations_.back(), targets);
  const std::size_t layers = weights.size();
  const double scale = 1.0 / static_cast<double>(inputs.cols());
  const Eigen::MatrixXd& outputs = activations_.back();

  // Delta at the output pre-activation. Cross-entropy with its matching output gives y - t.
  // (softmax with -sum t log y, and sigmoid with per-output binary cross-entropy).
  if (architecture_.loss == Loss::cross_entropy) {
    delta_ = outputs - targets;
  } else {
    delta_ = outputs - targets;
    if (architecture_.output == OutputActivation::sigmoid) {
      delta_.array() *= outputs.array() * (1.0 - outputs.array());
    } else {
      for (Eigen::Index s = 0; s < delta_.cols(); ++s) {
        const double projection = delta_.col(s).dot(outputs.col(s));
        delta_.col(s) = (outputs.col(s).array() * (delta_.col(s).array() - projection)).matrix();
      }
    }
  }
  gradient.weights.resize(layers);
  gradient.biases.resize(layers);
  for (std::size_t l = layers; l-- > 0;) {
    if (l == 0) gradient.weights[l].noalias() = scale * delta_ * inputs.transpose();
    else gradient.weights[l].noalias() = scale * delta_ * activations_[l].transpose();
    gradient.biases[l].noalias() = scale * delta_.rowwise().sum();
    if (l > 0) {
      next_delta_.noalias() = weights[l].transpose() * delta_;
      multiply_by_derivative(architecture_.hidden, activations_[l], next_delta_);
      std::swap(delta_, next_delta_);
    }
  }
  return mean_loss;
}

Eigen::MatrixXd Mlp::predict(const data::FeatureMatrix& x) const {
  std::vector<Eigen::MatrixXd> activations;
  Eigen::MatrixXd logits;
  forward(x.transpose(), activations, logits);
  return activations.back();
}

std::vector<int> layer_sizes_from_weight_names(const std::vector<std::string>& names, const std::string& source) {
  // Each layer's shape is the largest j and i its names use; the names must then be exactly the
  // canonical list of that architecture.
  // A complete list holds more names than any j or i it uses: larger indices are refused before
  // they size anything (w1_2147483647_0 would overflow, w1_5000_5000 cost 0.8 GB to refuse).
  const auto limit = static_cast<long long>(names.size());
  std::vector<std::pair<int, int>> shapes;  // (rows, columns) per layer
  for (const auto& name : names) {
    int parts[3] = {0, 0, 0};
    if (!parse_weight_name(name, parts) || parts[0] < 1 || parts[0] > 1000)
      throw InputError(source + ": '" + name + "' is not a weight name (w{layer}_{j}_{i})");
    if (parts[1] < 0 || parts[2] < 0 || parts[1] >= limit || parts[2] >= limit)
      throw InputError(source + ": '" + name + "' has an index beyond the " + std::to_string(names.size()) +
                       " weights listed");
    if (static_cast<std::size_t>(parts[0]) > shapes.size()) shapes.resize(static_cast<std::size_t>(parts[0]), {0, 0});
    auto& shape = shapes[static_cast<std::size_t>(parts[0] - 1)];
    shape.first = std::max(shape.first, parts[1] + 1);
    shape.second = std::max(shape.second, parts[2] + 1);
  }
  if (shapes.empty()) throw InputError(source + ": no weights");
  std::vector<int> sizes{shapes.front().second};
  for (std::size_t l = 0; l < shapes.size(); ++l) {
    if (shapes[l].first == 0 || shapes[l].second != sizes.back())
      throw InputError(source + ": weight names do not form a fully connected network (layer " + std::to_string(l + 1) + ")");
    sizes.push_back(shapes[l].first);
  }
  std::size_t implied = 0;
  for (const auto& [rows, columns] : shapes) implied += static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns);
  if (implied != names.size())
    throw InputError(source + ": weight names are not the complete list of a network: " + std::to_string(names.size()) +
                     " names for the " + std::to_string(implied) + " weights their largest indices imply");
  const auto expected = Mlp(Architecture{sizes}).weight_names();
  if (expected != names)
    throw InputError(source + ": weight names are not the complete list of a " + std::to_string(sizes.front()) +
                     "-input network in canonical order");
  return sizes;
}

Eigen::MatrixXd targets_for(const std::vector<int>& labels, int output_units) {
  Eigen::MatrixXd targets = Eigen::MatrixXd::Zero(output_units, static_cast<Eigen::Index>(labels.size()));
  for (std::size_t s = 0; s < labels.size(); ++s) {
    if (output_units == 1) targets(0, static_cast<Eigen::Index>(s)) = labels[s];
    else targets(labels[s], static_cast<Eigen::Index>(s)) = 1.0;
  }
  return targets;
}

std::vector<int> predicted_classes(const Eigen::MatrixXd& outputs) {
  std::vector<int> classes(static_cast<std::size_t>(outputs.cols()));
  for (Eigen::Index s = 0; s < outputs.cols(); ++s) {
    if (outputs.rows() == 1) {
      classes[static_cast<std::size_t>(s)] = outputs(0, s) >= 0.5 ? 1 : 0;
    } else {
      Eigen::Index best = 0;
      for (Eigen::Index k = 1; k < outputs.rows(); ++k)
        if (outputs(k, s) > outputs(best, s)) best = k;
      classes[static_cast<std::size_t>(s)] = static_cast<int>(best);
    }
  }
  return classes;
}

}  // namespace legcnet::nn
