#pragma once
// legcnet esd: the empirical spectral density of every layer's weights (WeightWatcher's alpha).
#include <cstddef>
#include <string>
#include <vector>

namespace legcnet::stages {

struct EsdOptions {
  std::string model;     // model.csv (name,value); its weight names decide the architecture
  std::string mask;      // mask.csv; pruned weights are set to 0 (empty: keep every weight)
  std::size_t min_eigenvalues = 5;  // fewer: status too_few_eigenvalues (still reported)
  std::size_t min_tail = 5;         // smallest tail a candidate xmin may leave
  std::string out;       // esd.csv, one row per layer
  std::string spectrum;  // optional: every eigenvalue (layer,index,eigenvalue)
  bool force = false;    // a mask of another run than the model's (their records disagree)
};

// Writes esd.csv: layer,rows,columns,n_eigenvalues,lambda_max,alpha,alpha_weighted,xmin,
// ks_distance,tail_count,mp_lambda_plus,above_bulk,status (every layer, status saying when the
// fit means nothing) and, with `spectrum`, every eigenvalue.
void esd(const EsdOptions& options);

// One row of esd.csv, as `legcnet report` reads it back.
struct EsdRow {
  int layer = 0;
  long long rows = 0, columns = 0, eigenvalues = 0;
  double lambda_max = 0, alpha = 0, alpha_weighted = 0;
  std::string status;
};
std::vector<EsdRow> read_esd(const std::string& path);  // throws InputError naming file, line, column

}  // namespace legcnet::stages
