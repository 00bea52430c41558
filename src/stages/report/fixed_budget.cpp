// Every method retrained for the same number of epochs as the dense model of its seed needed to
// reach the benchmark (METHOD@fixed, `retrain-sparse --epochs N`). To-the-benchmark retraining
// lets a pruned net train as long as it needs (random pruning on wine: 43-49 epochs against
// dense's 14-17), which confounds accuracy with training time; a fixed budget removes that.
#include "sections.hpp"

namespace legcnet::stages::report_detail {

Section fixed_budget_section(const RunIndex& index) {
  std::string md;
  for (const auto& dataset : index.datasets()) {
    std::string rows;
    for (const auto& method : index.methods()) {
      if (!is_fixed_budget_method(method)) continue;
      const auto& runs = index.group(dataset, method);
      if (runs.empty()) continue;
      const std::string base = method.substr(0, method.size() - std::string("@fixed").size());
      const bool dense = base == "dense";
      rows += "| " + method_label(base) + " | " + std::to_string(runs.size()) + " | " +
              mean_sd(spread_of(runs, [](const Run& r) { return r.epochs; }), 1) + " | " +
              mean_sd(spread_of(runs, [](const Run& r) { return r.test_acc; }), 4) + " | " +
              (dense ? "" : paired_difference(index, runs, [](const Run& r) { return r.test_acc; }, 4,
                                              fixed_budget_method("dense"))) +
              " | " + mean_sd(spread_of(index.group(dataset, base), [](const Run& r) { return r.test_acc; }), 4) + " | " +
              mean_sd(spread_of(index.group(dataset, base), [](const Run& r) { return r.epochs; }), 1) + " |\n";
    }
    if (rows.empty()) continue;
    md += "### " + dataset + "\n\n| method | seeds | epochs (budget) | test accuracy | Δ accuracy vs dense, same budget | "
          "test accuracy, to the benchmark | epochs to the benchmark |\n|---|---|---|---|---|---|---|\n" + rows + "\n";
  }
  if (md.empty()) return {};
  return {"## Every method at a fixed budget\n\n"
          "Retrained from the same initialisation for exactly as many epochs as the dense model of the same seed needed "
          "to reach the benchmark (`retrain-sparse --epochs N`), so that no method gets more training than dense. "
          "The paired difference is to the dense model of the same seed and budget (mean [min, max] over seeds); "
          "the last two columns repeat the to-the-benchmark retraining of the table above for comparison.\n\n" + md,
          {}};
}

}  // namespace legcnet::stages::report_detail
