"""Reference coefficients for test/metrics/logistic-regression.test.ts.

Run with Debian's python3 (scikit-learn 1.2.1, scipy 1.10.1, numpy 1.24.2):
    /usr/bin/python3 scripts/reference/logistic_regression.py

Problems are generated from integer formulas (identical in the TS test):
    X[i, j] = float32(((i * 131 + j * 71 + i * j * 17) % 97) / 97 - 0.5)
    score_k(i) = sum_j X[i, j] * ((j * 5 + k * 3) % 7 - 3) + ((i * 13 + k) % 5) * 0.3
    label(i) = argmax_k score_k(i)   (binary: k in {0, 1})

'sklearn-1.2' = sklearn 1.2.1's own LogisticRegression (summed loss + 1/(2C)||w||^2, scipy defaults
maxls=20, ftol=2.22e-9). 'modern' = the objective and solver options of sklearn >= 1.3
(mean loss + 1/(2Cn)||w||^2, maxls=50, ftol=64*eps), run here with 1.2.1's LinearModelLoss
(sample_weight = 1/n makes its summed loss a mean) and scipy's L-BFGS-B, exactly as newer
sklearn's _logistic_regression_path calls it.
"""
import json
import sys
import warnings

import numpy as np
from scipy import optimize
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss


def problem(n, d, k):
    i = np.arange(n)[:, None]
    j = np.arange(d)[None, :]
    X = (((i * 131 + j * 71 + i * j * 17) % 97) / 97 - 0.5).astype(np.float32)
    scores = np.stack(
        [
            (X.astype(np.float64) * (((np.arange(d) * 5 + c * 3) % 7) - 3)).sum(axis=1)
            + ((np.arange(n) * 13 + c) % 5) * 0.3
            for c in range(k)
        ],
        axis=1,
    )
    return X, scores.argmax(axis=1)


def modern_fit(X, y, C=1.0, max_iter=100, tol=1e-4):
    """sklearn >= 1.3 lbfgs path, reproduced with 1.2.1 building blocks."""
    X = X.astype(np.float64)
    classes = np.unique(y)
    n, d = X.shape
    sw = np.full(n, 1.0 / n)
    if classes.size == 2:
        target = (y == classes[1]).astype(np.float64)
        loss = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
        w0 = np.zeros(d + 1)
    else:
        target = np.searchsorted(classes, y).astype(np.float64)
        loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=classes.size), fit_intercept=True)
        w0 = np.zeros((classes.size, d + 1), order="F").ravel(order="F")
    res = optimize.minimize(
        loss.loss_gradient,
        w0,
        method="L-BFGS-B",
        jac=True,
        args=(X, target, sw, 1.0 / (C * n), 1),
        options={"maxiter": max_iter, "maxls": 50, "gtol": tol, "ftol": 64 * np.finfo(float).eps},
    )
    if classes.size == 2:
        coef, intercept = res.x[:d][None, :], res.x[d:]
    else:
        W = res.x.reshape((classes.size, -1), order="F")
        coef, intercept = W[:, :d], W[:, d]
    return coef, intercept, int(res.nit)


def predict(coef, intercept, X):
    s = X.astype(np.float64) @ coef.T + intercept
    return (s[:, 0] > 0).astype(int) if s.shape[1] == 1 else s.argmax(axis=1)


def main():
    out = {}
    cases = {
        "binary": (60, 6, 2, ["neg", "pos"], 100),
        "multiclass": (90, 7, 4, [3, 7, 11, 20], 100),
        # Stopped after 4 iterations: checks that the solver follows scipy's path, not just the optimum.
        "multiclass_iter4": (90, 7, 4, [3, 7, 11, 20], 4),
        "binary_iter4": (60, 6, 2, ["neg", "pos"], 4),
    }
    for name, (n, d, k, names, max_iter) in cases.items():
        X, yi = problem(n, d, k)
        y = np.array(names)[yi]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # max_iter=4 cases stop early on purpose
            lr = LogisticRegression(max_iter=max_iter).fit(X, y)
        c2, i2, it2 = modern_fit(X, y, max_iter=max_iter)
        out[name] = {
            "counts": np.bincount(yi, minlength=k).tolist(),
            "sklearn-1.2": {
                "coef": lr.coef_.round(10).tolist(),
                "intercept": lr.intercept_.round(10).tolist(),
                "n_iter": int(lr.n_iter_[0]),
                "pred": lr.predict(X).tolist(),
            },
            "modern": {
                "coef": c2.round(10).tolist(),
                "intercept": i2.round(10).tolist(),
                "n_iter": it2,
                "pred": np.array(names)[predict(c2, i2, X)].tolist(),
            },
        }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    import sklearn

    print("# sklearn", sklearn.__version__, file=sys.stderr)
    main()
