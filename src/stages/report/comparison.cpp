// The leading table: every method found, mean ± sd over seeds and the paired difference to the
// dense model of the same seed (the seed fixes initialisation, sample order and split, so the
// paired difference removes most of the between-seed spread).
#include "sections.hpp"

namespace legcnet::stages::report_detail {
namespace {

// Mean % pruned, and in effect (weights on no input-output path count as pruned) when the runs'
// summary.csv has it and it differs.
std::string pruned_cell(const std::vector<const Run*>& runs) {
  const double nominal = spread_of(runs, [](const Run& r) { return r.pct_pruned; }).mean;
  const Spread effective = spread_of(runs, [](const Run& r) { return r.value("pct_pruned_effective"); });
  std::string cell = fixed(nominal, 1);
  if (effective.n == runs.size() && fixed(effective.mean, 1) != cell) cell += " (" + fixed(effective.mean, 1) + ")";
  return cell;
}

}  // namespace

Section comparison_section(const RunIndex& index) {
  std::string md =
      "## Every method against the dense model\n\n"
      "Test accuracy as mean ± sd over seeds, and the paired difference to the dense model of the same seed "
      "(mean [min, max] over seeds; the seed fixes the initialisation, the sample order and the split, so pairing "
      "removes most of the spread between seeds). % pruned and epochs are means over seeds; in brackets the % pruned "
      "in effect, where it differs: weights left on no path from an input to an output count as pruned; epochs are those "
      "retrain-sparse needed to reach the benchmark (dense: the same rule with no weight pruned). Every method "
      "directory found is listed, the paper's first (the sparsity sweep has its own section, and so have the "
      "masks evaluated without retraining).\n\n";
  for (const auto& dataset : index.datasets()) {
    md += "### " + dataset + "\n\n| method | seeds | test accuracy | Δ accuracy vs dense | % pruned | epochs | Δ epochs vs dense |\n"
          "|---|---|---|---|---|---|---|\n";
    for (const auto& method : index.methods()) {
      const auto& runs = index.group(dataset, method);
      if (runs.empty() || is_sweep_method(method) || is_fixed_budget_method(method) || is_unretrained_method(method))
        continue;
      const bool dense = method == "dense";
      md += "| " + method_label(method) + " | " + std::to_string(runs.size()) + " | " +
            mean_sd(spread_of(runs, [](const Run& r) { return r.test_acc; }), 4) + " | " +
            (dense ? "" : paired_difference(index, runs, [](const Run& r) { return r.test_acc; }, 4)) + " | " +
            pruned_cell(runs) + " | " +
            mean_sd(spread_of(runs, [](const Run& r) { return r.epochs; }), 1) + " | " +
            (dense ? "" : paired_difference(index, runs, [](const Run& r) -> double { return r.epochs; }, 1)) + " |\n";
    }
    md += "\n";
  }
  return {md, {}};
}

}  // namespace legcnet::stages::report_detail
