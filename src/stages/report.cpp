#include "legcnet/stages/report.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/csv.hpp"
#include "legcnet/io/number_format.hpp"
#include "legcnet/io/sha256.hpp"
#include "legcnet/stages/esd.hpp"
#include "legcnet/stages/shap.hpp"

namespace legcnet::stages {
namespace {

struct Row {
  std::string dataset, method;
  long long seed = 0;
  int epochs = 0;
  double train_acc = 0, test_acc = 0, test_f1 = 0;
  long long weights_total = 0, weights_kept = 0;
  double pct_pruned = 0, flops_forward = 0, flops_train = 0;
  std::string mask_sha256;  // of the mask the run was retrained with ("" for dense)
  std::filesystem::path dir;  // runs/DATASET/seedK/METHOD: mask.csv, shap-importance.csv, esd.csv
};

const std::vector<std::string> kDatasetOrder{"cancer", "titanic", "banknote", "iris", "iris3f", "vowel", "mnist"};
const std::vector<std::string> kMethodOrder{"dense", "ft", "pt", "random40", "random-ft", "magnitude25", "magnitude-ft"};

std::size_t order_of(const std::vector<std::string>& order, const std::string& name) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), name) - order.begin());
}

std::vector<Row> gather(const std::filesystem::path& runs) {
  if (!std::filesystem::is_directory(runs)) throw InputError(runs.string() + ": no such directory");
  std::vector<Row> rows;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(runs)) {
    if (entry.path().filename() != "summary.csv") continue;
    const auto relative = std::filesystem::relative(entry.path(), runs);
    const std::string path = entry.path().string();
    io::CsvReader reader(path);
    std::vector<std::string> header, fields;
    if (!reader.next(header) || !reader.next(fields) || fields.size() != header.size() || header.size() != 11)
      throw InputError(path, reader.line(), "not a summary.csv (one header and one row of 11 fields)");
    Row row;
    row.dataset = relative.begin()->string();
    row.method = fields[0];
    long long integer = 0;
    if (!io::parse_int64(fields[1], integer)) throw InputError(path, 2, 2, "seed is not an integer");
    row.seed = integer;
    row.epochs = static_cast<int>(reader.number(fields, 2));
    row.train_acc = reader.number(fields, 3);
    row.test_acc = reader.number(fields, 4);
    row.test_f1 = reader.number(fields, 5);
    row.weights_total = static_cast<long long>(reader.number(fields, 6));
    row.weights_kept = static_cast<long long>(reader.number(fields, 7));
    row.pct_pruned = reader.number(fields, 8);
    row.flops_forward = reader.number(fields, 9);
    row.flops_train = reader.number(fields, 10);
    row.dir = entry.path().parent_path().parent_path();
    const auto mask = row.dir / "mask.csv";
    if (std::filesystem::is_regular_file(mask)) row.mask_sha256 = io::sha256_file(mask);
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tuple(order_of(kDatasetOrder, a.dataset), a.dataset, order_of(kMethodOrder, a.method), a.method, a.seed) <
           std::tuple(order_of(kDatasetOrder, b.dataset), b.dataset, order_of(kMethodOrder, b.method), b.method, b.seed);
  });
  return rows;
}

struct Spread {
  double mean = 0, sd = 0, min = 0, max = 0;
  std::size_t n = 0;
};

template <typename Get>
Spread spread_of(const std::vector<const Row*>& rows, Get get) {
  Spread s;
  s.n = rows.size();
  if (rows.empty()) return s;
  s.min = s.max = get(*rows.front());
  for (const Row* row : rows) {
    const double value = get(*row);
    s.mean += value;
    s.min = std::min(s.min, value);
    s.max = std::max(s.max, value);
  }
  s.mean /= static_cast<double>(rows.size());
  for (const Row* row : rows) s.sd += (get(*row) - s.mean) * (get(*row) - s.mean);
  s.sd = rows.size() > 1 ? std::sqrt(s.sd / static_cast<double>(rows.size() - 1)) : 0.0;  // sample sd
  return s;
}

// The paper's convention: the best of the initialisations, i.e. the highest test accuracy
// (ties: higher F1, then fewer epochs, then the smaller seed).
const Row* best_of(const std::vector<const Row*>& rows) {
  const Row* best = nullptr;
  for (const Row* row : rows)
    if (best == nullptr ||
        std::tuple(row->test_acc, row->test_f1, -row->epochs, -row->seed) >
            std::tuple(best->test_acc, best->test_f1, -best->epochs, -best->seed))
      best = row;
  return best;
}

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string mean_sd(const Spread& s, int digits) {
  return s.n == 0 ? "-" : fixed(s.mean, digits) + " ± " + fixed(s.sd, digits);
}

// SPEC section 10: the paper's best-of-5 numbers.
struct PaperRow {
  std::string dense_weights, ft_weights, dense_epochs, ft_epochs, dense_acc, ft_acc, dense_f1, ft_f1, ft_pruned;
  std::string pt_weights, pt_epochs, pt_acc, pt_f1, pt_pruned;
  std::string baseline_epochs, random_acc, magnitude_acc, random_f1, magnitude_f1;
};
const std::map<std::string, PaperRow> kPaper{
    {"cancer", {"60", "54", "70", "38", "0.8759", "0.8686", "0.8656", "0.8570", "10.00", "42", "24", "0.8759", "0.8643", "30.00", "42", "0.8759", "0.8905", "0.8656", "0.8814"}},
    {"titanic", {"56", "52", "43", "20", "0.7225", "0.7177", "0.6948", "0.6843", "7.14", "29", "36", "0.7249", "0.6969", "48.21", "35", "0.7201", "0.7201", "0.6842", "0.6906"}},
    {"banknote", {"40", "36", "9", "7", "0.9018", "0.8909", "0.9016", "0.8906", "10.00", "37", "6", "0.8945", "0.8943", "7.50", "6", "0.8945", "0.9018", "0.8943", "0.9015"}},
    {"iris", {"42", "40", "182", "166", "0.9000", "0.9000", "0.9124", "0.9419", "4.76", "40", "173", "0.9000", "0.9124", "4.76", "179", "0.9000", "0.9000", "0.9124", "0.9124"}},
    {"iris3f", {"36", "26", "139", "126", "0.9000", "0.9000", "0.9330", "0.9040", "27.78", "28", "135", "0.9333", "0.9330", "22.22", "160", "0.9000", "0.9333", "0.9330", "0.9330"}},
    {"vowel", {"36", "34", "36", "14", "0.7462", "0.7538", "0.7307", "0.7400", "5.56", "28", "20", "0.7538", "0.7441", "22.22", "28", "0.7462", "0.7462", "0.7229", "0.7307"}},
    {"mnist", {"41000", "40861", "27", "30", "0.9121", "0.9165", "0.8669", "0.8781", "0.34", "40867", "29", "0.9152", "0.8408", "0.32", "31", "0.9119", "0.9121", "0.8627", "0.8669"}},
};

std::string tables_markdown(const std::vector<Row>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<const Row*>> groups;
  std::vector<std::string> datasets;
  for (const Row& row : rows) {
    groups[{row.dataset, row.method}].push_back(&row);
    if (std::find(datasets.begin(), datasets.end(), row.dataset) == datasets.end()) datasets.push_back(row.dataset);
  }
  auto group = [&](const std::string& d, const std::string& m) -> const std::vector<const Row*>& {
    static const std::vector<const Row*> none;
    auto found = groups.find({d, m});
    return found == groups.end() ? none : found->second;
  };
  auto best = [&](const std::string& d, const std::string& m) { return best_of(group(d, m)); };
  auto cell = [](const Row* row, auto get, int digits) { return row == nullptr ? std::string("-") : fixed(get(*row), digits); };
  auto acc = [](const Row& r) { return r.test_acc; };
  auto f1 = [](const Row& r) { return r.test_f1; };
  auto epochs = [](const Row& r) { return static_cast<double>(r.epochs); };
  auto kept = [](const Row& r) { return static_cast<double>(r.weights_kept); };
  auto pruned = [](const Row& r) { return r.pct_pruned; };
  auto paper = [](const std::string& d) -> const PaperRow* {
    auto found = kPaper.find(d);
    return found == kPaper.end() ? nullptr : &found->second;
  };
  std::size_t seeds = 0;
  for (const auto& [key, members] : groups) seeds = std::max(seeds, members.size());

  std::string md = "# legcnet results\n\nTest-set figures; " + std::to_string(seeds) +
                   " seeds per dataset (seed = initialisation, sample order and split). \"best\" is the paper's "
                   "convention, the seed with the highest test accuracy; \"mean ± sd\" is over all seeds. "
                   "Paper values (SPEC section 10) in the *paper* rows. Epochs are those retrain-sparse needed to "
                   "reach the benchmark training accuracy (dense: the same rule with no weight pruned).\n\n";
  md += "## Table 1: dense vs LEGCNet-FT\n\n| dataset | | weights dense / FT | epochs dense / FT | acc dense / FT | F1 dense / FT | % pruned |\n|---|---|---|---|---|---|---|\n";
  for (const auto& d : datasets) {
    const Row *dense = best(d, "dense"), *ft = best(d, "ft");
    md += "| " + d + " | best | " + cell(dense, kept, 0) + " / " + cell(ft, kept, 0) + " | " + cell(dense, epochs, 0) + " / " +
          cell(ft, epochs, 0) + " | " + cell(dense, acc, 4) + " / " + cell(ft, acc, 4) + " | " + cell(dense, f1, 4) + " / " +
          cell(ft, f1, 4) + " | " + cell(ft, pruned, 2) + " |\n";
    md += "| | mean ± sd | " + mean_sd(spread_of(group(d, "dense"), kept), 1) + " / " + mean_sd(spread_of(group(d, "ft"), kept), 1) +
          " | " + mean_sd(spread_of(group(d, "dense"), epochs), 1) + " / " + mean_sd(spread_of(group(d, "ft"), epochs), 1) +
          " | " + mean_sd(spread_of(group(d, "dense"), acc), 4) + " / " + mean_sd(spread_of(group(d, "ft"), acc), 4) + " | " +
          mean_sd(spread_of(group(d, "dense"), f1), 4) + " / " + mean_sd(spread_of(group(d, "ft"), f1), 4) + " | " +
          mean_sd(spread_of(group(d, "ft"), pruned), 2) + " |\n";
    if (const PaperRow* p = paper(d))
      md += "| | *paper* | " + p->dense_weights + " / " + p->ft_weights + " | " + p->dense_epochs + " / " + p->ft_epochs +
            " | " + p->dense_acc + " / " + p->ft_acc + " | " + p->dense_f1 + " / " + p->ft_f1 + " | " + p->ft_pruned + " |\n";
  }
  md += "\n## Table 2: LEGCNet-PT\n\n| dataset | | weights | epochs | acc | F1 | % pruned |\n|---|---|---|---|---|---|---|\n";
  for (const auto& d : datasets) {
    const Row* pt = best(d, "pt");
    const auto& g = group(d, "pt");
    md += "| " + d + " | best | " + cell(pt, kept, 0) + " | " + cell(pt, epochs, 0) + " | " + cell(pt, acc, 4) + " | " +
          cell(pt, f1, 4) + " | " + cell(pt, pruned, 2) + " |\n";
    md += "| | mean ± sd | " + mean_sd(spread_of(g, kept), 1) + " | " + mean_sd(spread_of(g, epochs), 1) + " | " +
          mean_sd(spread_of(g, acc), 4) + " | " + mean_sd(spread_of(g, f1), 4) + " | " + mean_sd(spread_of(g, pruned), 2) + " |\n";
    if (const PaperRow* p = paper(d))
      md += "| | *paper* | " + p->pt_weights + " | " + p->pt_epochs + " | " + p->pt_acc + " | " + p->pt_f1 + " | " +
            p->pt_pruned + " |\n";
  }
  md += "\n## Table 3: random (40%) and magnitude (25%) pruning\n\n| dataset | | epochs random / magnitude | acc random / magnitude | F1 random / magnitude |\n|---|---|---|---|---|\n";
  for (const auto& d : datasets) {
    const Row *r = best(d, "random40"), *m = best(d, "magnitude25");
    md += "| " + d + " | best | " + cell(r, epochs, 0) + " / " + cell(m, epochs, 0) + " | " + cell(r, acc, 4) + " / " +
          cell(m, acc, 4) + " | " + cell(r, f1, 4) + " / " + cell(m, f1, 4) + " |\n";
    md += "| | mean ± sd | " + mean_sd(spread_of(group(d, "random40"), epochs), 1) + " / " +
          mean_sd(spread_of(group(d, "magnitude25"), epochs), 1) + " | " + mean_sd(spread_of(group(d, "random40"), acc), 4) +
          " / " + mean_sd(spread_of(group(d, "magnitude25"), acc), 4) + " | " +
          mean_sd(spread_of(group(d, "random40"), f1), 4) + " / " + mean_sd(spread_of(group(d, "magnitude25"), f1), 4) + " |\n";
    if (const PaperRow* p = paper(d))
      md += "| | *paper* | " + p->baseline_epochs + " | " + p->random_acc + " / " + p->magnitude_acc + " | " + p->random_f1 +
            " / " + p->magnitude_f1 + " |\n";
  }
  md += "\n## Table 3b: random and magnitude pruning of as many weights as LEGCNet-FT (mean ± sd)\n\n"
        "| dataset | % pruned | acc LEGCNet-FT | acc random | acc magnitude | epochs FT / random / magnitude |\n|---|---|---|---|---|---|\n";
  for (const auto& d : datasets)
    md += "| " + d + " | " + mean_sd(spread_of(group(d, "ft"), pruned), 2) + " | " + mean_sd(spread_of(group(d, "ft"), acc), 4) +
          " | " + mean_sd(spread_of(group(d, "random-ft"), acc), 4) + " | " +
          mean_sd(spread_of(group(d, "magnitude-ft"), acc), 4) + " | " + mean_sd(spread_of(group(d, "ft"), epochs), 1) + " / " +
          mean_sd(spread_of(group(d, "random-ft"), epochs), 1) + " / " + mean_sd(spread_of(group(d, "magnitude-ft"), epochs), 1) +
          " |\n";
  return md;
}

std::string method_label(const std::string& method) {
  static const std::map<std::string, std::string> labels{
      {"dense", "dense"},           {"ft", "LEGCNet-FT"},          {"pt", "LEGCNet-PT"},
      {"random40", "random 40%"},   {"magnitude25", "magnitude 25%"}, {"random-ft", "random, FT count"},
      {"magnitude-ft", "magnitude, FT count"}};
  auto found = labels.find(method);
  return found == labels.end() ? method : found->second;
}

// SHAP (SPEC section 9): each pruned model's mean |SHAP| per feature against the dense model's of
// the same dataset and seed; runs without shap-importance.csv are left out.
struct ShapAgreement {
  const Row* run = nullptr;
  std::size_t features = 0;
  diag::RankAgreement agreement;
};
constexpr std::size_t kShapTopK = 3;

std::vector<ShapAgreement> shap_agreements(const std::vector<Row>& rows) {
  std::vector<ShapAgreement> result;
  for (const Row& dense : rows) {
    const auto dense_file = dense.dir / "shap-importance.csv";
    if (dense.method != "dense" || !std::filesystem::is_regular_file(dense_file)) continue;
    const auto reference = read_shap_importance(dense_file.string());
    for (const Row& row : rows) {
      const auto file = row.dir / "shap-importance.csv";
      if (row.method == "dense" || row.dataset != dense.dataset || row.seed != dense.seed ||
          !std::filesystem::is_regular_file(file))
        continue;
      const auto importance = read_shap_importance(file.string());
      ShapAgreement item;
      item.run = &row;
      item.features = importance.values.size();
      item.agreement = importance_agreement(reference, dense_file.string(), importance, file.string(), kShapTopK);
      result.push_back(item);
    }
  }
  std::sort(result.begin(), result.end(), [](const ShapAgreement& a, const ShapAgreement& b) {
    return std::tuple(order_of(kDatasetOrder, a.run->dataset), a.run->dataset, order_of(kMethodOrder, a.run->method),
                      a.run->method, a.run->seed) <
           std::tuple(order_of(kDatasetOrder, b.run->dataset), b.run->dataset, order_of(kMethodOrder, b.run->method),
                      b.run->method, b.run->seed);
  });
  return result;
}

// Mean ± sd over the finite values; "(n/N)" when some seeds have none.
std::string finite_mean_sd(const std::vector<double>& values, int digits, bool with_sd) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return "n/a";
  double mean = 0, sd = 0;
  for (double v : finite) mean += v;
  mean /= static_cast<double>(finite.size());
  for (double v : finite) sd += (v - mean) * (v - mean);
  sd = finite.size() > 1 ? std::sqrt(sd / static_cast<double>(finite.size() - 1)) : 0.0;
  std::string text = fixed(mean, digits) + (with_sd ? " ± " + fixed(sd, digits) : "");
  if (finite.size() < values.size()) text += " (" + std::to_string(finite.size()) + "/" + std::to_string(values.size()) + ")";
  return text;
}

std::string shap_markdown(const std::vector<ShapAgreement>& items) {
  std::string md = "\n## SHAP: feature importance of each pruned model against the dense model\n\n"
                   "Mean |SHAP value| per feature on the test split (the predicted class explained, the training split's "
                   "mean as background), each pruned model's ranking of the features against the dense model's of the same "
                   "seed; mean ± sd over seeds (n/N: only n of N seeds defined; a constant importance, as when pruning cut "
                   "the output off the inputs and every SHAP value is 0, ranks nothing). Top-" + std::to_string(kShapTopK) + " overlap: the share of the dense model's " +
                   std::to_string(kShapTopK) + " most important features among the pruned model's (every feature when there "
                   "are fewer).\n\n| dataset | method | seeds | Spearman ρ | Kendall τ-b | top-" + std::to_string(kShapTopK) +
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

// WeightWatcher (SPEC section 9): esd.csv of every run that has one.
struct RunSpectrum {
  const Row* run = nullptr;
  std::vector<EsdRow> layers;
};

std::vector<RunSpectrum> gather_spectra(const std::vector<Row>& rows) {
  std::vector<RunSpectrum> result;
  for (const Row& row : rows) {
    const auto file = row.dir / "esd.csv";
    if (std::filesystem::is_regular_file(file)) result.push_back({&row, read_esd(file.string())});
  }
  return result;
}

// The paper's Table 4: per model, alpha and alpha_weighted of every layer (here the mean over seeds).
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

// Regression: per (dataset, method), epochs and mask exactly, test accuracy and % pruned within
// the bands the file states. Returns the mismatches, one line each.
std::vector<std::string> compare_with_expected(const std::vector<Row>& rows, const std::string& path) {
  io::CsvReader reader(path);
  std::vector<std::string> header, fields;
  if (!reader.next(header)) throw InputError(path, 1, "empty file");
  auto column = [&](const std::string& name) { return io::header_column(header, name, path); };
  const auto c_dataset = column("dataset"), c_method = column("method"), c_seed = column("seed"),
             c_epochs = column("epochs"), c_mask = column("mask_sha256"), c_acc = column("test_acc"),
             c_acc_band = column("test_acc_band"), c_pruned = column("pct_pruned"), c_pruned_band = column("pct_pruned_band");
  std::vector<std::string> problems;
  std::set<std::tuple<std::string, std::string, std::string>> expected_keys;
  while (reader.next(fields)) {
    if (fields.size() != header.size()) throw InputError(path, reader.line(), "wrong field count");
    const std::string where = fields[c_dataset] + "/" + fields[c_method] + " seed " + fields[c_seed];
    expected_keys.insert({fields[c_dataset], fields[c_method], fields[c_seed]});
    auto found = std::find_if(rows.begin(), rows.end(), [&](const Row& r) {
      return r.dataset == fields[c_dataset] && r.method == fields[c_method] && std::to_string(r.seed) == fields[c_seed];
    });
    if (found == rows.end()) {
      problems.push_back(where + ": no run");
      continue;
    }
    if (std::to_string(found->epochs) != fields[c_epochs])
      problems.push_back(where + ": epochs " + std::to_string(found->epochs) + ", expected " + fields[c_epochs]);
    if (found->mask_sha256 != fields[c_mask]) problems.push_back(where + ": mask differs from the expected one");
    const double acc = reader.number(fields, c_acc), acc_band = reader.number(fields, c_acc_band);
    if (std::abs(found->test_acc - acc) > acc_band)
      problems.push_back(where + ": test accuracy " + fixed(found->test_acc, 4) + " outside " + fixed(acc, 4) + " ± " +
                         fixed(acc_band, 4));
    const double pruned = reader.number(fields, c_pruned), pruned_band = reader.number(fields, c_pruned_band);
    if (std::abs(found->pct_pruned - pruned) > pruned_band)
      problems.push_back(where + ": % pruned " + fixed(found->pct_pruned, 2) + " outside " + fixed(pruned, 2) + " ± " +
                         fixed(pruned_band, 2));
  }
  for (const Row& row : rows)
    if (expected_keys.count({row.dataset, row.method, std::to_string(row.seed)}) == 0)
      problems.push_back(row.dataset + "/" + row.method + " seed " + std::to_string(row.seed) +
                         ": ran but has no expectation in " + path);
  return problems;
}

}  // namespace

int report(const ReportOptions& options) {
  const auto rows = gather(options.runs);
  if (rows.empty()) throw InputError(options.runs + ": no summary.csv below it");
  const std::filesystem::path out(options.out);
  io::AtomicFileSet files;
  std::string summary = "dataset,method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                        "flops_forward,flops_train,mask_sha256\n";
  for (const Row& r : rows) {
    summary += r.dataset + "," + r.method + "," + std::to_string(r.seed) + "," + std::to_string(r.epochs);
    for (double v : {r.train_acc, r.test_acc, r.test_f1}) summary += "," + io::format_double(v);
    summary += "," + std::to_string(r.weights_total) + "," + std::to_string(r.weights_kept);
    for (double v : {r.pct_pruned, r.flops_forward, r.flops_train}) summary += "," + io::format_double(v);
    summary += "," + r.mask_sha256 + "\n";
  }
  files.open(out / "summary.csv").stream() << summary;

  std::map<std::pair<std::string, std::string>, std::vector<const Row*>> groups;
  for (const Row& row : rows) groups[{row.dataset, row.method}].push_back(&row);
  std::string spread = "dataset,method,seeds,test_acc_mean,test_acc_sd,pct_pruned_mean,pct_pruned_sd,epochs_mean,epochs_sd\n";
  for (const Row& row : rows) {
    const auto& members = groups[{row.dataset, row.method}];
    if (members.front() != &row) continue;
    const auto acc = spread_of(members, [](const Row& r) { return r.test_acc; });
    const auto pruned = spread_of(members, [](const Row& r) { return r.pct_pruned; });
    const auto epochs = spread_of(members, [](const Row& r) { return static_cast<double>(r.epochs); });
    spread += row.dataset + "," + row.method + "," + std::to_string(members.size());
    for (double v : {acc.mean, acc.sd, pruned.mean, pruned.sd, epochs.mean, epochs.sd}) spread += "," + io::format_double(v);
    spread += "\n";
  }
  files.open(out / "spread.csv").stream() << spread;
  // The diagnostics appear only when some run has them (make experiment; not make regression).
  const auto agreements = shap_agreements(rows);
  const auto spectra = gather_spectra(rows);
  std::string tables = tables_markdown(rows);
  if (!spectra.empty()) {
    tables += esd_markdown(spectra);
    files.open(out / "esd.csv").stream() << esd_csv(spectra);
  }
  if (!agreements.empty()) {
    tables += shap_markdown(agreements);
    files.open(out / "shap-agreement.csv").stream() << shap_csv(agreements);
  }
  files.open(out / "tables.md").stream() << tables;
  files.commit_all();
  spdlog::info("report: {} runs -> {}/summary.csv, spread.csv, tables.md{}{}", rows.size(), options.out,
               spectra.empty() ? "" : ", esd.csv", agreements.empty() ? "" : ", shap-agreement.csv");
  if (options.expected.empty()) return 0;
  const auto problems = compare_with_expected(rows, options.expected);
  for (const auto& problem : problems) spdlog::error("regression: {}", problem);
  if (problems.empty()) spdlog::info("regression: every run within its expectation ({} runs)", rows.size());
  return static_cast<int>(problems.size());
}

}  // namespace legcnet::stages
