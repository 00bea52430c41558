#pragma once
// Augmented Dickey-Fuller unit-root test with a constant, as statsmodels'
// adfuller(x, maxlag=None, regression='c', autolag='AIC').
#include "legcnet/stats/mackinnon.hpp"

#include <limits>
#include <optional>
#include <span>
#include <string_view>

namespace legcnet::stats {

enum class AdfStatus {
  ok,
  constant,    // every value equal: no test
  too_short,   // too few points for a lag search (n // 2 - 2 < 0) or for the requested max_lag
  nonfinite,   // nan or inf in the series
  degenerate,  // the regression is a perfect fit or has a constant regressor: statistic undefined
};
[[nodiscard]] std::string_view to_string(AdfStatus status) noexcept;

enum class AdfAutolag { aic, bic, none };

struct AdfOptions {
  // Largest lag of the differences tried. Default: ceil(12 (n/100)^(1/4)), capped at n // 2 - 2.
  std::optional<int> max_lag;
  AdfAutolag autolag = AdfAutolag::aic;  // none: use max_lag itself
};

struct AdfResult {
  AdfStatus status = AdfStatus::too_short;
  double statistic = std::numeric_limits<double>::quiet_NaN();  // t value of the lagged level
  double p_value = std::numeric_limits<double>::quiet_NaN();    // MacKinnon (1994)
  int used_lag = -1;
  int max_lag = -1;
  int nobs = 0;  // rows of the final regression: n - 1 - used_lag
  CriticalValues critical{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::quiet_NaN()};
  double icbest = std::numeric_limits<double>::quiet_NaN();  // best AIC/BIC of the lag search

  [[nodiscard]] bool ok() const noexcept { return status == AdfStatus::ok; }
};

// Throws legcnet::InputError only for a negative options.max_lag; data never throws.
[[nodiscard]] AdfResult adf(std::span<const double> x, const AdfOptions& options = {});

}  // namespace legcnet::stats
