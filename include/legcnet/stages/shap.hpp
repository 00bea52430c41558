#pragma once
// legcnet shap: Shapley values of every test sample's features for the model's predicted class,
// and legcnet shap-compare: rank agreement of two per-feature importance vectors.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "legcnet/diag/rank_correlation.hpp"
#include "legcnet/stages/common.hpp"

namespace legcnet::stages {

struct ShapOptions {
  DataOptions data;        // resolved exactly as the training stages do, so the test split is the run's
  NetworkOptions network;  // must match the model (activations decide the outputs)
  std::uint64_t seed = 1;  // the run's seed: its split; also background rows and Kernel SHAP draws
  std::string model;       // model.csv (name,value)
  std::string mask;        // mask.csv; pruned weights are set to 0 (empty: keep every weight)
  std::string background = "mean";  // "mean" (the training split's column means) or K training rows
  std::string estimator = "auto";    // auto (exact up to max_exact features) | exact | kernel
  int max_exact = 16;
  std::size_t coalitions = 0;        // Kernel SHAP coalitions per sample; 0: 2 m + 2048
  std::size_t max_samples = 0;       // explain only the first N test samples (0: all)
  std::string out;                   // shap.csv
  std::string importance;            // per-feature mean |SHAP|; empty: <out stem>-importance.csv beside out
  std::string standard_errors;       // optional: per-sample standard errors, laid out as shap.csv
  bool force = false;                // explain a model of another run (recorded in shap.toml)
  Provenance provenance{"shap", ""};
};

// Writes shap.csv (sample,class,output,base_value,<features>), the importance file
// (feature,mean_abs_shap,standard_error) and <out stem>.toml (how they were made).
void shap(const ShapOptions& options);

// The importance file shap writes beside `out` when none is named.
std::string default_importance_path(const std::string& out);

// Mean |SHAP| per feature, read from an importance file (feature,mean_abs_shap[,...]) or taken
// from a shap.csv (sample,class,output,base_value,<features>). Throws InputError on anything else.
struct ShapImportance {
  std::vector<std::string> features;
  std::vector<double> values;
};
ShapImportance read_shap_importance(const std::string& path);

// Spearman, Kendall tau-b and top-k overlap (k at most the feature count) of two importances of
// the same features (else InputError naming both sources). A constant importance (an output cut
// off from the inputs: every value 0) ranks nothing: all three are NaN, not the overlap of
// whichever features come first.
diag::RankAgreement importance_agreement(const ShapImportance& first, const std::string& first_source,
                                         const ShapImportance& second, const std::string& second_source,
                                         std::size_t top_k);

struct ShapCompareOptions {
  std::string first, second;  // importance files, or shap.csv files (mean |SHAP| is taken from them)
  std::size_t top_k = 3;      // larger than the number of features: every feature
  std::string out;            // empty: stdout only
  bool force = false;         // files of runs whose records disagree (another dataset, seed or split)
};

// Returns the CSV text (header and one row: first,second,features,spearman_rho,kendall_tau_b,
// k,top_k_overlap); writes it to `out` when given.
std::string shap_compare(const ShapCompareOptions& options);

}  // namespace legcnet::stages
