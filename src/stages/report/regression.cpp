// make regression: one seed of the experiment against tests/regression/expected.csv.
#include <cmath>
#include <set>
#include <tuple>

#include "legcnet/error.hpp"
#include "legcnet/io/csv.hpp"
#include "sections.hpp"

namespace legcnet::stages::report_detail {

std::vector<std::string> compare_with_expected(const RunIndex& index, const std::string& path) {
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
    const Run* found = nullptr;
    for (const Run* run : index.group(fields[c_dataset], fields[c_method]))
      if (std::to_string(run->seed) == fields[c_seed]) found = run;
    if (found == nullptr) {
      problems.push_back(where + ": no run");
      continue;
    }
    if (std::to_string(found->epochs) != fields[c_epochs])
      problems.push_back(where + ": epochs " + std::to_string(found->epochs) + ", expected " + fields[c_epochs]);
    if (found->mask_sha256 != fields[c_mask]) problems.push_back(where + ": mask differs from the expected one");
    const double acc = reader.finite(fields, c_acc), acc_band = reader.finite(fields, c_acc_band);
    if (std::abs(found->test_acc - acc) > acc_band)
      problems.push_back(where + ": test accuracy " + fixed(found->test_acc, 4) + " outside " + fixed(acc, 4) + " ± " +
                         fixed(acc_band, 4));
    const double pruned = reader.finite(fields, c_pruned), pruned_band = reader.finite(fields, c_pruned_band);
    if (std::abs(found->pct_pruned - pruned) > pruned_band)
      problems.push_back(where + ": % pruned " + fixed(found->pct_pruned, 2) + " outside " + fixed(pruned, 2) + " ± " +
                         fixed(pruned_band, 2));
  }
  for (const Run& run : index.runs())
    if (expected_keys.count({run.dataset, run.method, std::to_string(run.seed)}) == 0)
      problems.push_back(run.dataset + "/" + run.method + " seed " + std::to_string(run.seed) +
                         ": ran but has no expectation in " + path);
  return problems;
}

}  // namespace legcnet::stages::report_detail
