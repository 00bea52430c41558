// Every method at matched counts: the methods that prune as many weights as LEGCNet-FT (--match
// ft/mask.csv, named *-ft) and those at the paper's 25% (named *25), beside the dense model, so
// that differences in accuracy come from which weights go rather than how many.
#include <algorithm>
#include <cmath>

#include "sections.hpp"

namespace legcnet::stages::report_detail {
namespace {

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// The budget group of a method: "FT count", "25%", or "" when it has no matched partner.
std::string budget_of(const std::string& method) {
  if (is_sweep_method(method) || is_fixed_budget_method(method)) return "";
  if (method == "ft" || ends_with(method, "-ft")) return "FT count";
  if (method == "mip" || ends_with(method, "-mip")) return "MIP units";
  if (ends_with(method, "25")) return "25%";
  return "";
}

std::string row(const RunIndex& index, const std::vector<const Run*>& runs, const std::string& budget,
                const std::string& method) {
  const bool dense = method == "dense";
  std::vector<double> effective;
  for (const Run* run : runs) effective.push_back(run->value("pct_pruned_effective"));
  const bool any_effective = std::any_of(effective.begin(), effective.end(), [](double v) { return std::isfinite(v); });
  return "| " + budget + " | " + method_label(method) + " | " + std::to_string(runs.size()) + " | " +
         mean_sd_or_value(spread_of(runs, [](const Run& r) { return r.test_acc; }), 4) + " | " +
         (dense ? "" : paired_difference(index, runs, [](const Run& r) { return r.test_acc; }, 4)) + " | " +
         fixed(spread_of(runs, [](const Run& r) { return r.pct_pruned; }).mean, 1) + " | " +
         (any_effective ? finite_mean_sd(effective, 1, false) : "-") + " | " +
         mean_sd_or_value(spread_of(runs, [](const Run& r) { return r.epochs; }), 1) + " |\n";
}

}  // namespace

Section matched_section(const RunIndex& index) {
  std::string md;
  for (const auto& dataset : index.datasets()) {
    std::string rows;
    for (const std::string budget : {"FT count", "25%", "MIP units"})
      for (const auto& method : index.methods())
        if (budget_of(method) == budget && !index.group(dataset, method).empty())
          rows += row(index, index.group(dataset, method), budget, method);
    if (rows.empty()) continue;
    md += "### " + dataset + "\n\n| budget | method | seeds | test accuracy | Δ accuracy vs dense | nominal % pruned | "
          "effective % pruned | epochs |\n|---|---|---|---|---|---|---|---|\n";
    if (!index.group(dataset, "dense").empty()) md += row(index, index.group(dataset, "dense"), "none", "dense");
    md += rows + "\n";
  }
  if (md.empty()) return {};
  return {"## Every method at matched counts\n\n"
          "Methods that prune the same number of weights, so that accuracy differences come from which weights go, "
          "not from how many: at LEGCNet-FT's count (`--match ft/mask.csv`: LEGCNet-FT and every method named *-ft), "
          "at the paper's 25% (every method named *25), and at the units the MIP removes (random and magnitude "
          "pruning of as many whole units per hidden layer, named *-mip; docs/mip.md). Test accuracy as mean ± sd "
          "over seeds, the paired "
          "difference to the dense model of the same seed (mean [min, max]), and epochs to the benchmark. Nominal % "
          "pruned counts the weights the mask removes; effective % pruned also counts the weights left on no path "
          "from an input to an output (summary.csv's pct_pruned_effective; \"-\" when the runs do not have it).\n\n" +
              md,
          {}};
}

}  // namespace legcnet::stages::report_detail
