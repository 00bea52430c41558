#include "legcnet/stats/ols.hpp"

#include "stats_reference.hpp"

#include <Eigen/SVD>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace legcnet::stats {
namespace {

using reference::ErrorTracker;
using reference::reference_rtol;
using reference::ReferenceTable;

struct Problem {
  Eigen::MatrixXd design;
  Eigen::VectorXd response;
};

Problem load_problem(const ReferenceTable& inputs, const std::string& name) {
  const auto rows = inputs.rows_where("case", name);
  int n = 0;
  int k = 0;
  for (const auto r : rows) {
    n = std::max(n, inputs.integer(r, "row") + 1);
    k = std::max(k, inputs.integer(r, "col") + 1);
  }
  Problem p{Eigen::MatrixXd(n, k), Eigen::VectorXd(n)};
  for (const auto r : rows) {
    const int row = inputs.integer(r, "row");
    const int col = inputs.integer(r, "col");
    (col < 0 ? p.response[row] : p.design(row, col)) = inputs.number(r, "value");
  }
  return p;
}

TEST(OlsReference, MatchesStatsmodels) {
  const ReferenceTable inputs("ols_inputs.csv");
  const ReferenceTable expected("ols_expected.csv");
  ErrorTracker fit_errors;
  ErrorTracker coefficient_errors;
  for (const auto& name : expected.distinct("case")) {
    SCOPED_TRACE(name);
    const Problem p = load_problem(inputs, name);
    const OlsFit fit = ols(p.design, p.response);
    ASSERT_EQ(fit.status, OlsStatus::ok);
    // Coefficients of nearly collinear columns are only determined to about cond(X) * eps by any
    // backward-stable method (statsmodels uses an SVD pseudo-inverse, we a QR), so their
    // tolerance grows with the condition number; the residual sum of squares does not.
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(p.design);
    const double condition = svd.singularValues()(0) / svd.singularValues().tail(1)(0);
    const double coefficient_rtol = std::max(reference_rtol, condition * std::numeric_limits<double>::epsilon());
    for (const auto r : expected.rows_where("case", name)) {
      const std::string what = expected.text(r, "quantity");
      const int i = expected.integer(r, "index");
      const double want = expected.number(r, "value");
      double got = std::numeric_limits<double>::quiet_NaN();
      if (what == "ssr") got = fit.rss;
      if (what == "llf") got = fit.llf;
      if (what == "aic") got = fit.aic;
      if (what == "bic") got = fit.bic;
      if (what == "df_resid") got = fit.df_resid;
      if (what == "rank") got = static_cast<double>(fit.rank);
      if (what == "param") got = fit.coefficients[i];
      if (what == "bse") got = fit.standard_errors[i];
      const bool coefficient = what == "param" || what == "bse";
      ErrorTracker& errors = coefficient ? coefficient_errors : fit_errors;
      EXPECT_TRUE(errors.near(got, want, coefficient ? coefficient_rtol : reference_rtol,
                              name + " " + what + " " + std::to_string(i)));
    }
  }
  fit_errors.record("max_relative_error");
  coefficient_errors.record("max_relative_error_coefficients");
}

TEST(OlsDegenerate, RankDeficientDesignGivesTheMinimumNormFit) {
  // The third column repeats the second: the fit must equal the fit without it, with the
  // coefficient split evenly (minimum norm), as statsmodels' pinv gives.
  Eigen::MatrixXd full(6, 3);
  full << 1, 1, 1, 1, 2, 2, 1, 4, 4, 1, 3, 3, 1, 7, 7, 1, 5, 5;
  Eigen::VectorXd y(6);
  y << 1.0, 2.1, 3.9, 3.2, 7.1, 4.8;
  const OlsFit deficient = ols(full, y);
  const OlsFit reduced = ols(full.leftCols(2), y);
  EXPECT_EQ(deficient.status, OlsStatus::rank_deficient);
  EXPECT_EQ(deficient.rank, 2);
  EXPECT_DOUBLE_EQ(deficient.df_resid, 4.0);
  EXPECT_NEAR(deficient.rss, reduced.rss, 1e-12);
  EXPECT_NEAR(deficient.coefficients[1], reduced.coefficients[1] / 2, 1e-12);
  EXPECT_NEAR(deficient.coefficients[2], reduced.coefficients[1] / 2, 1e-12);
  EXPECT_NEAR(deficient.aic, reduced.aic, 1e-10);
}

TEST(OlsDegenerate, StatusesInsteadOfExceptions) {
  Eigen::MatrixXd design(3, 3);
  design << 1, 0, 2, 1, 1, 5, 1, 2, 3;
  Eigen::VectorXd y(3);
  y << 1, 2, 4;
  const OlsFit square = ols(design, y);
  EXPECT_EQ(square.status, OlsStatus::no_residual_df);
  EXPECT_TRUE(std::isnan(square.standard_errors[0]));
  EXPECT_TRUE(std::isnan(square.t_value(0)));

  y[1] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(ols(design, y).status, OlsStatus::nonfinite_input);
  EXPECT_EQ(ols(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0)).status, OlsStatus::empty);
  EXPECT_EQ(ols(design, Eigen::VectorXd(2)).status, OlsStatus::empty);
}

TEST(OlsInformationCriteria, StatsmodelsDefinitions) {
  // n = 10, rss = 2, k = 3: llf = -5 (log(2 pi 0.2) + 1).
  const double llf = gaussian_llf(2.0, 10.0);
  EXPECT_DOUBLE_EQ(llf, -5.0 * (std::log(2.0 * std::numbers::pi * 0.2) + 1.0));
  EXPECT_DOUBLE_EQ(akaike(llf, 3.0), -2.0 * llf + 6.0);
  EXPECT_DOUBLE_EQ(schwarz(llf, 3.0, 10.0), -2.0 * llf + 3.0 * std::log(10.0));
}

}  // namespace
}  // namespace legcnet::stats
