#!/usr/bin/python3
# make-significance-fixtures.py
#
# Copyright 2026 The Faultline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reference values for test-significance.c: the corrected resampled t-test
# (Nadeau & Bengio 2003) computed with SciPy's Student t distribution, an
# implementation independent of GSL. Run with Debian's /usr/bin/python3
# (SciPy 1.10) and paste the printed lines into test-significance.c.
import numpy as np
from scipy import stats

CASES = [
    # (a, b, n2/n1)
    ([0.41, 0.38, 0.45, 0.40, 0.43], [0.35, 0.36, 0.39, 0.37, 0.40], 0.25),
    ([0.10, 0.32, 0.05, 0.28, 0.15, 0.22, 0.09, 0.31, 0.12, 0.20],
     [0.12, 0.30, 0.08, 0.25, 0.18, 0.20, 0.10, 0.33, 0.11, 0.16], 1.0 / 9.0),
    ([0.5, 0.7, 0.6], [0.6, 0.9, 0.8], 0.5),
]

for a, b, r in CASES:
    d = np.array(a) - np.array(b)
    k = len(d)
    var = d.var(ddof=1)
    t = d.mean() / np.sqrt((1.0 / k + r) * var)
    p = 2.0 * stats.t.sf(abs(t), k - 1)
    # r = 0 must reduce to the plain paired t-test:
    t0, p0 = stats.ttest_rel(a, b)
    print(f"{{ {{ {', '.join(repr(x) for x in a)} }},\n  {{ {', '.join(repr(x) for x in b)} }},\n"
          f"  {k}, {r!r}, {t!r}, {p!r}, {t0!r}, {p0!r} }},")
