// The per-weight Granger decision, built for many y against one x.
//
// Speed: for the lags L = 1..M the unrestricted designs are [1, x_{t-1}, y_{t-1}, ..., x_{t-L},
// y_{t-L}] on the rows t = L..n-1. Ordered this way (x and y lags interleaved), lag L's columns are
// the first 2L+1 columns of lag M's design, and its rows are lag M's rows t = M..n-1 plus the
// M - L earlier rows t = L..M-1. So one Householder QR of [design_M | x_t] on the common rows gives,
// for every L, an upper-triangular factor and the residual sum of squares past its columns; the
// M - L extra rows are then folded in with Givens rotations. All orthogonal transformations, no
// normal equations. The restricted fits depend on x alone and are done once per tester.
#include "granger_detail.hpp"
#include "legcnet/error.hpp"
#include "legcnet/stats/distributions.hpp"
#include "legcnet/stats/granger.hpp"
#include "legcnet/stats/ols.hpp"

#include <Eigen/Core>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <string>

namespace legcnet::stats {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool all_finite(std::span<const double> s) {
  return std::all_of(s.begin(), s.end(), [](double v) { return std::isfinite(v); });
}

bool all_equal(std::span<const double> s) {
  return std::all_of(s.begin(), s.end(), [&](double v) { return v == s.front(); });
}

std::vector<double> difference(std::span<const double> s) {
  std::vector<double> d;
  if (s.size() < 2) return d;
  d.resize(s.size() - 1);
  for (std::size_t t = 0; t + 1 < s.size(); ++t) d[t] = s[t + 1] - s[t];
  return d;
}

// The largest lag with at least min_df residual degrees of freedom: n - 3L - 1 >= min_df.
int largest_testable_lag(std::size_t n, int max_lag, int min_df) {
  const long long spare = static_cast<long long>(n) - 1 - min_df;
  return spare < 3 ? 0 : static_cast<int>(std::min<long long>(std::max(max_lag, 0), spare / 3));
}

// Length of the longest run of equal consecutive values: a lagged y column over n - L rows can be
// constant only when a run is at least that long, which lets the usual case skip the check.
std::size_t longest_run(std::span<const double> s) {
  std::size_t best = s.empty() ? 0 : 1;
  std::size_t run = 1;
  for (std::size_t i = 1; i < s.size(); ++i) {
    run = s[i] == s[i - 1] ? run + 1 : 1;
    best = std::max(best, run);
  }
  return best;
}

}  // namespace

struct GrangerTester::State {
  // What one version of x (as given, or differenced once) fixes for every test.
  struct Target {
    std::vector<double> x;
    GrangerReason problem = GrangerReason::none;  // x_nonfinite or x_constant
    int top = 0;                                  // largest testable lag
    std::vector<bool> x_constant_column;          // per lag 1..top
    std::vector<double> rss_restricted;           // per lag 1..top
    std::vector<double> tss;                      // per lag 1..top
  };

  GrangerOptions options;
  AdfResult adf_x;
  Target levels;
  Target differenced;
};

namespace {

using Target = GrangerTester::State::Target;

Target prepare(std::vector<double> x, int max_lag, int min_df) {
  Target p;
  p.x = std::move(x);
  if (!all_finite(p.x)) {
    p.problem = GrangerReason::x_nonfinite;
    return p;
  }
  if (p.x.empty() || all_equal(p.x)) {
    p.problem = GrangerReason::x_constant;
    return p;
  }
  p.top = largest_testable_lag(p.x.size(), max_lag, min_df);
  const auto lags = static_cast<std::size_t>(p.top);
  p.x_constant_column.assign(lags, false);
  p.rss_restricted.assign(lags, nan);
  p.tss.assign(lags, nan);
  for (int lag = 1; lag <= p.top; ++lag) {
    const auto i = static_cast<std::size_t>(lag - 1);
    for (int j = 1; j <= lag; ++j) {
      if (detail::lagged_column_constant(p.x, lag, j)) p.x_constant_column[i] = true;
    }
    p.tss[i] = detail::centered_tss(p.x, lag);
    const Eigen::Index rows = static_cast<Eigen::Index>(p.x.size()) - lag;
    Eigen::MatrixXd own(rows, lag + 1);
    Eigen::VectorXd response(rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
      const auto t = static_cast<std::size_t>(r + lag);
      response[r] = p.x[t];
      for (int j = 1; j <= lag; ++j) own(r, j - 1) = p.x[t - static_cast<std::size_t>(j)];
      own(r, lag) = 1.0;
    }
    p.rss_restricted[i] = ols(own, response).rss;
  }
  return p;
}

// One row of the interleaved unrestricted design of lag `lag` at time t, response last.
void fill_row(std::span<const double> x, std::span<const double> y, std::size_t t, int lag, double* row) {
  row[0] = 1.0;
  for (int j = 1; j <= lag; ++j) {
    row[2 * j - 1] = x[t - static_cast<std::size_t>(j)];
    row[2 * j] = y[t - static_cast<std::size_t>(j)];
  }
  row[2 * lag + 1] = x[t];
}

bool diagonal_full_rank(const Eigen::Ref<const Eigen::MatrixXd>& r, Eigen::Index k) {
  const double largest = r.diagonal().head(k).cwiseAbs().maxCoeff();
  const double tolerance = rank_tolerance(k) * largest;
  for (Eigen::Index i = 0; i < k; ++i) {
    if (!(std::abs(r(i, i)) > tolerance)) return false;
  }
  return true;
}

// The unrestricted fits of lags 1..last for one y against one prepared x, from one QR.
class LagEngine {
 public:
  LagEngine(const Target& p, std::span<const double> y, int last)
      : p_(p), x_(p.x), y_(y), n_(static_cast<Eigen::Index>(p.x.size())), top_(last) {
    const Eigen::Index width = 2 * top_ + 2;
    Eigen::MatrixXd augmented(n_ - top_, width);
    std::vector<double> row(static_cast<std::size_t>(width));
    for (Eigen::Index r = 0; r < augmented.rows(); ++r) {
      fill_row(x_, y_, static_cast<std::size_t>(r + top_), top_, row.data());
      for (Eigen::Index c = 0; c < width; ++c) augmented(r, c) = row[static_cast<std::size_t>(c)];
    }
    const Eigen::HouseholderQR<Eigen::Ref<Eigen::MatrixXd>> qr(augmented);
    factor_ = augmented.topRows(width).triangularView<Eigen::Upper>();
    tail_.resize(width + 1);
    tail_[width] = 0.0;
    for (Eigen::Index i = width; i-- > 0;) tail_[i] = tail_[i + 1] + factor_(i, width - 1) * factor_(i, width - 1);
    y_run_ = longest_run(y_.first(y_.size() - 1));
  }

  [[nodiscard]] GrangerLagTest test(int lag, bool with_information_criteria) const {
    GrangerLagTest test;
    test.lag = lag;
    test.nobs = static_cast<int>(n_) - lag;
    const auto i = static_cast<std::size_t>(lag - 1);
    if (p_.x_constant_column[i] || y_has_constant_column(lag)) {
      test.status = LagStatus::constant_regressor;
      return test;
    }
    const Eigen::Index k = 2 * lag + 1;
    // [R_L | c_L] from the common rows, then the extra rows t = lag..top-1 rotated in.
    Eigen::MatrixXd work(k, k + 1);
    work.leftCols(k) = factor_.topLeftCorner(k, k);
    work.col(k) = factor_.col(factor_.cols() - 1).head(k);
    double extra_rss = 0.0;
    std::vector<double> row(static_cast<std::size_t>(k + 1));
    for (int t = lag; t < top_; ++t) {
      fill_row(x_, y_, static_cast<std::size_t>(t), lag, row.data());
      for (Eigen::Index j = 0; j < k; ++j) {
        double& a = row[static_cast<std::size_t>(j)];
        if (a == 0.0) continue;
        const double w = work(j, j);
        const double radius = std::sqrt(w * w + a * a);
        const double c = w / radius;
        const double s = a / radius;
        for (Eigen::Index q = j; q <= k; ++q) {
          const double upper = work(j, q);
          const double lower = row[static_cast<std::size_t>(q)];
          work(j, q) = c * upper + s * lower;
          row[static_cast<std::size_t>(q)] = c * lower - s * upper;
        }
      }
      extra_rss += row[static_cast<std::size_t>(k)] * row[static_cast<std::size_t>(k)];
    }
    if (!diagonal_full_rank(work, k)) {
      // Dependent columns: fall back to the reference fit, which handles rank like statsmodels.
      test = granger_lag_test(x_, y_, lag);
    } else {
      test.rss_restricted = p_.rss_restricted[i];
      test.rss_unrestricted = tail_[k] + extra_rss;
      detail::finish_lag_test(test, p_.tss[i], static_cast<double>(k));
    }
    if (with_information_criteria && test.status == LagStatus::ok) add_common_criteria(test, k);
    return test;
  }

 private:
  bool y_has_constant_column(int lag) const {
    if (y_run_ < static_cast<std::size_t>(n_ - lag)) return false;
    for (int j = 1; j <= lag; ++j) {
      if (detail::lagged_column_constant(y_, lag, j)) return true;
    }
    return false;
  }

  // AIC and BIC of lag `lag`'s unrestricted model on the common rows t = top..n-1.
  void add_common_criteria(GrangerLagTest& test, Eigen::Index k) const {
    const auto rows = static_cast<double>(n_ - top_);
    double rss = tail_[k];
    double rank = static_cast<double>(k);
    if (!diagonal_full_rank(factor_, k)) {
      Eigen::MatrixXd design(n_ - top_, k + 1);
      std::vector<double> row(static_cast<std::size_t>(k + 1));
      for (Eigen::Index r = 0; r < design.rows(); ++r) {
        fill_row(x_, y_, static_cast<std::size_t>(r + top_), test.lag, row.data());
        for (Eigen::Index c = 0; c <= k; ++c) design(r, c) = row[static_cast<std::size_t>(c)];
      }
      const OlsFit fit = ols(design.leftCols(k), design.col(k));
      rss = fit.rss;
      rank = static_cast<double>(fit.rank);
    }
    const double llf = gaussian_llf(rss, rows);
    test.common_aic = akaike(llf, rank);
    test.common_bic = schwarz(llf, rank, rows);
  }

  const Target& p_;
  std::span<const double> x_;
  std::span<const double> y_;
  Eigen::Index n_;
  int top_;
  Eigen::MatrixXd factor_;  // R of [design | response] on the common rows
  Eigen::VectorXd tail_;    // tail_[k]: rss of the first k columns on the common rows
  std::size_t y_run_ = 0;
};

GrangerReason reason_for(LagStatus status) {
  switch (status) {
    case LagStatus::constant_regressor: return GrangerReason::constant_regressor;
    case LagStatus::perfect_fit: return GrangerReason::perfect_fit;
    case LagStatus::few_df: return GrangerReason::few_df;
    case LagStatus::nonfinite: return GrangerReason::y_nonfinite;
    case LagStatus::ok:
    case LagStatus::too_short: break;
  }
  return GrangerReason::too_short;
}

double selected_p(const GrangerLagTest& t, GrangerForm form) {
  return form == GrangerForm::chi2 ? t.chi2_p_value : t.f_p_value;
}

double selected_stat(const GrangerLagTest& t, GrangerForm form) {
  return form == GrangerForm::chi2 ? t.chi2_stat : t.f_stat;
}

// Picks the lag among `tests` (statuses already computed) as the options say.
const GrangerLagTest* select_lag(const std::vector<GrangerLagTest>& tests, const GrangerOptions& options) {
  const GrangerLagTest* best = nullptr;
  for (const auto& t : tests) {
    if (t.status != LagStatus::ok) continue;
    if (best == nullptr) {
      best = &t;
      continue;
    }
    switch (options.lag_selection) {
      case LagSelection::min_p:
      case LagSelection::min_p_sidak:
        if (selected_p(t, options.form) < selected_p(*best, options.form)) best = &t;
        break;
      case LagSelection::aic:
        if (t.common_aic < best->common_aic) best = &t;
        break;
      case LagSelection::bic:
        if (t.common_bic < best->common_bic) best = &t;
        break;
      case LagSelection::fixed: break;
    }
  }
  return best;
}

// A lag not fitted: too_short without a residual degree of freedom, few_df with fewer than min_df.
GrangerLagTest untested_lag(int lag, std::size_t n) {
  GrangerLagTest t;
  t.lag = lag;
  t.nobs = std::max(0, static_cast<int>(n) - lag);
  t.status = t.nobs - 2 * lag - 1 >= 1 ? LagStatus::few_df : LagStatus::too_short;
  return t;
}

// 1 - (1 - p)^m without cancellation for small p.
double sidak(double p, int m) { return -std::expm1(static_cast<double>(m) * std::log1p(-p)); }

// log p of one lag's test in the chosen form, finite where p underflows.
double log_p_of(const GrangerLagTest& t, GrangerForm form) {
  const double p = selected_p(t, form);
  if (p > 1e-250) return std::log(p);
  return form == GrangerForm::chi2 ? chi2_log_sf(t.chi2_stat, t.lag) : f_log_sf(t.f_stat, t.lag, t.df_denom);
}

// The log p-value the decision's statistic has: the chosen lag's, or for the min-p rules the
// smallest over the lags tested (Sidak-adjusted: log(1 - (1 - p)^m), or log m + log p where p
// underflows, where the two agree to within p).
double decision_log_p(const std::vector<GrangerLagTest>& tests, const GrangerLagTest& chosen, const GrangerOptions& o,
                      int tested) {
  if (o.lag_selection != LagSelection::min_p && o.lag_selection != LagSelection::min_p_sidak)
    return log_p_of(chosen, o.form);
  double smallest = std::numeric_limits<double>::infinity();
  for (const auto& t : tests)
    if (t.status == LagStatus::ok) smallest = std::min(smallest, log_p_of(t, o.form));
  if (o.lag_selection == LagSelection::min_p) return smallest;
  const double p = std::exp(smallest);
  return p > 1e-250 ? std::log(sidak(p, tested)) : std::log(static_cast<double>(tested)) + smallest;
}

}  // namespace

std::string_view to_string(GrangerReason reason) noexcept {
  switch (reason) {
    case GrangerReason::none: return "none";
    case GrangerReason::x_nonfinite: return "x_nonfinite";
    case GrangerReason::x_constant: return "x_constant";
    case GrangerReason::y_nonfinite: return "y_nonfinite";
    case GrangerReason::y_constant: return "y_constant";
    case GrangerReason::too_short: return "too_short";
    case GrangerReason::constant_regressor: return "constant_regressor";
    case GrangerReason::perfect_fit: return "perfect_fit";
    case GrangerReason::few_df: return "few_df";
    case GrangerReason::no_surrogate: return "no_surrogate";
  }
  return "unknown";
}

std::string_view describe(GrangerReason reason) noexcept {
  switch (reason) {
    case GrangerReason::none: return "tested";
    case GrangerReason::x_nonfinite: return "the target series has nan or inf";
    case GrangerReason::x_constant: return "the target series is constant";
    case GrangerReason::y_nonfinite: return "the weight's series has nan or inf";
    case GrangerReason::y_constant: return "the weight's series is constant";
    case GrangerReason::too_short: return "too few points for lag 1 (need n - 3 lag - 1 >= 1)";
    case GrangerReason::constant_regressor: return "a lagged column is constant at every lag";
    case GrangerReason::perfect_fit: return "the regression fits exactly; no test statistic";
    case GrangerReason::few_df: return "even lag 1 has fewer residual degrees of freedom than --min-df";
    case GrangerReason::no_surrogate: return "no surrogate target could be tested, so no null p-value";
  }
  return "unknown";
}

GrangerTester::GrangerTester(std::span<const double> x, const GrangerOptions& options) {
  if (options.max_lag < 1) {
    throw InputError("granger: max_lag must be >= 1, got " + std::to_string(options.max_lag));
  }
  if (options.lag_selection == LagSelection::fixed && (options.fixed_lag < 1 || options.fixed_lag > options.max_lag)) {
    throw InputError("granger: fixed lag must be in 1.." + std::to_string(options.max_lag) + ", got " +
                     std::to_string(options.fixed_lag));
  }
  if (!(options.adf_alpha > 0.0 && options.adf_alpha < 1.0)) {
    throw InputError("granger: the ADF significance level must be in (0, 1)");
  }
  if (options.min_df < 1) {
    throw InputError("granger: the minimum residual degrees of freedom must be >= 1, got " +
                     std::to_string(options.min_df));
  }
  // No series of x's length can be tested beyond this lag: larger lags are clamped before anything
  // is allocated for them (they would all be too_short), and a fixed lag beyond it is an error.
  const int lag_limit = std::max(1, largest_testable_lag(x.size(), options.max_lag, 1));
  if (options.lag_selection == LagSelection::fixed && options.fixed_lag > lag_limit) {
    throw InputError("granger: lag " + std::to_string(options.fixed_lag) + " cannot be tested on " +
                     std::to_string(x.size()) + " windows (n - 3 lag - 1 >= 1 needs lag <= " +
                     std::to_string(lag_limit) + ")");
  }
  auto state = std::make_unique<State>();
  state->options = options;
  state->options.max_lag = std::min(options.max_lag, lag_limit);
  state->levels = prepare(std::vector<double>(x.begin(), x.end()), state->options.max_lag, options.min_df);
  if (options.stationarity == Stationarity::adf) {
    state->adf_x = adf(x);
    state->differenced = prepare(difference(x), state->options.max_lag, options.min_df);
  }
  state_ = std::move(state);
}

GrangerTester::~GrangerTester() = default;
GrangerTester::GrangerTester(GrangerTester&&) noexcept = default;
GrangerTester& GrangerTester::operator=(GrangerTester&&) noexcept = default;

const GrangerOptions& GrangerTester::options() const noexcept { return state_->options; }
const AdfResult& GrangerTester::adf_x() const noexcept { return state_->adf_x; }

namespace {

// The series the lags are tested on: as given, or both differenced once (SPEC section 7).
struct Aligned {
  const Target* target = nullptr;
  std::vector<double> y_differenced;
  std::span<const double> y;
};

// Fills the decision's ADF fields and `differenced`; returns a reason when the pair cannot be tested.
GrangerReason align(const GrangerTester::State& s, std::span<const double> y, GrangerDecision& d, Aligned& a) {
  a.target = &s.levels;
  a.y = y;
  if (s.options.stationarity == Stationarity::none) return GrangerReason::none;
  d.adf_p_x = s.adf_x.p_value;
  d.adf_p_y = adf(y).p_value;
  // An undefined p-value has not shown stationarity either.
  d.differenced = !(d.adf_p_x <= s.options.adf_alpha) || !(d.adf_p_y <= s.options.adf_alpha);
  if (!d.differenced) return GrangerReason::none;
  a.target = &s.differenced;
  a.y_differenced = difference(y);
  a.y = a.y_differenced;
  d.n = static_cast<int>(a.y.size());
  if (a.target->problem != GrangerReason::none) return a.target->problem;
  if (a.y.empty() || all_equal(a.y)) return GrangerReason::y_constant;
  return GrangerReason::none;
}

// Lags first..last as the options ask; those beyond the data's reach come back too_short.
std::vector<GrangerLagTest> test_lags(const GrangerOptions& o, const Aligned& a) {
  const bool fixed = o.lag_selection == LagSelection::fixed;
  const int first = fixed ? o.fixed_lag : 1;
  const int last = fixed ? o.fixed_lag : o.max_lag;
  const int top = std::min(last, a.target->top);
  std::vector<GrangerLagTest> tests;
  tests.reserve(static_cast<std::size_t>(last - first + 1));
  if (first <= top) {
    const bool criteria = o.lag_selection == LagSelection::aic || o.lag_selection == LagSelection::bic;
    const LagEngine engine(*a.target, a.y, top);
    for (int lag = first; lag <= top; ++lag) tests.push_back(engine.test(lag, criteria));
  }
  for (int lag = std::max(first, top + 1); lag <= last; ++lag) tests.push_back(untested_lag(lag, a.y.size()));
  return tests;
}

void conclude(const GrangerOptions& o, std::vector<GrangerLagTest>&& tests, GrangerDecision& d) {
  if (const GrangerLagTest* chosen = select_lag(tests, o)) {
    d.testable = true;
    d.reason = GrangerReason::none;
    d.lag = chosen->lag;
    d.stat = selected_stat(*chosen, o.form);
    d.p_value = selected_p(*chosen, o.form);
    d.df_resid = chosen->df_denom;
    const auto tested = static_cast<int>(
        std::count_if(tests.begin(), tests.end(), [](const GrangerLagTest& t) { return t.status == LagStatus::ok; }));
    if (o.lag_selection == LagSelection::min_p_sidak) d.p_value = sidak(d.p_value, tested);
    d.log_p_value = decision_log_p(tests, *chosen, o, tested);
  } else {
    d.reason = GrangerReason::too_short;
    const auto tried = std::find_if(tests.begin(), tests.end(),
                                    [](const GrangerLagTest& t) { return t.status != LagStatus::too_short; });
    if (tried != tests.end()) d.reason = reason_for(tried->status);
  }
  if (o.keep_lag_details) d.lags = std::move(tests);
}

}  // namespace

GrangerDecision GrangerTester::test(std::span<const double> y) const {
  const State& s = *state_;
  if (y.size() != s.levels.x.size()) {
    throw InputError("granger: the weight's series has " + std::to_string(y.size()) + " points, the target has " +
                     std::to_string(s.levels.x.size()));
  }
  GrangerDecision d;
  d.n = static_cast<int>(y.size());
  d.reason = s.levels.problem == GrangerReason::x_nonfinite ? GrangerReason::x_nonfinite
             : !all_finite(y)                              ? GrangerReason::y_nonfinite
             : s.levels.problem == GrangerReason::x_constant ? GrangerReason::x_constant
             : (y.empty() || all_equal(y))                 ? GrangerReason::y_constant
                                                           : GrangerReason::none;
  if (d.reason != GrangerReason::none) return d;
  Aligned aligned;
  d.reason = align(s, y, d, aligned);
  if (d.reason != GrangerReason::none) return d;
  conclude(s.options, test_lags(s.options, aligned), d);
  return d;
}

}  // namespace legcnet::stats
