#!/usr/bin/env python3
"""Write the reference values that tests/unit/test_{ols,adf,granger,fdr}.cpp compare against.

Run with Debian's python3-statsmodels (the reference is statsmodels 0.13.5):

    /usr/bin/python3 tests/reference/make_stats_reference.py

Inputs are generated from seeded numpy generators and every float is written with repr(), so the
C++ side reads back the exact doubles statsmodels saw. The CSV files are committed; CI has no Python.
"""
import csv
import math
import os
import sys

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.multitest import multipletests
from statsmodels.tsa.adfvalues import mackinnoncrit, mackinnonp
from statsmodels.tsa.stattools import adfuller, grangercausalitytests

HERE = os.path.dirname(os.path.abspath(__file__))


def fmt(v):
    """repr() of a float (round-trips exactly); ints stay ints; nan/inf as C++ strtod reads them."""
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


def write(name, header, rows):
    path = os.path.join(HERE, name)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(v) if not isinstance(v, str) else v for v in r])
    print(f"wrote {path} ({len(rows)} rows)", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Series generators (deterministic)

def ar1(rng, n, phi, scale=1.0, burn=50):
    e = rng.standard_normal(n + burn) * scale
    s = np.zeros(n + burn)
    for t in range(1, n + burn):
        s[t] = phi * s[t - 1] + e[t]
    return s[burn:]


def driven_pair(rng, n, lag, gain, phi_x=0.3, phi_y=0.5, noise=1.0, burn=50):
    """y is AR(1); x_t = phi_x x_{t-1} + gain * y_{t-lag} + noise: y Granger-causes x."""
    m = n + burn
    y = ar1(rng, m, phi_y, burn=0)
    x = np.zeros(m)
    e = rng.standard_normal(m) * noise
    for t in range(max(1, lag), m):
        x[t] = phi_x * x[t - 1] + gain * y[t - lag] + e[t]
    return x[burn:], y[burn:]


def misclassification_like(rng, n, n_train=120):
    """A decreasing, discrete error rate with noise: values are multiples of 1/n_train."""
    level = 0.6 * np.exp(-np.arange(n) / 40.0) + 0.05
    counts = rng.binomial(n_train, np.clip(level, 0, 1))
    return counts / float(n_train)


def saturating(n, blips=False):
    """A training error that reaches 0 and stays there (optionally with rare one-sample blips)."""
    x = np.round(np.maximum(0.0, 0.5 - np.arange(n) / 100.0) * 120) / 120
    if blips:
        x[100::13] = 1 / 120
    return x


def le_like(rng, n):
    """A windowed-Lyapunov-exponent-like series: small positive values around a slow drift."""
    return 0.05 + 0.01 * ar1(rng, n, 0.6) - 0.0002 * np.arange(n)


# ---------------------------------------------------------------------------------------------

def granger_cases():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, x, y, maxlag):
        cases.append((name, np.asarray(x, float), np.asarray(y, float), maxlag))

    add("short_indep_l1", rng.standard_normal(30), rng.standard_normal(30), 1)
    add("short_indep_l4", ar1(rng, 30, 0.4), ar1(rng, 30, 0.2), 4)
    x, y = driven_pair(rng, 30, 1, 0.8)
    add("short_driven_l4", x, y, 4)
    add("n45_indep_l14", ar1(rng, 45, 0.3), ar1(rng, 45, 0.5), 14)
    add("long_indep_l1", ar1(rng, 200, 0.5), ar1(rng, 200, 0.5), 1)
    add("long_indep_l4", rng.standard_normal(200), rng.standard_normal(200), 4)
    add("long_indep_l14", ar1(rng, 200, 0.2), ar1(rng, 200, -0.3), 14)
    x, y = driven_pair(rng, 200, 1, 0.5)
    add("long_driven1_l14", x, y, 14)
    x, y = driven_pair(rng, 200, 3, 0.4)
    add("long_driven3_l4", x, y, 4)
    x, y = driven_pair(rng, 170, 2, 0.3, phi_x=0.6)
    add("n170_driven2_l14", x, y, 14)
    add("n170_randomwalks_l14", np.cumsum(rng.standard_normal(170)),
        np.cumsum(rng.standard_normal(170)), 14)
    add("n170_misclass_le_l14", misclassification_like(rng, 170), le_like(rng, 170), 14)
    x, y = driven_pair(rng, 200, 1, 5.0, noise=0.01)
    add("long_strong_l4", x, y, 4)
    add("n170_saturating_le_l14", saturating(170, blips=True), le_like(rng, 170), 14)
    return cases


def granger_reference(cases):
    inputs, meta, expected = [], [], []
    for name, x, y, maxlag in cases:
        meta.append((name, len(x), maxlag))
        for t in range(len(x)):
            inputs.append((name, t, x[t], y[t]))
        res = grangercausalitytests(np.column_stack([x, y]), maxlag, verbose=False)
        for lag in range(1, maxlag + 1):
            f, fp, fden, fnum = res[lag][0]["ssr_ftest"]
            c, cp, cdf = res[lag][0]["ssr_chi2test"]
            own, joint = res[lag][1][0], res[lag][1][1]
            expected.append((name, lag, int(joint.nobs), own.ssr, joint.ssr, f, fp, fden, fnum,
                             c, cp, cdf))
    write("granger_inputs.csv", ["case", "t", "x", "y"], inputs)
    write("granger_cases.csv", ["case", "n", "maxlag"], meta)
    write("granger_expected.csv",
          ["case", "lag", "nobs", "ssr_restricted", "ssr_unrestricted", "f_stat", "f_p",
           "f_df_denom", "f_df_num", "chi2_stat", "chi2_p", "chi2_df"], expected)


def common_sample_ic_lag(x, y, lags, criterion):
    """Lag chosen by the unrestricted model's AIC/BIC, all lags fitted on rows t = max(lags)..n-1."""
    n, top = len(x), max(lags)
    rows = np.arange(top, n)
    best = None
    for lag in lags:
        cols = [x[rows - j] for j in range(1, lag + 1)] + [y[rows - j] for j in range(1, lag + 1)]
        design = np.column_stack(cols + [np.ones(len(rows))])
        fit = OLS(x[rows], design).fit()
        ic = fit.aic if criterion == "aic" else fit.bic
        if best is None or ic < best[0]:
            best = (ic, lag)
    return best[1]


def decision_reference(cases):
    """The whole per-weight procedure of SPEC section 7, written plainly on top of statsmodels."""
    rows = []
    for name, x, y, maxlag in cases:
        px = adfuller(x, regression="c", autolag="AIC")[1]
        py = adfuller(y, regression="c", autolag="AIC")[1]
        differenced = px > 0.05 or py > 0.05
        xs, ys = (np.diff(x), np.diff(y)) if differenced else (x, y)
        n = len(xs)
        lags = [L for L in range(1, maxlag + 1) if n - 3 * L - 1 >= 1]
        res = grangercausalitytests(np.column_stack([xs, ys]), lags, verbose=False)
        for form, key in (("chi2", "ssr_chi2test"), ("f", "ssr_ftest")):
            for select in ("min_p", "aic", "bic"):
                if select == "min_p":
                    lag = min(lags, key=lambda L: (res[L][0][key][1], L))
                else:
                    lag = common_sample_ic_lag(xs, ys, lags, select)
                stat, p = res[lag][0][key][0], res[lag][0][key][1]
                rows.append((name, form, select, int(differenced), n, lag, stat, p, px, py))
    write("granger_decision_expected.csv",
          ["case", "form", "select", "differenced", "n", "lag", "stat", "p_value", "adf_p_x",
           "adf_p_y"], rows)


def adf_cases():
    rng = np.random.default_rng(7)
    cases = [
        ("ar1_stationary_200", ar1(rng, 200, 0.5)),
        ("random_walk_200", np.cumsum(rng.standard_normal(200))),
        ("trend_150", 0.05 * np.arange(150) + ar1(rng, 150, 0.3)),
        ("short_20", ar1(rng, 20, 0.2)),
        ("tiny_10", rng.standard_normal(10)),
        ("minimal_4", rng.standard_normal(4)),
        ("long_500", ar1(rng, 500, 0.9)),
        ("white_noise_500", rng.standard_normal(500)),
        ("ar2_170", None),
        ("near_unit_170", ar1(rng, 170, 0.98)),
        ("misclass_170", misclassification_like(rng, 170)),
        ("le_like_170", le_like(rng, 170)),
        ("saturating_170", saturating(170)),
        # Zero after t = 10: every lag-search fit is exact on the common rows (AIC -inf), so
        # statsmodels keeps lag 0 and icbest = -inf.
        ("mostly_zero_170", np.concatenate([rng.binomial(120, 0.3, 10) / 120, np.zeros(160)])),
    ]
    e = rng.standard_normal(220)
    s = np.zeros(220)
    for t in range(2, 220):
        s[t] = 0.5 * s[t - 1] - 0.3 * s[t - 2] + e[t]
    cases[8] = ("ar2_170", s[50:])
    return cases


def adf_reference(cases):
    inputs, expected = [], []
    for name, x in cases:
        for t in range(len(x)):
            inputs.append((name, t, x[t]))
        stat, p, usedlag, nobs, crit, icbest = adfuller(x, regression="c", autolag="AIC")
        expected.append((name, len(x), stat, p, usedlag, nobs, crit["1%"], crit["5%"],
                         crit["10%"], icbest))
    write("adf_inputs.csv", ["case", "t", "x"], inputs)
    write("adf_expected.csv",
          ["case", "n", "stat", "p_value", "used_lag", "nobs", "crit_1", "crit_5", "crit_10",
           "icbest"], expected)


def mackinnon_reference():
    taus = [-30.0, -18.84, -18.83, -18.0, -10.0, -5.5, -3.43, -2.86, -1.62, -1.61, -1.6, -1.0,
            0.0, 0.5, 1.5, 2.73, 2.74, 2.75, 5.0]
    rows = [("p", t, mackinnonp(t, regression="c", N=1)) for t in taus]
    for nobs in (4, 10, 25, 100, 155, 1000):
        c = mackinnoncrit(N=1, regression="c", nobs=nobs)
        rows += [("crit1", nobs, c[0]), ("crit5", nobs, c[1]), ("crit10", nobs, c[2])]
    c = mackinnoncrit(N=1, regression="c", nobs=np.inf)
    rows += [("crit1", np.inf, c[0]), ("crit5", np.inf, c[1]), ("crit10", np.inf, c[2])]
    write("mackinnon_expected.csv", ["what", "arg", "value"], rows)


def distributions_reference():
    rows = []
    for x, d1, d2 in [(0.0, 1, 10), (0.5, 1, 10), (1.0, 3, 20), (2.5, 4, 150), (10.0, 14, 127),
                      (50.0, 2, 5), (300.0, 14, 127), (1e-6, 7, 33), (3.0, 1, 1)]:
        rows.append(("f", x, d1, d2, st.f.sf(x, d1, d2)))
    for x, k in [(0.0, 1), (0.5, 1), (3.84, 1), (10.0, 4), (25.0, 14), (200.0, 14), (1e-8, 2),
                 (700.0, 3)]:
        rows.append(("chi2", x, k, 0, st.chi2.sf(x, k)))
    for x in (-8.0, -1.0, 0.0, 0.3, 2.0):
        rows.append(("norm", x, 0, 0, st.norm.cdf(x)))
    write("distributions_expected.csv", ["dist", "x", "df1", "df2", "sf"], rows)


def ols_reference():
    rng = np.random.default_rng(99)
    inputs, expected = [], []

    def add(name, design, yv):
        for r in range(design.shape[0]):
            inputs.append((name, r, -1, yv[r]))
            for c in range(design.shape[1]):
                inputs.append((name, r, c, design[r, c]))
        fit = OLS(yv, design).fit()
        expected.append((name, "ssr", 0, fit.ssr))
        expected.append((name, "llf", 0, fit.llf))
        expected.append((name, "aic", 0, fit.aic))
        expected.append((name, "bic", 0, fit.bic))
        expected.append((name, "df_resid", 0, fit.df_resid))
        expected.append((name, "rank", 0, fit.model.rank))
        for i, v in enumerate(fit.params):
            expected.append((name, "param", i, v))
        for i, v in enumerate(fit.bse):
            expected.append((name, "bse", i, v))

    n = 40
    d = np.column_stack([np.ones(n), rng.standard_normal(n), rng.uniform(0, 10, n)])
    add("const_two_regressors", d, d @ np.array([1.5, -2.0, 0.3]) + rng.standard_normal(n))
    n = 12
    d = np.column_stack([rng.standard_normal(n), np.ones(n)])
    add("small_const_last", d, 3 * d[:, 0] + 0.1 * rng.standard_normal(n))
    n = 60
    base = rng.standard_normal((n, 5))
    d = np.column_stack([np.ones(n), base, 1e3 * base[:, 0] + rng.standard_normal(n) * 1e-3])
    add("ill_conditioned", d, base @ np.arange(1.0, 6.0) + rng.standard_normal(n))
    write("ols_inputs.csv", ["case", "row", "col", "value"], inputs)
    write("ols_expected.csv", ["case", "quantity", "index", "value"], expected)


def fdr_reference():
    rng = np.random.default_rng(5)
    sets = {
        "mixed": [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04, 0.9, 0.001, 0.049],
        "uniform50": list(rng.uniform(0, 1, 50)),
        "with_signal": list(np.concatenate([rng.uniform(0, 0.002, 8), rng.uniform(0, 1, 30)])),
        "ties": [0.02, 0.02, 0.02, 0.5, 0.5, 1.0],
    }
    rows = []
    for name, p in sets.items():
        reject, adj, _, _ = multipletests(p, alpha=0.05, method="fdr_bh")
        for i, (pv, a, r) in enumerate(zip(p, adj, reject)):
            rows.append((name, i, pv, a, int(r)))
    write("fdr_expected.csv", ["case", "i", "p", "adjusted", "reject"], rows)


def main():
    print(f"statsmodels {statsmodels.__version__}, numpy {np.__version__}, scipy {scipy.__version__}",
          file=sys.stderr)
    cases = granger_cases()
    granger_reference(cases)
    decision_reference(cases)
    adf_reference(adf_cases())
    mackinnon_reference()
    distributions_reference()
    ols_reference()
    fdr_reference()
    with open(os.path.join(HERE, "stats_reference_versions.txt"), "w") as f:
        f.write(f"statsmodels {statsmodels.__version__}\nnumpy {np.__version__}\n"
                f"scipy {scipy.__version__}\n")


if __name__ == "__main__":
    main()
