#include "legcnet/stats/granger.hpp"

#include "granger_detail.hpp"
#include "legcnet/error.hpp"
#include "legcnet/stats/distributions.hpp"
#include "legcnet/stats/ols.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string>

namespace legcnet::stats {

namespace detail {

bool lagged_column_constant(std::span<const double> series, int lag, int shift) {
  // Column of series[t - shift] over the rows t = lag..n-1.
  const std::size_t first = static_cast<std::size_t>(lag - shift);
  const std::size_t last = series.size() - static_cast<std::size_t>(shift);  // one past
  const double value = series[first];
  return std::all_of(series.begin() + static_cast<std::ptrdiff_t>(first),
                     series.begin() + static_cast<std::ptrdiff_t>(last), [&](double v) { return v == value; });
}

double centered_tss(std::span<const double> series, int lag) {
  const auto rows = static_cast<Eigen::Index>(series.size()) - lag;
  const Eigen::Map<const Eigen::VectorXd> tail(series.data() + lag, rows);
  return (tail.array() - tail.mean()).square().sum();
}

void finish_lag_test(GrangerLagTest& test, double tss, double rank_unrestricted) {
  const double rss_r = test.rss_restricted;
  const double rss_u = test.rss_unrestricted;
  // statsmodels raises InfeasibleTestError for these: the statistic would divide by ~0.
  if (tss == 0.0 || rss_u == 0.0 || std::isnan(rss_u) || rss_u / tss < std::numeric_limits<double>::epsilon()) {
    test.status = LagStatus::perfect_fit;
    return;
  }
  const double lag = test.lag;
  test.df_denom = static_cast<double>(test.nobs) - rank_unrestricted;
  // Same order of operations as statsmodels, so the last bits agree as often as possible.
  test.f_stat = (rss_r - rss_u) / rss_u / lag * test.df_denom;
  test.f_p_value = f_sf(test.f_stat, lag, test.df_denom);
  test.chi2_stat = static_cast<double>(test.nobs) * (rss_r - rss_u) / rss_u;
  test.chi2_p_value = chi2_sf(test.chi2_stat, lag);
  test.status = LagStatus::ok;
}

}  // namespace detail

std::string_view to_string(LagStatus status) noexcept {
  switch (status) {
    case LagStatus::ok: return "ok";
    case LagStatus::too_short: return "too_short";
    case LagStatus::nonfinite: return "nonfinite";
    case LagStatus::constant_regressor: return "constant_regressor";
    case LagStatus::perfect_fit: return "perfect_fit";
    case LagStatus::few_df: return "few_df";
  }
  return "unknown";
}

GrangerLagTest granger_lag_test(std::span<const double> x, std::span<const double> y, int lag) {
  if (x.size() != y.size()) {
    throw InputError("granger: x has " + std::to_string(x.size()) + " points but y has " +
                     std::to_string(y.size()));
  }
  if (lag < 1) throw InputError("granger: lag must be >= 1, got " + std::to_string(lag));
  GrangerLagTest test;
  test.lag = lag;
  const int n = static_cast<int>(x.size());
  const auto finite = [](double v) { return std::isfinite(v); };
  if (!std::all_of(x.begin(), x.end(), finite) || !std::all_of(y.begin(), y.end(), finite)) {
    test.status = LagStatus::nonfinite;
    return test;
  }
  if (n - 3 * lag - 1 < 1) {
    test.status = LagStatus::too_short;
    return test;
  }
  test.nobs = n - lag;
  for (int j = 1; j <= lag; ++j) {
    if (detail::lagged_column_constant(x, lag, j) || detail::lagged_column_constant(y, lag, j)) {
      test.status = LagStatus::constant_regressor;
      return test;
    }
  }

  // statsmodels' column order: x lags, y lags, constant last.
  const Eigen::Index rows = test.nobs;
  Eigen::MatrixXd joint(rows, 2 * lag + 1);
  Eigen::VectorXd response(rows);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::size_t t = static_cast<std::size_t>(r + lag);
    response[r] = x[t];
    for (int j = 1; j <= lag; ++j) {
      joint(r, j - 1) = x[t - static_cast<std::size_t>(j)];
      joint(r, lag + j - 1) = y[t - static_cast<std::size_t>(j)];
    }
    joint(r, 2 * lag) = 1.0;
  }
  Eigen::MatrixXd own(rows, lag + 1);
  own << joint.leftCols(lag), joint.rightCols(1);

  const OlsFit restricted = ols(own, response);
  const OlsFit unrestricted = ols(joint, response);
  test.rss_restricted = restricted.rss;
  test.rss_unrestricted = unrestricted.rss;
  detail::finish_lag_test(test, detail::centered_tss(x, lag), static_cast<double>(unrestricted.rank));
  return test;
}

std::vector<GrangerLagTest> granger_causality_tests(std::span<const double> x, std::span<const double> y,
                                                    int max_lag) {
  if (max_lag < 1) throw InputError("granger: max_lag must be >= 1, got " + std::to_string(max_lag));
  // As statsmodels ("Insufficient observations"): a lag no series of this length can test is an
  // error, checked before anything is allocated for it.
  const std::size_t largest = x.size() >= 2 ? (x.size() - 2) / 3 : 0;
  if (static_cast<std::size_t>(max_lag) > std::max<std::size_t>(largest, 1))
    throw InputError("granger: max_lag " + std::to_string(max_lag) + " exceeds the largest lag " +
                     std::to_string(std::max<std::size_t>(largest, 1)) + " that " + std::to_string(x.size()) +
                     " points allow (n - 3 lag - 1 >= 1)");
  std::vector<GrangerLagTest> tests;
  tests.reserve(static_cast<std::size_t>(max_lag));
  for (int lag = 1; lag <= max_lag; ++lag) tests.push_back(granger_lag_test(x, y, lag));
  return tests;
}

}  // namespace legcnet::stats
