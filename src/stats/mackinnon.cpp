#include "legcnet/stats/mackinnon.hpp"

#include "legcnet/stats/distributions.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace legcnet::stats {

namespace {

// MacKinnon (1994), tau statistic, regression with a constant, N = 1 (Tables 3 and 4 as
// statsmodels stores them). Below tau_star the small-p polynomial applies, above it the large-p
// one; outside [tau_min, tau_max] the p-value is clipped to 0 or 1.
constexpr double tau_max = 2.74;
constexpr double tau_min = -18.83;
constexpr double tau_star = -1.61;
// Coefficients of increasing powers of tau, with statsmodels' scalings applied the same way
// (table value times 1e-1 or 1e-2) so the doubles are identical.
constexpr std::array<double, 3> small_p{2.1659 * 1.0, 1.4412 * 1.0, 3.8269 * 1e-2};
constexpr std::array<double, 4> large_p{1.7339 * 1.0, 9.3202 * 1e-1, -1.2745 * 1e-1, -1.0368 * 1e-2};

// MacKinnon (2010), constant, N = 1: crit(n) = b0 + b1/n + b2/n^2 + b3/n^3 at 1%, 5%, 10%.
constexpr std::array<std::array<double, 4>, 3> tau_c_2010{{
    {-3.43035, -6.5393, -16.786, -79.433},
    {-2.86154, -2.8903, -4.234, -40.040},
    {-2.56677, -1.5384, -2.809, 0.0},
}};

// Horner from the highest power down, in the order numpy's polyval evaluates.
template <std::size_t N>
double polynomial(const std::array<double, N>& increasing, double x) noexcept {
  double value = 0.0;
  for (std::size_t i = N; i-- > 0;) value = value * x + increasing[i];
  return value;
}

}  // namespace

double mackinnon_p(double tau) noexcept {
  if (std::isnan(tau)) return std::numeric_limits<double>::quiet_NaN();
  if (tau > tau_max) return 1.0;
  if (tau < tau_min) return 0.0;
  if (tau <= tau_star) return normal_cdf(polynomial(small_p, tau));
  return normal_cdf(polynomial(large_p, tau));
}

CriticalValues mackinnon_crit(double nobs) noexcept {
  if (std::isinf(nobs) && nobs > 0.0) {
    return {tau_c_2010[0][0], tau_c_2010[1][0], tau_c_2010[2][0]};
  }
  const double inverse = 1.0 / nobs;
  return {polynomial(tau_c_2010[0], inverse), polynomial(tau_c_2010[1], inverse),
          polynomial(tau_c_2010[2], inverse)};
}

}  // namespace legcnet::stats
