#pragma once
// Pieces shared by the reference Granger test (granger.cpp) and the fast tester
// (granger_tester.cpp). Private to src/stats.
#include "legcnet/stats/granger.hpp"

#include <span>

namespace legcnet::stats::detail {

// Whether series[t - shift] is the same for every row t = lag..n-1 (statsmodels refuses a
// regression with such a column besides the constant).
[[nodiscard]] bool lagged_column_constant(std::span<const double> series, int lag, int shift);

// Centered total sum of squares of series[lag..n-1], the response of the lag's regressions.
[[nodiscard]] double centered_tss(std::span<const double> series, int lag);

// Given test.lag, test.nobs and both residual sums of squares: the perfect-fit checks of
// statsmodels, then the F and chi2 statistics and their p-values.
void finish_lag_test(GrangerLagTest& test, double tss, double rank_unrestricted);

}  // namespace legcnet::stats::detail
