#pragma once
// Granger causality "y causes x" as statsmodels' grangercausalitytests(column_stack([x, y]), lag)
// (ssr F and ssr chi2 forms), and the per-weight decision of SPEC section 7 built on it.
#include "legcnet/stats/adf.hpp"

#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace legcnet::stats {

enum class LagStatus {
  ok,
  too_short,           // n - 3 lag - 1 < 1: no residual degree of freedom
  nonfinite,           // nan or inf in x or y
  constant_regressor,  // a lagged column is constant over the rows used (statsmodels refuses)
  perfect_fit,         // the unrestricted model fits x exactly (rss_u == 0 or rss_u / tss < eps)
  few_df,              // 1 <= n - 3 lag - 1 < GrangerOptions::min_df: not tested
};
[[nodiscard]] std::string_view to_string(LagStatus status) noexcept;

// One lag of the test. Both models are fitted with a constant on the n - lag rows t = lag..n-1:
// restricted x_t ~ x_{t-1..t-lag}, unrestricted adds y_{t-1..t-lag}.
struct GrangerLagTest {
  int lag = 0;
  LagStatus status = LagStatus::too_short;
  int nobs = 0;  // n - lag
  double rss_restricted = std::numeric_limits<double>::quiet_NaN();
  double rss_unrestricted = std::numeric_limits<double>::quiet_NaN();
  double f_stat = std::numeric_limits<double>::quiet_NaN();  // ((rss_r - rss_u) / lag) / (rss_u / df_denom)
  double f_p_value = std::numeric_limits<double>::quiet_NaN();
  double df_denom = std::numeric_limits<double>::quiet_NaN();  // nobs - rank(unrestricted) = n - 3 lag - 1
  double chi2_stat = std::numeric_limits<double>::quiet_NaN();  // nobs (rss_r - rss_u) / rss_u, df = lag
  double chi2_p_value = std::numeric_limits<double>::quiet_NaN();
  // Information criteria of the unrestricted model fitted on the common rows t = top..n-1 (top =
  // the largest lag tried), filled by GrangerTester only, for lag selection by AIC/BIC.
  double common_aic = std::numeric_limits<double>::quiet_NaN();
  double common_bic = std::numeric_limits<double>::quiet_NaN();
};

// Straightforward reference implementation of one lag (explicit designs, one QR per model).
[[nodiscard]] GrangerLagTest granger_lag_test(std::span<const double> x, std::span<const double> y, int lag);

// Lags 1..max_lag, as grangercausalitytests. Throws legcnet::InputError when x and y differ in
// length, max_lag < 1, or max_lag exceeds the largest lag n points allow, max(1, (n - 2) / 3)
// (statsmodels: "Insufficient observations"); lag 1 of a series too short for it is too_short.
[[nodiscard]] std::vector<GrangerLagTest> granger_causality_tests(std::span<const double> x,
                                                                  std::span<const double> y, int max_lag);

enum class GrangerForm { chi2, f };
enum class LagSelection {
  min_p,  // smallest p-value over the testable lags (the paper's authors)
  min_p_sidak,  // min_p, its p-value Sidak-adjusted for the number m of lags tested: 1 - (1 - p)^m
  aic,    // lag minimising the unrestricted model's AIC on the common rows, then that lag's test
  bic,    // the same with BIC
  fixed,  // GrangerOptions::fixed_lag only
};
enum class Stationarity {
  adf,   // difference x and y once when either ADF p-value exceeds adf_alpha (or is undefined)
  none,  // test the series as given
};

struct GrangerOptions {
  int max_lag = 14;
  GrangerForm form = GrangerForm::chi2;
  LagSelection lag_selection = LagSelection::min_p;
  int fixed_lag = 1;  // with LagSelection::fixed; 1 <= fixed_lag <= max_lag
  Stationarity stationarity = Stationarity::adf;
  double adf_alpha = 0.05;
  // Lags need at least this many residual degrees of freedom, n - 3 lag - 1 >= min_df; longer
  // lags are not tested (status few_df). 1 is the least any test has.
  int min_df = 1;
  bool keep_lag_details = false;  // fill GrangerDecision::lags
};

enum class GrangerReason {
  none,                // testable
  x_nonfinite,
  x_constant,          // x (after differencing, if any) is constant
  y_nonfinite,
  y_constant,          // y (after differencing, if any) is constant
  too_short,           // no lag with n - 3 lag - 1 >= 1
  constant_regressor,  // every lag tried had a constant lagged column
  perfect_fit,         // every lag tried was a perfect fit (or the selected lag was)
  few_df,              // lag 1 fits, but with fewer residual degrees of freedom than min_df
  no_surrogate,        // null calibration: no surrogate target could be tested (GrangerNullTester)
};
[[nodiscard]] std::string_view to_string(GrangerReason reason) noexcept;
[[nodiscard]] std::string_view describe(GrangerReason reason) noexcept;  // a short sentence

struct GrangerDecision {
  bool testable = false;
  GrangerReason reason = GrangerReason::too_short;
  int n = 0;    // length of the series tested (after differencing)
  int lag = 0;  // the selected lag (0 when untestable)
  double stat = std::numeric_limits<double>::quiet_NaN();  // chi2 or F of the selected lag
  double p_value = std::numeric_limits<double>::quiet_NaN();  // min_p_sidak: the adjusted one
  // log of the decision statistic's p-value, finite where p_value underflows to 0 (stats/
  // distributions.hpp). For min_p and min_p_sidak the smallest over the lags tested, so when
  // several p-values underflow it can belong to another lag than `lag`. The null calibration
  // ranks these.
  double log_p_value = std::numeric_limits<double>::quiet_NaN();
  // Residual degrees of freedom of the selected lag's unrestricted model, nobs - rank
  // (n - 3 lag - 1 at full rank); NaN when untestable.
  double df_resid = std::numeric_limits<double>::quiet_NaN();
  bool differenced = false;
  double adf_p_x = std::numeric_limits<double>::quiet_NaN();  // NaN with Stationarity::none
  double adf_p_y = std::numeric_limits<double>::quiet_NaN();
  std::vector<GrangerLagTest> lags;  // per-lag details when keep_lag_details
};

// Tests many y series against one x. Everything that depends on x alone (its ADF, the differenced
// x, each lag's restricted fit) is computed once in the constructor; test() is const, pure and
// safe to call from several threads at once.
class GrangerTester {
 public:
  // Throws legcnet::InputError for invalid options (max_lag < 1, fixed_lag outside 1..max_lag or
  // above max(1, (n - 2) / 3), the largest lag n windows can test; adf_alpha outside (0, 1);
  // min_df < 1). A max_lag above that limit is clamped to it (the lags beyond could never be
  // tested), so that nothing is allocated for them. A degenerate x is not an error: every test()
  // reports it.
  explicit GrangerTester(std::span<const double> x, const GrangerOptions& options = {});
  ~GrangerTester();
  GrangerTester(GrangerTester&&) noexcept;
  GrangerTester& operator=(GrangerTester&&) noexcept;
  GrangerTester(const GrangerTester&) = delete;
  GrangerTester& operator=(const GrangerTester&) = delete;

  // Throws legcnet::InputError when y.size() differs from x.size(); data never throws.
  [[nodiscard]] GrangerDecision test(std::span<const double> y) const;

  [[nodiscard]] const GrangerOptions& options() const noexcept;
  [[nodiscard]] const AdfResult& adf_x() const noexcept;  // status too_short with Stationarity::none

  struct State;  // defined in granger_tester.cpp

 private:
  std::unique_ptr<const State> state_;
};

}  // namespace legcnet::stats
