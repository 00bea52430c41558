#!/usr/bin/env python3
"""Write log_tail_expected.csv: log P(X > x) for chi-squared and F distributions, computed by
mpmath at 50 significant digits, where the double-precision tail itself may underflow. Compared
against legcnet::stats::chi2_log_sf / f_log_sf in tests/unit/test_log_tail.cpp.

    /usr/bin/python3 tests/reference/make_log_tail_reference.py   (Debian's python3-mpmath 1.3.0)

x and the degrees of freedom are written with repr(), so C++ reads the exact doubles used here.
"""
import csv
import os
import sys

import mpmath

mpmath.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))


def chi2_log_sf(x, df):
    return mpmath.log(mpmath.gammainc(mpmath.mpf(df) / 2, mpmath.mpf(x) / 2, mpmath.inf, regularized=True))


def f_log_sf(x, d1, d2):
    # P(F > x) = I_w(d2/2, d1/2), w = d2 / (d2 + d1 x)
    x, d1, d2 = mpmath.mpf(x), mpmath.mpf(d1), mpmath.mpf(d2)
    w = d2 / (d2 + d1 * x)
    return mpmath.log(mpmath.betainc(d2 / 2, d1 / 2, 0, w, regularized=True))


rows = []
# chi2 with the lag's df (1..14, and 30): the body, near 1e-250 where the code switches, and deep.
for df in [1, 2, 3, 5, 9, 14, 30]:
    for x in [0.5, 3.0, 20.0, 150.0, 1100.0, 1200.0, 1300.0, 2000.0, 1e4, 1e5, 1e7]:
        rows.append(("chi2", x, df, 0, chi2_log_sf(x, df)))
# F with df_num = lag and df_denom = n - 3 lag - 1, from 1 (the fewest) to 150.
for d1, d2 in [(1, 1), (1, 2), (6, 3), (9, 2), (9, 1), (14, 127), (3, 150), (14, 10)]:
    for x in [0.2, 2.5, 40.0, 1e3, 1e6, 1e12, 1e40, 1e100, 1e200]:
        rows.append(("f", x, d1, d2, f_log_sf(x, d1, d2)))

path = os.path.join(HERE, "log_tail_expected.csv")
with open(path, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["distribution", "x", "df1", "df2", "log_sf"])
    for kind, x, d1, d2, value in rows:
        w.writerow([kind, repr(float(x)), str(d1), str(d2), mpmath.nstr(value, 20, strip_zeros=False)])
print(f"wrote {path} ({len(rows)} rows); mpmath {mpmath.__version__}", file=sys.stderr)
