"""Inter-rater statistics: Cohen's kappa, ICC(A,1), mean absolute difference, F quantiles.

Pure module (standard library and NumPy; no Django, no SciPy). Used by ``agreement`` to
compare a department head's description of a role with its agents' (docs/methodology.md
section 26); each function states its formula and source.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from impact.scoring.engine import EPSILON
from impact.scoring.vocabulary import EXPOSURE_CLASSES

# Below this many pairs, kappa's normal-approximation interval is flagged wide (a convention).
KAPPA_WIDE_BELOW = 30
CONFIDENCE = 0.95

_Z = statistics.NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa of n pairs, with its standard error and 95 % interval (``cohen_kappa``).

    kappa, standard_error, ci_low, ci_high: None when kappa is undefined (n = 0, or expected
    agreement 1: both raters always gave the same one class). observed, expected: p_o and p_e
    (weighted ones for a weighted kappa), None when n = 0. wide: n < KAPPA_WIDE_BELOW; the
    figures are computed all the same, but the interval, a large-sample approximation, is
    indicative only. weights: "none" or "linear".
    """

    kappa: float | None
    standard_error: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    observed: float | None
    expected: float | None
    wide: bool
    weights: str = "none"


def contingency_table(pairs: Iterable[tuple], categories: Sequence = EXPOSURE_CLASSES):
    """Counts of the pairs (a, b): rows = a's category, columns = b's, in ``categories`` order."""
    index = {category: position for position, category in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)), dtype=np.int64)
    for a, b in pairs:
        if a not in index or b not in index:
            raise ValueError(f"({a!r}, {b!r}): not both in {', '.join(map(str, categories))}.")
        table[index[a], index[b]] += 1
    return table


def cohen_kappa(
    pairs: Iterable[tuple], categories: Sequence = EXPOSURE_CLASSES, *, weights: str = "none"
) -> Kappa:
    """Cohen's kappa of (rater A, rater B) pairs, unweighted or linearly weighted.

    With p_ij the share of pairs in cell (i, j), p_i. and p_.j the margins, w_ij the agreement
    weights (unweighted: 1 on the diagonal, 0 elsewhere; "linear": 1 - |i - j| / (k - 1), since
    E0 < E1 < E2 is ordinal): p_o = sum w_ij p_ij, p_e = sum w_ij p_i. p_.j, kappa = (p_o -
    p_e) / (1 - p_e). Standard error, large-sample and not under the null (Fleiss, Cohen and
    Everitt, Psychological Bulletin 72, 1969), with wbar_i. = sum_j p_.j w_ij and wbar_.j =
    sum_i p_i. w_ij:
        SE^2 = [sum_ij p_ij (w_ij - (wbar_i. + wbar_.j)(1 - kappa))^2
                - (kappa - p_e (1 - kappa))^2] / (n (1 - p_e)^2),
    which, unweighted, is their [sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2 + (1 - kappa)^2
    sum_(i != j) p_ij (p_.i + p_j.)^2 - (kappa - p_e (1 - kappa))^2] / (n (1 - p_e)^2).
    95 % interval: kappa +/- 1.95996 SE, clipped to [-1, 1]. kappa is None when n = 0 or p_e
    is 1; below KAPPA_WIDE_BELOW pairs everything is computed and ``wide`` is set.
    """
    return kappa_from_table(contingency_table(pairs, categories), weights=weights)


def kappa_from_table(table, *, weights: str = "none") -> Kappa:
    """``cohen_kappa`` from a k x k table of counts (rows: rater A, columns: rater B)."""
    counts = np.asarray(table, dtype=float)
    k = counts.shape[0]
    if counts.shape != (k, k) or k < 2 or (counts < 0).any():
        raise ValueError("The table must be a square table of non-negative counts, k >= 2.")
    if weights == "none":
        w = np.eye(k)
    elif weights == "linear":
        w = 1.0 - np.abs(np.subtract.outer(np.arange(k), np.arange(k))) / (k - 1)
    else:
        raise ValueError('weights must be "none" or "linear".')
    n = round(float(counts.sum()))
    wide = n < KAPPA_WIDE_BELOW
    if n == 0:
        return Kappa(None, None, None, None, 0, None, None, wide, weights)
    p = counts / counts.sum()
    rows, columns = p.sum(axis=1), p.sum(axis=0)
    observed = float((w * p).sum())
    expected = float((w * np.outer(rows, columns)).sum())
    if expected >= 1.0 - EPSILON:
        return Kappa(None, None, None, None, n, observed, expected, wide, weights)
    kappa = (observed - expected) / (1.0 - expected)
    row_weights, column_weights = w @ columns, rows @ w
    deviation = w - np.add.outer(row_weights, column_weights) * (1.0 - kappa)
    spread = (p * deviation**2).sum() - (kappa - expected * (1.0 - kappa)) ** 2
    error = math.sqrt(max(float(spread), 0.0) / (n * (1.0 - expected) ** 2))
    low, high = (float(np.clip(kappa + sign * _Z * error, -1.0, 1.0)) for sign in (-1, 1))
    return Kappa(float(kappa), error, low, high, n, observed, expected, wide, weights)


def _paired(a, b) -> np.ndarray:
    first, second = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if first.shape != second.shape or first.ndim != 1:
        raise ValueError("The two series must have the same length.")
    values = np.column_stack([first, second])
    if not np.isfinite(values).all():
        raise ValueError("The two series must hold finite values only.")
    return values


def mean_absolute_difference(a: Sequence[float], b: Sequence[float]) -> float | None:
    """MAD = (1/n) sum |a_i - b_i| over n paired values, in their unit; None when n = 0."""
    values = _paired(a, b)
    return float(np.abs(values[:, 0] - values[:, 1]).mean()) if len(values) else None


@dataclass(frozen=True)
class ICC:
    """ICC(A,1) of n subjects rated by k = 2 raters, its 95 % interval and mean squares.

    ci_low, ci_high: None when the interval is undefined. ms_rows (between subjects),
    ms_columns (between raters), ms_error: the two-way ANOVA mean squares it is built on.
    """

    icc: float
    ci_low: float | None
    ci_high: float | None
    n: int
    ms_rows: float
    ms_columns: float
    ms_error: float


def intraclass_correlation(a: Sequence[float], b: Sequence[float]) -> ICC | None:
    """ICC(A,1) of two raters: two-way, absolute agreement, single rater.

    McGraw and Wong, Psychological Methods 1 (1996), case 2A (Shrout and Fleiss's ICC(2,1)).
    For n subjects (rows) and k = 2 raters (columns), with the two-way ANOVA mean squares
    MSR = k sum_i (xbar_i. - xbar)^2 / (n - 1), MSC = n sum_j (xbar_.j - xbar)^2 / (k - 1),
    MSE = sum_ij (x_ij - xbar_i. - xbar_.j + xbar)^2 / ((n - 1)(k - 1)):
        ICC = (MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n).
    95 % interval (McGraw and Wong, table 7): with a = k ICC / (n (1 - ICC)), b = 1 + k ICC
    (n - 1) / (n (1 - ICC)), v = (a MSC + b MSE)^2 / ((a MSC)^2 / (k - 1) + (b MSE)^2 / ((n -
    1)(k - 1))), F_L = F_0.975(n - 1, v), F_U = F_0.975(v, n - 1) (``f_quantile``):
        low = n (MSR - F_L MSE) / (F_L (k MSC + (kn - k - n) MSE) + n MSR),
        high = n (F_U MSR - MSE) / (k MSC + (kn - k - n) MSE + n F_U MSR),
    clipped to [-1, 1]; (1, 1) when ICC = 1. None when n < 2 or the denominator is 0 (no
    variance).
    """
    x = _paired(a, b)
    n, k = x.shape
    if n < 2:
        return None
    grand = x.mean()
    ms_rows = k * ((x.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    ms_columns = n * ((x.mean(axis=0) - grand) ** 2).sum() / (k - 1)
    residual = x - x.mean(axis=1, keepdims=True) - x.mean(axis=0) + grand
    ms_error = (residual**2).sum() / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_columns - ms_error) / n
    if denominator <= EPSILON**2:
        return None
    icc = float((ms_rows - ms_error) / denominator)
    low, high = _icc_interval(icc, n, k, ms_rows, ms_columns, ms_error)
    return ICC(icc, low, high, n, float(ms_rows), float(ms_columns), float(ms_error))


def _icc_interval(icc, n, k, msr, msc, mse) -> tuple[float | None, float | None]:
    if icc >= 1.0 - EPSILON:
        return 1.0, 1.0
    a = k * icc / (n * (1 - icc))
    b = 1 + k * icc * (n - 1) / (n * (1 - icc))
    spread = (a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1))
    if spread <= 0:
        return None, None
    v = (a * msc + b * mse) ** 2 / spread
    tail = 0.5 + CONFIDENCE / 2
    f_low, f_high = f_quantile(tail, n - 1, v), f_quantile(tail, v, n - 1)
    common = k * msc + (k * n - k - n) * mse
    with np.errstate(divide="ignore", invalid="ignore"):
        low = n * (msr - f_low * mse) / (f_low * common + n * msr)
        high = n * (f_high * msr - mse) / (common + n * f_high * msr)
    if not (math.isfinite(low) and math.isfinite(high)):  # an infinite F quantile
        return None, None
    return float(np.clip(low, -1.0, 1.0)), float(np.clip(high, -1.0, 1.0))


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= c * d
        if abs(c * d - 1.0) < 1e-16:
            return h
    raise ArithmeticError("The incomplete beta fraction did not converge.")


def _regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularised incomplete beta function, for a, b > 0 and x in [0, 1]."""
    if x <= 0.0 or x >= 1.0:
        return 0.0 if x <= 0.0 else 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(log_front + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def f_quantile(q: float, d1: float, d2: float) -> float:
    """The q-quantile of Fisher's F(d1, d2), for any real degrees of freedom d1, d2 > 0.

    F's distribution function is I_y(d1/2, d2/2) with y = d1 x / (d1 x + d2); y is found by
    bisection to machine precision, then x = d2 y / (d1 (1 - y)). Exact to about 1e-12 (the
    tests compare it with the closed forms of F(2, v) and F(1, 1)).
    """
    if not 0.0 < q < 1.0 or d1 <= 0 or d2 <= 0:
        raise ValueError("q must lie in (0, 1) and the degrees of freedom be positive.")
    low, high = 0.0, 1.0
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if _regularized_beta(d1 / 2, d2 / 2, middle) < q:
            low = middle
        else:
            high = middle
    y = (low + high) / 2
    if y >= 1.0:  # the quantile is beyond every float (a degenerate v): infinite
        return math.inf
    return d2 * y / (d1 * (1.0 - y))
