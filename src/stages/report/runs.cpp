#include "runs.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/sha256.hpp"

namespace legcnet::stages::report_detail {
namespace {

const std::vector<std::string> kDatasetOrder{"cancer", "titanic", "banknote", "iris", "iris3f", "vowel", "mnist"};
// The paper's methods first, in its tables' order; methods not listed follow in name order.
// One line per family of methods, so that each family's entries stay together.
const std::vector<std::string> kMethodOrder{
    "dense", "dense-trained", "ft", "pt", "random40", "random-ft", "magnitude25", "magnitude-ft",
    "spectral25", "spectral-ft",  // spectral sparsification (docs/spectral.md)
    "random25", "mils25", "mils-max25", "mils-rec25", "mils-ft", "mils-max-ft",  // MILS (docs/mils.md) and its 25% baseline
    "mip", "magnitude-mip", "random-mip",  // critical neurons by MIP (docs/mip.md) and its node-level controls
    "ft-consensus", "pt-consensus", "ft-null", "pt-null",  // the decision's evidence (docs/evidence.md)
};

std::size_t rank_in(const std::vector<std::string>& order, const std::string& name) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), name) - order.begin());
}

const std::vector<std::string> kSummaryColumns{"method",        "seed",          "epochs",         "train_acc",
                                               "test_acc",      "test_f1_macro", "weights_total",  "weights_kept",
                                               "pct_pruned",    "flops_forward", "flops_train"};

Run read_summary(const std::filesystem::path& file, const std::filesystem::path& runs) {
  const std::string path = file.string();
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty file: not a summary.csv");
  std::vector<std::size_t> at;
  for (const auto& name : kSummaryColumns) at.push_back(io::header_column(header, name, path));
  if (!reader.next(fields)) throw InputError(path, 2, "no data row: not a summary.csv");
  if (fields.size() != header.size())
    throw InputError(path, reader.line(),
                     "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(fields.size()));
  Run run;
  run.dataset = std::filesystem::relative(file, runs).begin()->string();
  run.method = fields[at[0]];
  // Integers strictly and in range, the other numbers finite: nothing reaches the tables as a
  // wrapped cast (an epoch count of 1e300 or nan printed as -2147483648).
  run.seed = reader.integer(fields, at[1], 0, LLONG_MAX);
  run.epochs = static_cast<int>(reader.integer(fields, at[2], 0, INT_MAX));
  run.train_acc = reader.finite(fields, at[3]);
  run.test_acc = reader.finite(fields, at[4]);
  run.test_f1 = reader.finite(fields, at[5]);
  run.weights_total = reader.integer(fields, at[6], 0, LLONG_MAX);
  run.weights_kept = reader.integer(fields, at[7], 0, run.weights_total);
  run.pct_pruned = reader.finite(fields, at[8]);
  run.flops_forward = reader.finite(fields, at[9]);
  run.flops_train = reader.finite(fields, at[10]);
  for (std::size_t c = 0; c < header.size(); ++c)
    if (std::find(at.begin(), at.end(), c) == at.end()) {
      double value = std::numeric_limits<double>::quiet_NaN();
      if (io::parse_double(fields[c], value)) run.extra[header[c]] = value;
    }
  // runs/D/seedK/METHOD/sparse/summary.csv (or METHOD/fixed/): the method directory holds the mask
  // and the diagnostics of the sparse/ model.
  const auto parent = file.parent_path().filename();
  run.retrained = parent == "sparse" || parent == "fixed";
  run.dir = run.retrained ? file.parent_path().parent_path() : file.parent_path();
  const auto mask = run.dir / "mask.csv";
  if (std::filesystem::is_regular_file(mask)) run.mask_sha256 = io::sha256_file(mask);
  return run;
}

}  // namespace

double Run::value(const std::string& column) const {
  auto found = extra.find(column);
  return found == extra.end() ? std::numeric_limits<double>::quiet_NaN() : found->second;
}

std::size_t dataset_rank(const std::string& dataset) { return rank_in(kDatasetOrder, dataset); }
std::size_t method_rank(const std::string& method) {
  // Fixed-budget runs after every other method, in the order of the methods they retrain.
  if (is_fixed_budget_method(method))
    return kMethodOrder.size() + 1 + method_rank(method.substr(0, method.size() - std::string("@fixed").size()));
  // Unretrained masks after those, likewise.
  if (is_unretrained_method(method))
    return 2 * (kMethodOrder.size() + 1) + method_rank(method.substr(0, method.size() - std::string("-unretrained").size()));
  return rank_in(kMethodOrder, method);
}

std::string method_label(const std::string& method) {
  static const std::map<std::string, std::string> labels{
      {"dense", "dense"},           {"ft", "LEGCNet-FT"},             {"pt", "LEGCNet-PT"},
      {"dense-trained", "dense, train-dense's model"},
      {"random40", "random 40%"},   {"magnitude25", "magnitude 25%"}, {"random-ft", "random, FT count"},
      {"magnitude-ft", "magnitude, FT count"},
      {"spectral25", "spectral 25%"},
      {"spectral-ft", "spectral, FT count"},
      {"random25", "random 25%"},
      {"mils25", "MILS min_absolute 25%"},
      {"mils-max25", "MILS max_absolute 25%"},
      {"mils-rec25", "MILS min_absolute 25%, recursive boundary"},
      {"mils-ft", "MILS min_absolute, FT count"},
      {"mils-max-ft", "MILS max_absolute, FT count"},
      {"mip", "MIP critical neurons"},
      {"random-mip", "random units, MIP count"},
      {"magnitude-mip", "magnitude units, MIP count"},
      {"ft-consensus", "LEGCNet-FT consensus"},
      {"pt-consensus", "LEGCNet-PT consensus"},
      {"ft-null", "LEGCNet-FT null-decided"},
      {"pt-null", "LEGCNet-PT null-decided"},
  };
  if (is_fixed_budget_method(method))
    return method_label(method.substr(0, method.size() - std::string("@fixed").size())) + ", fixed budget";
  if (is_unretrained_method(method))
    return method_label(method.substr(0, method.size() - std::string("-unretrained").size())) + ", no retraining";
  auto found = labels.find(method);
  return found == labels.end() ? method : found->second;
}

bool is_sweep_method(const std::string& method) {
  const std::string oneshot = "-oneshot";
  return method.rfind("sweep-", 0) == 0 ||
         (method.size() > oneshot.size() && method.compare(method.size() - oneshot.size(), oneshot.size(), oneshot) == 0);
}

bool is_fixed_budget_method(const std::string& method) {
  const std::string tail = "@fixed";
  return method.size() > tail.size() && method.compare(method.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_unretrained_method(const std::string& method) {
  const std::string tail = "-unretrained";
  return method.size() > tail.size() && method.compare(method.size() - tail.size(), tail.size(), tail) == 0;
}

std::string fixed_budget_method(const std::string& method) { return method + "@fixed"; }

std::string paired_difference(const RunIndex& index, const std::vector<const Run*>& runs, double (*get)(const Run&),
                              int digits, const std::string& reference) {
  std::vector<double> differences;
  for (const Run* run : runs)
    if (const Run* other = index.find(run->dataset, reference, run->seed)) differences.push_back(get(*run) - get(*other));
  if (differences.empty()) return "-";
  const Spread s = spread_of_values(differences);
  std::string text =
      signed_fixed(s.mean, digits) + " [" + signed_fixed(s.min, digits) + ", " + signed_fixed(s.max, digits) + "]";
  if (differences.size() < runs.size()) text += " (" + std::to_string(differences.size()) + " paired)";
  return text;
}

std::vector<Run> gather_runs(const std::filesystem::path& runs, const std::filesystem::path& out) {
  if (!std::filesystem::is_directory(runs)) throw InputError(runs.string() + ": no such directory");
  // The report's own summary.csv may lie below runs/ (make regression writes runs-regression/results).
  const auto own_output = std::filesystem::weakly_canonical(out);
  std::vector<Run> result;
  for (auto entry = std::filesystem::recursive_directory_iterator(runs); entry != std::filesystem::recursive_directory_iterator();
       ++entry) {
    if (entry->is_directory() && std::filesystem::weakly_canonical(entry->path()) == own_output) {
      entry.disable_recursion_pending();
      continue;
    }
    if (entry->path().filename() == "summary.csv") result.push_back(read_summary(entry->path(), runs));
  }
  std::sort(result.begin(), result.end(), [](const Run& a, const Run& b) {
    return std::tuple(dataset_rank(a.dataset), a.dataset, method_rank(a.method), a.method, a.seed) <
           std::tuple(dataset_rank(b.dataset), b.dataset, method_rank(b.method), b.method, b.seed);
  });
  return result;
}

RunIndex::RunIndex(std::vector<Run> runs) : runs_(std::move(runs)) {
  for (const Run& run : runs_) {
    auto& members = groups_[{run.dataset, run.method}];
    members.push_back(&run);
    if (std::find(datasets_.begin(), datasets_.end(), run.dataset) == datasets_.end()) datasets_.push_back(run.dataset);
    if (std::find(methods_.begin(), methods_.end(), run.method) == methods_.end()) methods_.push_back(run.method);
  }
  std::sort(methods_.begin(), methods_.end(),
            [](const std::string& a, const std::string& b) { return std::tuple(method_rank(a), a) < std::tuple(method_rank(b), b); });
}

const std::vector<const Run*>& RunIndex::group(const std::string& dataset, const std::string& method) const {
  static const std::vector<const Run*> none;
  auto found = groups_.find({dataset, method});
  return found == groups_.end() ? none : found->second;
}

const Run* RunIndex::find(const std::string& dataset, const std::string& method, long long seed) const {
  for (const Run* run : group(dataset, method))
    if (run->seed == seed) return run;
  return nullptr;
}

std::size_t RunIndex::max_seeds() const {
  std::size_t seeds = 0;
  for (const auto& [key, members] : groups_) seeds = std::max(seeds, members.size());
  return seeds;
}

Spread spread_of_values(const std::vector<double>& values) {
  Spread s;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    s.min = s.n == 0 ? v : std::min(s.min, v);
    s.max = s.n == 0 ? v : std::max(s.max, v);
    s.mean += v;
    ++s.n;
  }
  if (s.n == 0) return s;
  s.mean /= static_cast<double>(s.n);
  for (double v : values)
    if (std::isfinite(v)) s.sd += (v - s.mean) * (v - s.mean);
  s.sd = s.n > 1 ? std::sqrt(s.sd / static_cast<double>(s.n - 1)) : 0.0;  // sample sd
  return s;
}

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string signed_fixed(double value, int digits) {
  std::string text = fixed(value, digits);
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);  // -0.0000
  return (text[0] == '-' ? "" : "+") + text;
}

std::string mean_sd(const Spread& s, int digits) {
  return s.n == 0 ? "-" : fixed(s.mean, digits) + " ± " + fixed(s.sd, digits);
}

std::string mean_sd_or_value(const Spread& s, int digits) { return s.n == 1 ? fixed(s.mean, digits) : mean_sd(s, digits); }

std::string finite_mean_sd(const std::vector<double>& values, int digits, bool with_sd) {
  const Spread s = spread_of_values(values);
  if (s.n == 0) return "n/a";
  std::string text = fixed(s.mean, digits) + (with_sd ? " ± " + fixed(s.sd, digits) : "");
  if (s.n < values.size()) text += " (" + std::to_string(s.n) + "/" + std::to_string(values.size()) + ")";
  return text;
}

}  // namespace legcnet::stages::report_detail
