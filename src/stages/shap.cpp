#include "legcnet/stages/shap.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "legcnet/diag/shap.hpp"
#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/nn/mask.hpp"

namespace legcnet::stages {
namespace {

// --background: "mean" (0) or a positive number of training rows.
std::size_t parse_background(const std::string& choice) {
  if (choice == "mean") return 0;
  std::size_t count = 0;
  const auto [end, error] = std::from_chars(choice.data(), choice.data() + choice.size(), count);
  if (error != std::errc() || end != choice.data() + choice.size() || count == 0)
    throw InputError("--background must be 'mean' or a positive number of training rows, not '" + choice + "'");
  return count;
}

data::FeatureMatrix background_rows(std::size_t count, const data::FeatureMatrix& train_x, std::uint64_t seed) {
  if (count == 0) return diag::mean_background(train_x);
  if (count > static_cast<std::size_t>(train_x.rows()))
    spdlog::warn("shap: --background {} exceeds the {} training rows; using all of them", count, train_x.rows());
  return diag::sample_background(train_x, count, seed);
}

diag::ShapMethod parse_estimator(const std::string& text) {
  if (text == "auto") return diag::ShapMethod::automatic;
  if (text == "exact") return diag::ShapMethod::exact;
  if (text == "kernel") return diag::ShapMethod::kernel;
  throw InputError("--estimator must be auto, exact or kernel, not '" + text + "'");
}

// shap.csv's layout, for values or their standard errors.
std::string per_sample_table(const data::Dataset& dataset, const std::vector<int>& classes,
                             const diag::ShapExplanation& explanation, const Eigen::MatrixXd& values) {
  std::string text = "sample,class,output,base_value";
  for (const auto& name : dataset.feature_names) text += "," + io::quote_csv_field(name);
  text += '\n';
  for (Eigen::Index s = 0; s < values.rows(); ++s) {
    text += std::to_string(s) + "," + std::to_string(classes[static_cast<std::size_t>(s)]) + ",";
    io::append_double(text, explanation.outputs(s));
    text += ',';
    io::append_double(text, explanation.base_values(s));
    for (Eigen::Index j = 0; j < values.cols(); ++j) {
      text += ',';
      io::append_double(text, values(s, j));
    }
    text += '\n';
  }
  return text;
}

std::string provenance_path(const std::string& out) {
  std::filesystem::path path(out);
  return (path.parent_path() / path.stem()).string() + ".toml";
}

}  // namespace

std::string default_importance_path(const std::string& out) {
  std::filesystem::path path(out);
  return (path.parent_path() / path.stem()).string() + "-importance" + path.extension().string();
}

void shap(const ShapOptions& options) {
  if (options.model.empty()) throw InputError("--model FILE (model.csv) is required");
  if (options.out.empty()) throw InputError("--out FILE is required");
  if (options.max_exact < 0 || options.max_exact > 24) throw InputError("--max-exact must lie in 0..24");
  const std::size_t background_count = parse_background(options.background);
  diag::ShapOptions shap_options;
  shap_options.method = parse_estimator(options.estimator);
  if (shap_options.method == diag::ShapMethod::exact && options.coalitions > 0)
    spdlog::warn("shap: --coalitions applies to Kernel SHAP; ignored with --estimator exact");
  shap_options.max_exact_features = options.max_exact;
  shap_options.kernel_coalitions = options.coalitions;
  shap_options.seed = options.seed;

  RunModel run = load_run_model(options.data, options.network, options.seed, options.model, {options.mask}, options.force);
  const data::Dataset& dataset = run.dataset;
  nn::Mlp& net = run.net;
  const ProvenanceCheck& check = run.check;
  if (!options.mask.empty()) {
    const nn::Mask mask = nn::read_mask(options.mask, net);
    const auto factors = mask.layer_factors(net);
    std::size_t nonzero_pruned = 0;
    for (std::size_t l = 0; l < net.weights.size(); ++l) {
      nonzero_pruned += static_cast<std::size_t>(((net.weights[l].array() != 0.0) && (factors[l].array() == 0.0)).count());
      net.weights[l].array() *= factors[l].array();
    }
    if (nonzero_pruned > 0)
      spdlog::warn("shap: {} weights pruned by {} are not 0 in {}; explaining the model with them set to 0",
                   nonzero_pruned, options.mask, options.model);
  }
  const data::FeatureMatrix background = background_rows(background_count, dataset.train_x, options.seed);
  // The first max_samples test samples (all with 0): Kernel SHAP on MNIST costs ~0.4 s a sample.
  const Eigen::Index explained = options.max_samples > 0
                                     ? std::min<Eigen::Index>(dataset.test_x.rows(), static_cast<Eigen::Index>(options.max_samples))
                                     : dataset.test_x.rows();
  const data::FeatureMatrix samples_x = dataset.test_x.topRows(explained);
  const std::vector<int> classes = nn::predicted_classes(net.predict(samples_x));
  const auto explanation = diag::shap_values(net, classes, samples_x, background, shap_options);

  const Eigen::Index samples = explanation.values.rows(), features = explanation.values.cols();
  const Eigen::VectorXd importance = diag::mean_absolute_shap(explanation);
  // Standard error of mean |phi| from the estimator's error alone (samples independent; 0 when exact).
  const Eigen::VectorXd importance_error = explanation.standard_errors.colwise().squaredNorm().transpose().cwiseSqrt() /
                                          static_cast<double>(std::max<Eigen::Index>(samples, 1));
  std::string importance_text = "feature,mean_abs_shap,standard_error\n";
  for (Eigen::Index j = 0; j < features; ++j) {
    importance_text += io::quote_csv_field(dataset.feature_names[static_cast<std::size_t>(j)]) + ",";
    io::append_double(importance_text, importance(j));
    importance_text += ',';
    io::append_double(importance_text, importance_error(j));
    importance_text += '\n';
  }

  const std::size_t kernel_samples = static_cast<std::size_t>(
      std::count(explanation.methods.begin(), explanation.methods.end(), diag::ShapMethod::kernel));
  io::AtomicFileSet files;
  files.open(options.out).stream() << per_sample_table(dataset, classes, explanation, explanation.values);
  const std::string importance_path = options.importance.empty() ? default_importance_path(options.out) : options.importance;
  files.open(importance_path).stream() << importance_text;
  if (!options.standard_errors.empty())
    files.open(options.standard_errors).stream() << per_sample_table(dataset, classes, explanation, explanation.standard_errors);
  std::string record = run_record(options.provenance, options.seed, dataset, net, check);
  record += "\n[inputs]\nmodel_sha256 = \"" + io::sha256_file(options.model) + "\"\n";
  if (!options.mask.empty()) record += "mask_sha256 = \"" + io::sha256_file(options.mask) + "\"\n";
  record += "background_rows = " + std::to_string(background.rows()) + "\n";
  record += "kernel_samples = " + std::to_string(kernel_samples) + "\n";
  files.open(provenance_path(options.out)).stream() << record;
  files.commit_all();

  Eigen::Index top = 0;
  if (features > 0) importance.maxCoeff(&top);
  spdlog::info("shap: {} test samples x {} features ({} exact, {} Kernel SHAP), background {} row(s); most important: {} "
               "(mean |SHAP| {:.4g}) -> {}, {}",
               samples, features, static_cast<std::size_t>(samples) - kernel_samples, kernel_samples, background.rows(),
               features > 0 ? dataset.feature_names[static_cast<std::size_t>(top)] : "-", features > 0 ? importance(top) : 0.0,
               options.out, importance_path);
  if (kernel_samples > 0)
    spdlog::info("shap: largest Kernel SHAP standard error {:.3g} (mean |SHAP| standard errors in {})",
                 explanation.standard_errors.maxCoeff(), importance_path);
}

}  // namespace legcnet::stages
