#pragma once
// The report's input: every retrained run below runs/ (runs/DATASET/seedK/METHOD/sparse/summary.csv),
// indexed by dataset and method, with the formatting every section shares.
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace legcnet::stages::report_detail {

struct Run {
  std::string dataset, method;
  long long seed = 0;
  int epochs = 0;
  double train_acc = 0, test_acc = 0, test_f1 = 0;
  long long weights_total = 0, weights_kept = 0;
  double pct_pruned = 0, flops_forward = 0, flops_train = 0;
  std::map<std::string, double> extra;  // summary.csv columns beyond the eleven above, by name
  std::string mask_sha256;              // of the mask the run was retrained with ("" for dense)
  std::filesystem::path dir;            // runs/DATASET/seedK/METHOD: mask.csv, shap-importance.csv, ...
  bool retrained = false;               // summary.csv of a retraining (METHOD/sparse or METHOD/fixed), whose
                                        // model the diagnostics in METHOD/ describe

  // An extra summary column, or NaN when this run's summary.csv has none.
  double value(const std::string& column) const;
};

// Datasets in the paper's order, then any other in name order; likewise methods.
class RunIndex {
 public:
  explicit RunIndex(std::vector<Run> runs);
  const std::vector<Run>& runs() const { return runs_; }
  const std::vector<std::string>& datasets() const { return datasets_; }
  const std::vector<std::string>& methods() const { return methods_; }
  // The runs of one dataset and method, by seed; empty when there are none.
  const std::vector<const Run*>& group(const std::string& dataset, const std::string& method) const;
  const Run* find(const std::string& dataset, const std::string& method, long long seed) const;
  std::size_t max_seeds() const;

 private:
  std::vector<Run> runs_;
  std::vector<std::string> datasets_, methods_;
  std::map<std::pair<std::string, std::string>, std::vector<const Run*>> groups_;
};

// Every summary.csv below `runs`, except those below `out` (the report's own output).
std::vector<Run> gather_runs(const std::filesystem::path& runs, const std::filesystem::path& out);
std::size_t dataset_rank(const std::string& dataset);  // paper order; unknown ones after
std::size_t method_rank(const std::string& method);    // paper order, then the other methods
std::string method_label(const std::string& method);   // "LEGCNet-FT" for ft, ...
// The sparsity sweep's runs (sweep-METHODLEVEL, and every *-oneshot evaluation without
// retraining): reported in their own section, not among the methods.
bool is_sweep_method(const std::string& method);
// Retrainings for a fixed number of epochs (METHOD@fixed, in METHOD/fixed/): their own section.
bool is_fixed_budget_method(const std::string& method);
// METHOD-unretrained: a mask applied to the trained dense model, evaluated without retraining.
bool is_unretrained_method(const std::string& method);
std::string fixed_budget_method(const std::string& method);  // "ft" -> "ft@fixed"

// One part of tables.md, and the CSV files that go with it (name in the results directory -> text).
struct Section {
  std::string markdown;
  std::vector<std::pair<std::string, std::string>> files;
};

// Formatting.
struct Spread {
  double mean = 0, sd = 0, min = 0, max = 0;
  std::size_t n = 0;
};
template <typename Get>
Spread spread_of(const std::vector<const Run*>& runs, Get get);
Spread spread_of_values(const std::vector<double>& values);  // sample sd; non-finite values skipped
std::string fixed(double value, int digits);
std::string mean_sd(const Spread& spread, int digits);  // "-" when empty
std::string mean_sd_or_value(const Spread& spread, int digits);  // as mean_sd, but one value alone has no "± 0"
std::string signed_fixed(double value, int digits);     // "+0.0120", "-0.0030"; a value that rounds to 0 is "+0.0000"
// Mean (± sd) over the finite values; "(n/N)" when only n of N are finite; "n/a" when none is.
std::string finite_mean_sd(const std::vector<double>& values, int digits, bool with_sd);

// "mean [min, max]" of run - dense (the dense model of the same dataset and seed) over the seeds
// that have both, signed; "(n paired)" when some lack one; "-" when none has.
// Against `reference` of the same dataset and seed (the dense model by default).
std::string paired_difference(const RunIndex& index, const std::vector<const Run*>& runs, double (*get)(const Run&),
                              int digits, const std::string& reference = "dense");

template <typename Get>
Spread spread_of(const std::vector<const Run*>& runs, Get get) {
  std::vector<double> values;
  values.reserve(runs.size());
  for (const Run* run : runs) values.push_back(static_cast<double>(get(*run)));
  return spread_of_values(values);
}

}  // namespace legcnet::stages::report_detail
