"""Reference values for the tests in src/core/stats/*.test.ts.

Run: python3 bench/stats_reference.py   (SciPy 1.17, NumPy; no sklearn needed)

Every input here is copied verbatim into the matching test file, and the printed numbers are
pasted there as expected values. Weighted kappa follows sklearn.metrics.cohen_kappa_score
line by line (sklearn is not installed here). Holm follows statsmodels' 'holm' method.
"""
import math

import numpy as np
from scipy import stats


def show(label, value):
    if isinstance(value, (list, tuple, np.ndarray)):
        print(f"{label}: [{', '.join(repr(float(v)) for v in value)}]")
    else:
        print(f"{label}: {float(value)!r}")


ALTS = ("two-sided", "greater", "less")

# ---- distributions ---------------------------------------------------------------------
print("== distributions")
for z in (-8.0, -3.0, -1.0, 0.0, 0.5, 2.5, 6.0):
    show(f"normal cdf {z}", stats.norm.cdf(z))
for t, df in ((2.1, 20), (-3.5, 10), (0.3, 3), (8.0, 40), (1.2, 1000), (-12.0, 5), (0.7, 1)):
    show(f"t cdf {t} {df}", stats.t.cdf(t, df))
for z in (6.0, 9.0):
    show(f"normal sf {z}", stats.norm.sf(z))

# ---- wilcoxon ----------------------------------------------------------------------------
print("== wilcoxon")
W = {
    # 10 distinct |d|, no zeros: exact distribution
    "small": [0.6, 1.2, -0.4, 2.3, 1.9, -0.8, 3.1, 0.9, 1.4, 2.7],
    # 22 pairs, no ties, no zeros: exact (as in the paper's H2 test size)
    "pairs22": [0.35, 0.8, -0.15, 0.62, 1.1, 0.05, -0.42, 0.9, 0.27, 0.71, -0.08, 1.35,
                0.44, 0.19, -0.3, 0.58, 0.97, 0.12, 0.66, -0.55, 1.02, 0.23],
    # n = 18 with ties and zeros: normal approximation with tie correction
    "tiesZeros": [0, 0, 1, -1, 2, 2, -2, 3, 3, 3, -0.5, 4, 1, 2, 0.5, 5, -3, 2],
    # n = 10 with ties and a zero: SciPy's exact sign-flip permutation (2**10 <= 9999)
    "tiesSmall": [1, 2, 2, -1, 3, 0, 4, -2, 1.5, 3],
    # n = 60, no ties: normal approximation (n > 50)
    "large": [round(((i * 37) % 101 - 40.25) / 10, 3) for i in range(1, 61)],
}
for name, d in W.items():
    for alt in ALTS:
        r = stats.wilcoxon(d, alternative=alt)
        show(f"{name} {alt} statistic", r.statistic)
        show(f"{name} {alt} p", r.pvalue)
show("large input", W["large"])

# ---- mann-whitney ------------------------------------------------------------------------
print("== mannwhitneyu")
M = {
    "exactSmall": ([1.1, 3.4, 2.2, 5.0, 4.1], [2.8, 6.3, 7.7, 5.9, 6.6, 4.7]),
    "ties": ([0, 0.5, 1, 1, 0.5, 0, 1, 1, 0.5, 1], [0, 0, 0.5, 0, 1, 0, 0.5, 0, 0, 1, 0.5]),
    "noTiesLarge": ([3.1, 4.7, 2.2, 5.9, 6.4, 1.8, 7.3, 4.0, 5.2, 6.8],
                    [2.5, 1.3, 3.6, 0.9, 4.4, 2.9, 1.6, 3.3, 5.5, 0.4, 2.0, 3.9]),
    "exactUnbalanced": ([5.5, 7.25, 6.1, 8.9],
                        [round(0.3 * i + 0.01 * (i % 7), 2) for i in range(1, 31)]),
}
for name, (x, y) in M.items():
    for alt in ALTS:
        r = stats.mannwhitneyu(x, y, alternative=alt)
        show(f"{name} {alt} U", r.statistic)
        show(f"{name} {alt} p", r.pvalue)
show("exactUnbalanced y", M["exactUnbalanced"][1])

# ---- spearman ----------------------------------------------------------------------------
print("== spearman")
sx = [1, 2, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9]
sy = [2, 1, 3, 3, 5, 4, 6, 8, 7, 7, 9, 10]
for alt in ALTS:
    r = stats.spearmanr(sx, sy, alternative=alt)
    show(f"spearman {alt} rho", r.statistic)
    show(f"spearman {alt} p", r.pvalue)
nx = [0.2, 1.5, 0.9, 3.3, 2.1, 0.4, 1.1, 2.8]
ny = [1.0, 0.3, 0.8, 0.1, 0.5, 1.2, 0.6, 0.2]
r = stats.spearmanr(nx, ny)
show("spearman negative rho", r.statistic)
show("spearman negative p", r.pvalue)

# ---- rankdata ----------------------------------------------------------------------------
show("rankdata", stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))

# ---- holm --------------------------------------------------------------------------------
print("== holm")
p = np.array([0.01, 0.04, 0.03, 0.005, 0.2, 0.04])
order = np.argsort(p, kind="stable")
m = len(p)
adj_sorted = np.minimum(1, np.maximum.accumulate((m - np.arange(m)) * p[order]))
adj = np.empty(m)
adj[order] = adj_sorted
show("holm", adj)
p2 = np.array([0.5, 0.3, 0.02, 0.6])
order = np.argsort(p2, kind="stable")
adj2 = np.empty(4)
adj2[order] = np.minimum(1, np.maximum.accumulate((4 - np.arange(4)) * p2[order]))
show("holm capped", adj2)

# ---- kappa (sklearn.metrics.cohen_kappa_score, by hand) ----------------------------------
print("== kappa")


def kappa(y1, y2, labels, weights=None):
    index = {v: i for i, v in enumerate(labels)}
    k = len(labels)
    C = np.zeros((k, k))
    for a, b in zip(y1, y2):
        C[index[a], index[b]] += 1
    sum0 = C.sum(axis=0)
    sum1 = C.sum(axis=1)
    expected = np.outer(sum0, sum1) / sum0.sum()
    if weights is None:
        w = np.ones((k, k), dtype=int)
        w.flat[:: k + 1] = 0
    else:
        w = np.zeros((k, k), dtype=int)
        w += np.arange(k)
        w = np.abs(w - w.T) if weights == "linear" else (w - w.T) ** 2
    return 1 - np.sum(w * C) / np.sum(w * expected)


ka = [0, 1, 2, 3, 0, 1, 2, 2, 3, 0, 1, 1, 2, 3, 3, 0, 0, 1, 2, 2, 3, 1, 0, 2, 1, 3, 2, 0, 1, 2]
kb = [0, 1, 2, 2, 1, 1, 3, 2, 3, 0, 0, 1, 2, 3, 2, 0, 1, 1, 1, 2, 3, 2, 0, 2, 0, 3, 3, 0, 1, 1]
for wgt in (None, "linear", "quadratic"):
    show(f"kappa {wgt}", kappa(ka, kb, sorted(set(ka) | set(kb)), wgt))
ga = [0, 1, 3, 4, 0, 1, 3, 4, 4, 0, 1, 3]
gb = [0, 0, 3, 4, 1, 1, 4, 3, 4, 0, 3, 3]
for wgt in (None, "linear", "quadratic"):
    show(f"gap union {wgt}", kappa(ga, gb, sorted(set(ga) | set(gb)), wgt))
    show(f"gap explicit {wgt}", kappa(ga, gb, [0, 1, 2, 3, 4], wgt))

# ---- permutation tests -------------------------------------------------------------------
print("== permutation")


def mean_stat(x, axis=-1):
    return np.mean(x, axis=axis)


def diff_means(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


pd10 = [0.4, -0.2, 0.9, 0.1, 0.6, -0.5, 0.3, 0.8, 0.0, 0.25]
pd16 = [0.35, 0.8, -0.15, 0.62, 1.1, 0.05, -0.42, 0.9, 0.27, 0.71, -0.08, 1.35, 0.44, 0.19,
        -0.3, 0.58]
for name, d in (("paired10", pd10), ("paired16", pd16)):
    for alt in ALTS:
        r = stats.permutation_test((d,), mean_stat, permutation_type="samples",
                                   vectorized=True, n_resamples=np.inf, alternative=alt)
        show(f"{name} {alt} statistic", r.statistic)
        show(f"{name} {alt} p", r.pvalue)
tx = [0.12, 0.3, 0.05, 0.22, 0.4, 0.18]
ty = [0.02, -0.05, 0.1, 0.0, 0.08, -0.12, 0.04]
for alt in ALTS:
    r = stats.permutation_test((tx, ty), diff_means, permutation_type="independent",
                               vectorized=True, n_resamples=np.inf, alternative=alt)
    show(f"twoSample {alt} statistic", r.statistic)
    show(f"twoSample {alt} p", r.pvalue)
