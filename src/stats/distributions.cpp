#include "legcnet/stats/distributions.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>
#include <utility>

namespace legcnet::stats {

namespace {

namespace policies = boost::math::policies;

// Every Boost.Math error becomes a returned value instead of an exception; the guards below
// keep the arguments inside the domain anyway, so this only protects against surprises.
// promote_double<false>: evaluate in double, not long double. Boost's double-precision incomplete
// beta/gamma stay within a few dozen ulps of scipy's answers, and it is 7-10x faster, which
// matters at 28 tail probabilities per weight.
using Quiet = policies::policy<policies::promote_double<false>,
                               policies::domain_error<policies::ignore_error>,
                               policies::pole_error<policies::ignore_error>,
                               policies::overflow_error<policies::ignore_error>,
                               policies::underflow_error<policies::ignore_error>,
                               policies::denorm_error<policies::ignore_error>,
                               policies::evaluation_error<policies::ignore_error>,
                               policies::rounding_error<policies::ignore_error>,
                               policies::indeterminate_result_error<policies::ignore_error>>;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool valid_df(double df) noexcept { return std::isfinite(df) && df > 0.0; }

}  // namespace

double f_sf(double x, double df_num, double df_denom) noexcept {
  if (std::isnan(x) || !valid_df(df_num) || !valid_df(df_denom)) return nan;
  if (x <= 0.0) return 1.0;
  if (std::isinf(x)) return 0.0;
  try {
    const boost::math::fisher_f_distribution<double, Quiet> distribution(df_num, df_denom);
    return boost::math::cdf(boost::math::complement(distribution, x));
  } catch (...) {
    return nan;
  }
}

double chi2_sf(double x, double df) noexcept {
  if (std::isnan(x) || !valid_df(df)) return nan;
  if (x <= 0.0) return 1.0;
  if (std::isinf(x)) return 0.0;
  try {
    const boost::math::chi_squared_distribution<double, Quiet> distribution(df);
    return boost::math::cdf(boost::math::complement(distribution, x));
  } catch (...) {
    return nan;
  }
}

namespace {

// P(X <= x), accurate where the upper tail is close to 1 (its log is then log1p(-this)).
template <typename Distribution>
double lower_tail(const Distribution& distribution, double x) {
  try {
    return boost::math::cdf(distribution, x);
  } catch (...) {
    return nan;
  }
}

// Below this the tails are taken from their continued fractions in log form.
constexpr double kLogTailFrom = 1e-250;
constexpr int kMaxTerms = 1000;

// Modified Lentz evaluation of b0 + a1/(b1 + a2/(b2 + ...)) given the term function (a_j, b_j).
template <typename Terms>
double lentz(double b0, Terms terms) {
  constexpr double tiny = 1e-300;
  double f = b0 == 0.0 ? tiny : b0;
  double c = f, d = 0.0;
  for (int j = 1; j <= kMaxTerms; ++j) {
    const auto [a, b] = terms(j);
    d = b + a * d;
    d = d == 0.0 ? 1.0 / tiny : 1.0 / d;
    c = b + a / c;
    if (c == 0.0) c = tiny;
    const double delta = c * d;
    f *= delta;
    if (std::abs(delta - 1.0) < 1e-16) break;
  }
  return f;
}

// log |Gamma(a)| without std::lgamma, which also writes the global signgam: a data race when the
// per-weight stages test on several threads (ThreadSanitizer found it). lgamma_r is glibc's same
// computation with the sign returned instead.
double log_gamma(double a) {
  int sign = 0;
  return ::lgamma_r(a, &sign);
}

// log Q(a, z) = log Gamma(a, z) / Gamma(a) for z > a + 1: Gamma(a, z) = e^-z z^a / (z + 1 - a - 1(1-a)/(z + 3 - a - ...)).
double log_upper_gamma_q(double a, double z) {
  const double denominator = lentz(z + 1.0 - a, [&](int j) {
    const double jj = static_cast<double>(j);
    return std::pair{-jj * (jj - a), z + 2.0 * jj + 1.0 - a};
  });
  return -z + a * std::log(z) - std::log(denominator) - log_gamma(a);
}

// log I_w(a, b) for w < (a + 1) / (a + b + 2): w^a (1-w)^b / (a B(a, b)) times the continued
// fraction 1 / (1 + d1 / (1 + d2 / ...)) with d_{2m+1} = -(a+m)(a+b+m) w / ((a+2m)(a+2m+1)),
// d_{2m} = m (b-m) w / ((a+2m-1)(a+2m)). log_one_minus_w is passed in to keep its precision.
double log_incomplete_beta(double a, double b, double w, double log_one_minus_w) {
  const double fraction = lentz(1.0, [&](int j) {
    const double m = static_cast<double>(j / 2);
    const double numerator = j % 2 == 1 ? -(a + m) * (a + b + m) * w / ((a + 2 * m) * (a + 2 * m + 1))
                                        : m * (b - m) * w / ((a + 2 * m - 1) * (a + 2 * m));
    return std::pair{numerator, 1.0};
  });
  const double log_beta = log_gamma(a) + log_gamma(b) - log_gamma(a + b);
  return a * std::log(w) + b * log_one_minus_w - std::log(a) - log_beta - std::log(fraction);
}

}  // namespace

double f_log_sf(double x, double df_num, double df_denom) noexcept {
  if (std::isnan(x) || !valid_df(df_num) || !valid_df(df_denom)) return nan;
  if (x <= 0.0) return 0.0;
  if (std::isinf(x)) return -std::numeric_limits<double>::infinity();
  const double tail = f_sf(x, df_num, df_denom);
  if (tail > 0.5) return std::log1p(-lower_tail(boost::math::fisher_f_distribution<double, Quiet>(df_num, df_denom), x));
  if (tail > kLogTailFrom) return std::log(tail);
  // P(F > x) = I_w(d2/2, d1/2), w = d2 / (d2 + d1 x), 1 - w = d1 x / (d2 + d1 x).
  const double scaled = df_num * x;
  const double w = df_denom / (df_denom + scaled);
  return log_incomplete_beta(df_denom / 2.0, df_num / 2.0, w, std::log(scaled / (df_denom + scaled)));
}

double chi2_log_sf(double x, double df) noexcept {
  if (std::isnan(x) || !valid_df(df)) return nan;
  if (x <= 0.0) return 0.0;
  if (std::isinf(x)) return -std::numeric_limits<double>::infinity();
  const double tail = chi2_sf(x, df);
  if (tail > 0.5) return std::log1p(-lower_tail(boost::math::chi_squared_distribution<double, Quiet>(df), x));
  if (tail > kLogTailFrom) return std::log(tail);
  return log_upper_gamma_q(df / 2.0, x / 2.0);
}

double normal_cdf(double x) noexcept {
  if (std::isnan(x)) return nan;
  if (std::isinf(x)) return x > 0.0 ? 1.0 : 0.0;
  try {
    const boost::math::normal_distribution<double, Quiet> distribution(0.0, 1.0);
    return boost::math::cdf(distribution, x);
  } catch (...) {
    return nan;
  }
}

double student_t_quantile(double p, double df) noexcept {
  if (!(p > 0.0 && p < 1.0) || !valid_df(df)) return nan;
  try {
    const boost::math::students_t_distribution<double, Quiet> distribution(df);
    return boost::math::quantile(distribution, p);
  } catch (...) {
    return nan;
  }
}

}  // namespace legcnet::stats
