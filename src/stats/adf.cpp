#include "legcnet/stats/adf.hpp"

#include "legcnet/error.hpp"
#include "legcnet/stats/ols.hpp"

#include <Eigen/Core>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <string>

namespace legcnet::stats {

namespace {

struct LagChoice {
  int lag = 0;
  double criterion = std::numeric_limits<double>::quiet_NaN();
};

// statsmodels' add_trend(has_constant='skip') silently drops the intercept when a regressor is a
// nonzero constant; the ADF statistic then means something else, so that case is reported instead.
bool has_nonzero_constant_column(const Eigen::Ref<const Eigen::MatrixXd>& regressors) {
  for (Eigen::Index c = 0; c < regressors.cols(); ++c) {
    const auto column = regressors.col(c);
    if (column[0] != 0.0 && (column.array() == column[0]).all()) return true;
  }
  return false;
}

// Rows t = lag..n-2 of the ADF regression of diff[t] on x[t], diff[t-1..t-lag] (columns in that
// order, starting at `first_column`).
void fill_adf_regressors(std::span<const double> x, const Eigen::VectorXd& diff, int lag, int rows_from,
                         Eigen::MatrixXd& design, Eigen::Index first_column) {
  const Eigen::Index rows = design.rows();
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Eigen::Index t = rows_from + r;
    design(r, first_column) = x[static_cast<std::size_t>(t)];
    for (int j = 1; j <= lag; ++j) design(r, first_column + j) = diff[t - j];
  }
}

double criterion_value(AdfAutolag autolag, double rss, double nobs, double k) {
  const double llf = gaussian_llf(rss, nobs);
  return autolag == AdfAutolag::bic ? schwarz(llf, k, nobs) : akaike(llf, k);
}

// statsmodels' _autolag: every lag 0..max_lag fitted on the same rows t = max_lag..n-2 with
// columns [1, x_t, diff_{t-1}, ..., diff_{t-lag}]; these designs are nested, so one QR of the
// widest one gives every fit's residual sum of squares (the tail of Q'b past its columns).
LagChoice search_lag(std::span<const double> x, const Eigen::VectorXd& diff, int max_lag, AdfAutolag autolag) {
  const auto n = static_cast<Eigen::Index>(x.size());
  const Eigen::Index rows = n - 1 - max_lag;
  Eigen::MatrixXd design(rows, max_lag + 2);
  design.col(0).setOnes();
  fill_adf_regressors(x, diff, max_lag, max_lag, design, 1);
  const Eigen::VectorXd response = diff.segment(max_lag, rows);

  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(design);
  Eigen::VectorXd rotated = response;
  rotated.applyOnTheLeft(qr.householderQ().adjoint());
  Eigen::VectorXd tail(rotated.size() + 1);
  tail[rotated.size()] = 0.0;
  for (Eigen::Index i = rotated.size(); i-- > 0;) tail[i] = tail[i + 1] + rotated[i] * rotated[i];

  const auto nobs = static_cast<double>(rows);
  LagChoice best;
  double largest_diagonal = 0.0;
  bool prefix_full_rank = true;
  for (int lag = 0; lag <= max_lag; ++lag) {
    const Eigen::Index k = lag + 2;
    for (Eigen::Index i = (lag == 0 ? 0 : k - 1); i < k; ++i) {
      largest_diagonal = std::max(largest_diagonal, std::abs(qr.matrixQR()(i, i)));
    }
    for (Eigen::Index i = 0; i < k && prefix_full_rank; ++i) {
      prefix_full_rank = std::abs(qr.matrixQR()(i, i)) > rank_tolerance(k) * largest_diagonal;
    }
    double value = 0.0;
    if (prefix_full_rank) {
      value = criterion_value(autolag, tail[k], nobs, static_cast<double>(k));
    } else {  // rare: dependent columns; fit this prefix on its own, as statsmodels does
      const OlsFit fit = ols(design.leftCols(k), response);
      value = criterion_value(autolag, fit.rss, nobs, static_cast<double>(fit.rank));
    }
    if (lag == 0 || value < best.criterion) best = {lag, value};
  }
  return best;
}

int default_max_lag(int n) {
  return static_cast<int>(std::ceil(12.0 * std::pow(static_cast<double>(n) / 100.0, 0.25)));
}

}  // namespace

std::string_view to_string(AdfStatus status) noexcept {
  switch (status) {
    case AdfStatus::ok: return "ok";
    case AdfStatus::constant: return "constant";
    case AdfStatus::too_short: return "too_short";
    case AdfStatus::nonfinite: return "nonfinite";
    case AdfStatus::degenerate: return "degenerate";
  }
  return "unknown";
}

AdfResult adf(std::span<const double> x, const AdfOptions& options) {
  if (options.max_lag && *options.max_lag < 0) {
    throw InputError("adf: max_lag must be >= 0, got " + std::to_string(*options.max_lag));
  }
  AdfResult result;
  if (!std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); })) {
    result.status = AdfStatus::nonfinite;
    return result;
  }
  const int n = static_cast<int>(x.size());
  const int cap = n / 2 - 2;  // n // 2 - ntrend - 1 with a constant only
  if (n == 0 || cap < 0) {
    result.status = AdfStatus::too_short;
    return result;
  }
  if (std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; })) {
    result.status = AdfStatus::constant;
    return result;
  }
  const int max_lag = options.max_lag ? *options.max_lag : std::min(cap, default_max_lag(n));
  if (max_lag > cap) {
    result.status = AdfStatus::too_short;
    return result;
  }
  result.max_lag = max_lag;

  Eigen::VectorXd diff(n - 1);
  for (int t = 0; t + 1 < n; ++t) {
    diff[t] = x[static_cast<std::size_t>(t) + 1] - x[static_cast<std::size_t>(t)];
  }

  int used_lag = max_lag;
  if (options.autolag != AdfAutolag::none) {
    Eigen::MatrixXd widest(n - 1 - max_lag, max_lag + 1);
    fill_adf_regressors(x, diff, max_lag, max_lag, widest, 0);
    if (has_nonzero_constant_column(widest)) {
      result.status = AdfStatus::degenerate;
      return result;
    }
    const LagChoice choice = search_lag(x, diff, max_lag, options.autolag);
    used_lag = choice.lag;
    result.icbest = choice.criterion;
  }

  // The chosen lag re-fitted on every row it allows: t = used_lag..n-2.
  const int rows = n - 1 - used_lag;
  Eigen::MatrixXd design(rows, used_lag + 2);
  fill_adf_regressors(x, diff, used_lag, used_lag, design, 0);
  design.col(used_lag + 1).setOnes();
  result.used_lag = used_lag;
  result.nobs = rows;
  result.critical = mackinnon_crit(static_cast<double>(rows));
  if (has_nonzero_constant_column(design.leftCols(used_lag + 1))) {
    result.status = AdfStatus::degenerate;
    return result;
  }
  const OlsFit fit = ols(design, diff.segment(used_lag, rows));
  const double statistic = fit.t_value(0);
  if (!std::isfinite(statistic) || !(fit.rss > 0.0)) {
    result.status = AdfStatus::degenerate;
    return result;
  }
  result.statistic = statistic;
  result.p_value = mackinnon_p(statistic);
  result.status = AdfStatus::ok;
  return result;
}

}  // namespace legcnet::stats
