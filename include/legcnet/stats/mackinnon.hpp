#pragma once
// MacKinnon's response-surface approximations for the Dickey-Fuller tau statistic of a regression
// with a constant and one I(1) series (statsmodels' mackinnonp / mackinnoncrit with
// regression='c', N=1): the 1994 p-value surface and the 2010 finite-sample critical values.

namespace legcnet::stats {

// Approximate p-value of a Dickey-Fuller t statistic (MacKinnon 1994). 1 above tau_max, 0 below
// tau_min; NaN for a nan statistic.
[[nodiscard]] double mackinnon_p(double tau) noexcept;

struct CriticalValues {
  double one_percent;
  double five_percent;
  double ten_percent;
};

// Critical values at 1/5/10% for a regression on `nobs` observations (MacKinnon 2010);
// nobs = +inf gives the asymptotic values.
[[nodiscard]] CriticalValues mackinnon_crit(double nobs) noexcept;

}  // namespace legcnet::stats
