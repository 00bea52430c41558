// Masks applied to the trained dense model and evaluated without retraining (METHOD-unretrained,
// `legcnet evaluate`), against that model itself (dense-trained, train-dense's summary): the MIP
// authors' claim is that their pruned networks keep the accuracy without fine-tuning. Beside it,
// the same masks after retraining, against the retrained dense model.
#include "sections.hpp"

namespace legcnet::stages::report_detail {

Section unretrained_section(const RunIndex& index) {
  std::string md;
  const std::string tail = "-unretrained";
  for (const auto& dataset : index.datasets()) {
    std::string rows;
    for (const auto& method : index.methods()) {
      const auto& runs = index.group(dataset, method);
      if (!is_unretrained_method(method) || runs.empty()) continue;
      const std::string base = method.substr(0, method.size() - tail.size());
      const auto& retrained = index.group(dataset, base);
      rows += "| " + method_label(base) + " | " + std::to_string(runs.size()) + " | " +
              fixed(spread_of(runs, [](const Run& r) { return r.pct_pruned; }).mean, 1) + " | " +
              mean_sd(spread_of(runs, [](const Run& r) { return r.test_acc; }), 4) + " | " +
              paired_difference(index, runs, [](const Run& r) { return r.test_acc; }, 4, "dense-trained") + " | " +
              mean_sd(spread_of(retrained, [](const Run& r) { return r.test_acc; }), 4) + " | " +
              (retrained.empty() ? "-" : paired_difference(index, retrained, [](const Run& r) { return r.test_acc; }, 4)) +
              " |\n";
    }
    if (rows.empty()) continue;
    const auto& trained = index.group(dataset, "dense-trained");
    const auto& dense = index.group(dataset, "dense");
    md += "### " + dataset + "\n\n| method | seeds | % pruned | test accuracy, no retraining | Δ vs trained dense | "
          "test accuracy, retrained | Δ vs retrained dense |\n|---|---|---|---|---|---|---|\n"
          "| dense | " + std::to_string(trained.size()) + " | 0.0 | " +
          mean_sd(spread_of(trained, [](const Run& r) { return r.test_acc; }), 4) + " | | " +
          mean_sd(spread_of(dense, [](const Run& r) { return r.test_acc; }), 4) + " | |\n" + rows + "\n";
  }
  if (md.empty()) return {};
  return {"## Without retraining\n\n"
          "Masks applied to the trained dense model and evaluated as they stand (`legcnet evaluate`), the setting of "
          "the MIP authors' claim that their pruned networks keep the accuracy without fine-tuning; beside them the "
          "same masks retrained from the initialisation to the benchmark. Δ is the paired difference to the dense "
          "model of the same seed (mean [min, max] over seeds): the trained one (train-dense's model, "
          "dense-trained) without retraining, the retrained one (dense) after. The MIP keeps units whose score "
          "reaches 0.1; random and magnitude remove as many whole units per hidden layer (docs/mip.md).\n\n" + md,
          {}};
}

}  // namespace legcnet::stages::report_detail
