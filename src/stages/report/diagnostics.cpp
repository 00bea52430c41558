// SPEC section 9's diagnostics of the retrained models: SHAP ranking agreement with the dense
// model, and WeightWatcher's alpha per layer (the paper's Table 4). Each appears only when some
// run has the files (make experiment computes them; make regression does not).
#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "legcnet/io/number_format.hpp"
#include "legcnet/stages/esd.hpp"
#include "legcnet/stages/shap.hpp"
#include "sections.hpp"

namespace legcnet::stages::report_detail {
namespace {

struct ShapAgreement {
  const Run* run = nullptr;
  std::size_t features = 0;
  diag::RankAgreement agreement;
};
constexpr std::size_t kShapTopK = 3;

std::vector<ShapAgreement> shap_agreements(const RunIndex& index) {
  std::vector<ShapAgreement> result;
  for (const Run& dense : index.runs()) {
    const auto dense_file = dense.dir / "shap-importance.csv";
    if (dense.method != "dense" || !dense.retrained || !std::filesystem::is_regular_file(dense_file)) continue;
    const auto reference = read_shap_importance(dense_file.string());
    for (const Run& run : index.runs()) {
      const auto file = run.dir / "shap-importance.csv";
      if (run.method == "dense" || !run.retrained || is_fixed_budget_method(run.method) || run.dataset != dense.dataset ||
          run.seed != dense.seed || !std::filesystem::is_regular_file(file))
        continue;
      const auto importance = read_shap_importance(file.string());
      result.push_back({&run, importance.values.size(),
                        importance_agreement(reference, dense_file.string(), importance, file.string(), kShapTopK)});
    }
  }
  std::sort(result.begin(), result.end(), [](const ShapAgreement& a, const ShapAgreement& b) {
    return std::tuple(dataset_rank(a.run->dataset), a.run->dataset, method_rank(a.run->method), a.run->method, a.run->seed) <
           std::tuple(dataset_rank(b.run->dataset), b.run->dataset, method_rank(b.run->method), b.run->method, b.run->seed);
  });
  return result;
}

std::string shap_markdown(const std::vector<ShapAgreement>& items) {
  const std::string k = std::to_string(kShapTopK);
  std::string md = "\n## SHAP: feature importance of each pruned model against the dense model\n\n"
                   "Mean |SHAP value| per feature on the test split (the predicted class explained, the training split's "
                   "mean as background), each pruned model's ranking of the features against the dense model's of the same "
                   "seed; mean ± sd over seeds (n/N: only n of N seeds defined; a constant importance, as when pruning cut "
                   "the output off the inputs and every SHAP value is 0, ranks nothing). Top-" + k + " overlap: the share of the dense model's " +
                   k + " most important features among the pruned model's (every feature when there "
                   "are fewer).\n\n| dataset | method | seeds | Spearman ρ | Kendall τ-b | top-" + k +
                   " overlap |\n|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < items.size();) {
    std::size_t j = i;
    std::vector<double> rho, tau, overlap;
    for (; j < items.size() && items[j].run->dataset == items[i].run->dataset && items[j].run->method == items[i].run->method;
         ++j) {
      rho.push_back(items[j].agreement.spearman_rho);
      tau.push_back(items[j].agreement.kendall_tau_b);
      overlap.push_back(items[j].agreement.top_k_overlap);
    }
    md += "| " + items[i].run->dataset + " | " + method_label(items[i].run->method) + " | " + std::to_string(j - i) + " | " +
          finite_mean_sd(rho, 3, true) + " | " + finite_mean_sd(tau, 3, true) + " | " + finite_mean_sd(overlap, 3, true) +
          " |\n";
    i = j;
  }
  return md;
}

std::string shap_csv(const std::vector<ShapAgreement>& items) {
  std::string csv = "dataset,method,seed,features,spearman_rho,kendall_tau_b,k,top_k_overlap\n";
  for (const auto& item : items) {
    csv += item.run->dataset + "," + item.run->method + "," + std::to_string(item.run->seed) + "," +
           std::to_string(item.features);
    for (double v : {item.agreement.spearman_rho, item.agreement.kendall_tau_b}) csv += "," + io::format_double(v);
    csv += "," + std::to_string(item.agreement.k) + "," + io::format_double(item.agreement.top_k_overlap) + "\n";
  }
  return csv;
}

struct RunSpectrum {
  const Run* run = nullptr;
  std::vector<EsdRow> layers;
};

std::string esd_markdown(const std::vector<RunSpectrum>& spectra) {
  std::size_t layers = 0;
  for (const auto& s : spectra) layers = std::max(layers, s.layers.size());
  std::string md = "\n## Table 4: WeightWatcher alpha per layer\n\n"
                   "Power-law exponent α of the tail of each layer's eigenvalues of WᵀW/N and α_w = α log10 λ_max "
                   "(`legcnet esd`, docs/diag.md), mean over the seeds whose fit is meaningful (n/N when only n of N "
                   "are). Layers are named inputs–outputs. n/a: too few eigenvalues for a tail fit (fewer than 5; M, "
                   "the eigenvalue count, is min(inputs, outputs)); the paper's \"well-trained: α in 2..6\" comes from "
                   "layers with hundreds of eigenvalues.\n\n| dataset | model |";
  for (std::size_t l = 1; l <= layers; ++l) md += " layer " + std::to_string(l) + " α | α_w |";
  md += "\n|---|---|";
  for (std::size_t l = 0; l < layers; ++l) md += "---|---|";
  md += "\n";
  std::map<std::pair<std::string, std::string>, std::vector<const RunSpectrum*>> groups;
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& s : spectra) {
    const auto key = std::pair(s.run->dataset, s.run->method);
    if (groups[key].empty()) order.push_back(key);
    groups[key].push_back(&s);
  }
  std::string previous_dataset;
  for (const auto& key : order) {
    const auto& members = groups[key];
    std::string name;
    if (key.first != previous_dataset) {
      const auto& first = members.front()->layers;
      name = key.first + " (";
      for (std::size_t l = 0; l < first.size(); ++l)
        name += (l == 0 ? std::to_string(first[l].columns) + "–" : std::string("–")) + std::to_string(first[l].rows);
      name += ")";
      previous_dataset = key.first;
    }
    md += "| " + name + " | " + method_label(key.second) + " |";
    for (std::size_t l = 0; l < layers; ++l) {
      std::vector<double> alpha, weighted;
      for (const RunSpectrum* s : members) {
        if (l >= s->layers.size()) continue;
        const bool ok = s->layers[l].status == "ok";
        alpha.push_back(ok ? s->layers[l].alpha : std::numeric_limits<double>::quiet_NaN());
        weighted.push_back(ok ? s->layers[l].alpha_weighted : std::numeric_limits<double>::quiet_NaN());
      }
      md += " " + finite_mean_sd(alpha, 2, false) + " | " + finite_mean_sd(weighted, 2, false) + " |";
    }
    md += "\n";
  }
  return md;
}

std::string esd_csv(const std::vector<RunSpectrum>& spectra) {
  std::string csv = "dataset,method,seed,layer,rows,columns,n_eigenvalues,lambda_max,alpha,alpha_weighted,status\n";
  for (const auto& s : spectra)
    for (const auto& layer : s.layers) {
      csv += s.run->dataset + "," + s.run->method + "," + std::to_string(s.run->seed) + "," + std::to_string(layer.layer) +
             "," + std::to_string(layer.rows) + "," + std::to_string(layer.columns) + "," + std::to_string(layer.eigenvalues);
      for (double v : {layer.lambda_max, layer.alpha, layer.alpha_weighted}) csv += "," + io::format_double(v);
      csv += "," + layer.status + "\n";
    }
  return csv;
}

}  // namespace

Section shap_section(const RunIndex& index) {
  const auto items = shap_agreements(index);
  if (items.empty()) return {};
  return {shap_markdown(items), {{"shap-agreement.csv", shap_csv(items)}}};
}

Section esd_section(const RunIndex& index) {
  std::vector<RunSpectrum> spectra;
  for (const Run& run : index.runs()) {
    const auto file = run.dir / "esd.csv";
    if (run.retrained && !is_fixed_budget_method(run.method) && std::filesystem::is_regular_file(file)) spectra.push_back({&run, read_esd(file.string())});
  }
  if (spectra.empty()) return {};
  return {esd_markdown(spectra), {{"esd.csv", esd_csv(spectra)}}};
}

}  // namespace legcnet::stages::report_detail
