#include "legcnet/stages/report.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "legcnet/error.hpp"
#include "legcnet/io/atomic_file.hpp"
#include "legcnet/io/number_format.hpp"
#include "report/sections.hpp"

namespace legcnet::stages {
namespace {

using namespace report_detail;

// Every run, one row: the summary.csv fields, then any further summary column some run has.
std::string summary_csv(const RunIndex& index) {
  std::vector<std::string> extra_columns;
  for (const Run& run : index.runs())
    for (const auto& [name, value] : run.extra)
      if (std::find(extra_columns.begin(), extra_columns.end(), name) == extra_columns.end()) extra_columns.push_back(name);
  std::string csv = "dataset,method,seed,epochs,train_acc,test_acc,test_f1_macro,weights_total,weights_kept,pct_pruned,"
                    "flops_forward,flops_train,mask_sha256";
  for (const auto& name : extra_columns) csv += "," + name;
  csv += "\n";
  for (const Run& r : index.runs()) {
    csv += r.dataset + "," + r.method + "," + std::to_string(r.seed) + "," + std::to_string(r.epochs);
    for (double v : {r.train_acc, r.test_acc, r.test_f1}) csv += "," + io::format_double(v);
    csv += "," + std::to_string(r.weights_total) + "," + std::to_string(r.weights_kept);
    for (double v : {r.pct_pruned, r.flops_forward, r.flops_train}) csv += "," + io::format_double(v);
    csv += "," + r.mask_sha256;
    for (const auto& name : extra_columns) csv += "," + io::format_double(r.value(name));
    csv += "\n";
  }
  return csv;
}

// Mean and sd per dataset and method.
std::string spread_csv(const RunIndex& index) {
  std::string csv = "dataset,method,seeds,test_acc_mean,test_acc_sd,pct_pruned_mean,pct_pruned_sd,epochs_mean,epochs_sd\n";
  for (const auto& dataset : index.datasets())
    for (const auto& method : index.methods()) {
      const auto& runs = index.group(dataset, method);
      if (runs.empty()) continue;
      const auto acc = spread_of(runs, [](const Run& r) { return r.test_acc; });
      const auto pruned = spread_of(runs, [](const Run& r) { return r.pct_pruned; });
      const auto epochs = spread_of(runs, [](const Run& r) { return r.epochs; });
      csv += dataset + "," + method + "," + std::to_string(runs.size());
      for (double v : {acc.mean, acc.sd, pruned.mean, pruned.sd, epochs.mean, epochs.sd}) csv += "," + io::format_double(v);
      csv += "\n";
    }
  return csv;
}

}  // namespace

int report(const ReportOptions& options) {
  const RunIndex index(gather_runs(options.runs, options.out));
  if (index.runs().empty()) throw InputError(options.runs + ": no summary.csv below it");
  const std::filesystem::path out(options.out);
  io::AtomicFileSet files;
  files.open(out / "summary.csv").stream() << summary_csv(index);
  files.open(out / "spread.csv").stream() << spread_csv(index);

  std::string tables = "# legcnet results\n\nTest-set figures over " + std::to_string(index.max_seeds()) +
                       " seeds per dataset (a seed fixes the initialisation, the sample order and the split).\n\n";
  std::vector<std::string> written{"summary.csv", "spread.csv", "tables.md"};
  for (auto section : {comparison_section, fixed_budget_section, matched_section, unretrained_section, sweep_section,
                       evidence_section, paper_tables_section, esd_section, shap_section, chaos_section}) {
    const Section part = section(index);
    tables += part.markdown;
    for (const auto& [name, text] : part.files) {
      files.open(out / name).stream() << text;
      written.push_back(name);
    }
  }
  files.open(out / "tables.md").stream() << tables;
  files.commit_all();
  std::string list;
  for (const auto& name : written) list += (list.empty() ? "" : ", ") + name;
  spdlog::info("report: {} runs -> {}/{{{}}}", index.runs().size(), options.out, list);
  if (options.expected.empty()) return 0;
  const auto problems = compare_with_expected(index, options.expected);
  for (const auto& problem : problems) spdlog::error("regression: {}", problem);
  if (problems.empty()) spdlog::info("regression: every run within its expectation ({} runs)", index.runs().size());
  return static_cast<int>(problems.size());
}

}  // namespace legcnet::stages
