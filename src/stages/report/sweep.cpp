// The sparsity sweep (make experiment, make sweep-mnist): spectral, magnitude and random pruning,
// all per layer, at 50, 80, 90 and 95%, retrained (runs named sweep-METHODLEVEL) and evaluated without
// retraining (sweep-METHODLEVEL-oneshot, against dense-trained: train-dense's own model).
#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

#include "legcnet/io/number_format.hpp"
#include "sections.hpp"

namespace legcnet::stages::report_detail {
namespace {

struct SweepName {
  std::string family;  // spectral, magnitude-layer, random, ...
  int level = 0;       // % pruned, nominal
  bool retrained = true;
};

// "sweep-spectral90" -> {spectral, 90, retrained}; "sweep-random50-oneshot" -> {random, 50, one-shot}.
bool parse_sweep(const std::string& method, SweepName& name) {
  const std::string prefix = "sweep-", oneshot = "-oneshot";
  if (method.rfind(prefix, 0) != 0) return false;
  std::string rest = method.substr(prefix.size());
  name.retrained = true;
  if (rest.size() > oneshot.size() && rest.compare(rest.size() - oneshot.size(), oneshot.size(), oneshot) == 0) {
    name.retrained = false;
    rest.resize(rest.size() - oneshot.size());
  }
  std::size_t digits = rest.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(rest[digits - 1]))) --digits;
  if (digits == 0 || digits == rest.size() || rest.size() - digits > 2) return false;
  name.family = rest.substr(0, digits);
  name.level = std::stoi(rest.substr(digits));
  return true;
}

const std::vector<std::string> kFamilyOrder{"spectral", "magnitude-layer", "random-layer"};

std::string family_label(const std::string& family) {
  if (family == "magnitude-layer") return "magnitude (per layer)";
  if (family == "random-layer") return "random (per layer)";
  return family;
}

// Paired (same seed) difference of test accuracy, a - b: "mean [min, max] (n)".
std::string paired(const std::vector<const Run*>& a, const std::vector<const Run*>& b) {
  std::vector<double> differences;
  for (const Run* x : a)
    for (const Run* y : b)
      if (x->seed == y->seed) differences.push_back(x->test_acc - y->test_acc);
  if (differences.empty()) return "-";
  const Spread s = spread_of_values(differences);
  return signed_fixed(s.mean, 4) + " [" + signed_fixed(s.min, 4) + ", " + signed_fixed(s.max, 4) + "] (" +
         std::to_string(s.n) + ")";
}

std::string cell(const std::vector<const Run*>& runs) {
  return mean_sd_or_value(spread_of(runs, [](const Run& r) { return r.test_acc; }), 4);
}

double mean_effective(const std::vector<const Run*>& runs) {
  std::vector<double> values;
  for (const Run* run : runs) values.push_back(run->value("pct_pruned_effective"));
  const Spread s = spread_of_values(values);
  return s.n == 0 ? std::numeric_limits<double>::quiet_NaN() : s.mean;
}

}  // namespace

Section sweep_section(const RunIndex& index) {
  std::string md, csv = "dataset,method,retrained,level,seeds,test_acc_mean,test_acc_sd,pct_pruned_mean,pct_pruned_effective_mean\n";
  for (const auto& dataset : index.datasets()) {
    // (family, retrained) -> level -> runs
    std::map<std::pair<std::string, bool>, std::map<int, std::vector<const Run*>>> grid;
    std::set<int> levels;
    std::vector<std::string> families;
    for (const auto& method : index.methods()) {
      SweepName name;
      if (!parse_sweep(method, name) || index.group(dataset, method).empty()) continue;
      grid[{name.family, name.retrained}][name.level] = index.group(dataset, method);
      levels.insert(name.level);
      if (std::find(families.begin(), families.end(), name.family) == families.end()) families.push_back(name.family);
    }
    if (grid.empty()) continue;
    std::stable_sort(families.begin(), families.end(), [](const std::string& a, const std::string& b) {
      auto rank = [](const std::string& f) { return std::find(kFamilyOrder.begin(), kFamilyOrder.end(), f) - kFamilyOrder.begin(); };
      return rank(a) < rank(b);
    });
    md += "### " + dataset + "\n\n";
    for (const bool retrained : {true, false}) {
      const auto& dense = index.group(dataset, retrained ? "dense" : "dense-trained");
      bool any = false;
      for (const auto& family : families) any = any || grid.count({family, retrained}) > 0;
      if (!any) continue;
      md += retrained ? "Retrained from the initialisation with the mask (retrain-sparse, the experiment's stopping rule); "
                        "dense: the same retraining with no mask.\n\n"
                      : "Without retraining: the trained dense model with the mask applied (legcnet evaluate); dense: the "
                        "trained dense model.\n\n";
      md += "| method | dense |";
      for (int level : levels) md += " " + std::to_string(level) + "% |";
      md += "\n|---|---|";
      for (std::size_t k = 0; k < levels.size(); ++k) md += "---|";
      md += "\n";
      if (!dense.empty()) {
        const Spread s = spread_of(dense, [](const Run& r) { return r.test_acc; });
        csv += dataset + ",dense," + (retrained ? "1" : "0") + ",0," + std::to_string(dense.size()) + "," +
               io::format_double(s.mean) + "," + io::format_double(s.sd) + ",0,0\n";
      }
      for (const auto& family : families) {
        const auto found = grid.find({family, retrained});
        if (found == grid.end()) continue;
        md += "| " + family_label(family) + " | " + cell(dense) + " |";
        for (int level : levels) {
          const auto at = found->second.find(level);
          const std::vector<const Run*> none;
          const auto& runs = at == found->second.end() ? none : at->second;
          md += " " + cell(runs) + " |";
          if (runs.empty()) continue;
          const Spread s = spread_of(runs, [](const Run& r) { return r.test_acc; });
          csv += dataset + "," + family + "," + (retrained ? "1" : "0") + "," + std::to_string(level) + "," +
                 std::to_string(runs.size()) + "," + io::format_double(s.mean) + "," + io::format_double(s.sd) + "," +
                 io::format_double(spread_of(runs, [](const Run& r) { return r.pct_pruned; }).mean) + "," +
                 io::format_double(mean_effective(runs)) + "\n";
        }
        md += "\n";
      }
      // Spectral against each other method, paired by seed.
      const auto spectral = grid.find({"spectral", retrained});
      if (spectral != grid.end())
        for (const auto& family : families) {
          const auto other = grid.find({family, retrained});
          if (family == "spectral" || other == grid.end()) continue;
          md += "| spectral − " + family_label(family) + " (paired) | |";
          for (int level : levels) {
            const auto a = spectral->second.find(level), b = other->second.find(level);
            md += " " + (a == spectral->second.end() || b == other->second.end() ? std::string("-") : paired(a->second, b->second)) +
                  " |";
          }
          md += "\n";
        }
      md += "\n";
    }
  }
  if (md.empty()) return {};
  return {"## Sparsity sweep: spectral, magnitude and random pruning\n\n"
          "One-shot pruning at fixed shares of every layer's weights (`--scope layer` for all three, so each layer loses "
          "the same number of weights under each method; spectral pruning with equal weights would be the random row), test accuracy as mean ± sd over seeds (one value when there is one seed). The spectral "
          "paper's claim: spectral sparsification keeps accuracy at high sparsity better than one-shot random and "
          "magnitude pruning. The paired rows give spectral minus the other method for the same seed, mean [min, "
          "max] (seeds). results/sweep.csv holds the figures; `make plots-sweep` draws them.\n\n" +
              md,
          {{"sweep.csv", csv}}};
}

}  // namespace legcnet::stages::report_detail
