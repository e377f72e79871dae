"""Reference loss and gradient for test/compute/logistic/native-multinomial.test.ts.

Run with Debian's python3 (scikit-learn 1.2.1, numpy 1.24.2):
    /usr/bin/python3 scripts/reference/multinomial_loss_gradient.py > test/fixtures/multinomial-loss-gradient.json

The data term of sklearn's multinomial LogisticRegression objective (no penalty): scikit-learn's own
LinearModelLoss(HalfMultinomialLoss, fit_intercept=True).loss_gradient with l2_reg_strength = 0, at a fixed
coefficient array (not a fit). sample_weight = 1 gives the summed loss of sklearn <= 1.2, sample_weight = 1/n the
mean loss of sklearn >= 1.3 (scale in the fixture). The gradient is raveled in order "F" from (k, d + 1): the
d x k weight gradient row-major, then the k intercept gradients, which is the layout of our parameter vector.

Inputs come from integer formulas (identical in the TS test):
    X[i, j] = float32(((i * 131 + j * 71 + i * j * 17) % 97) / 97 - 0.5)   (then used as float64)
    W[j, c] = (((j * 7 + c * 11) % 13) - 6) / 10 * mult,  b[c] = (((c * 5) % 7) - 3) / 10
    y[i] = (i * 7 + i // 3) % k
"""
import json

import numpy as np
import sklearn
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.linear_model._linear_loss import LinearModelLoss


def case(n, d, k, mult, mean):
    i = np.arange(n)[:, None]
    j = np.arange(d)[None, :]
    X = (((i * 131 + j * 71 + i * j * 17) % 97) / 97 - 0.5).astype(np.float32).astype(np.float64)
    jj = np.arange(d)[:, None]
    cc = np.arange(k)[None, :]
    W = ((((jj * 7 + cc * 11) % 13) - 6) / 10) * mult  # d x k
    b = (((np.arange(k) * 5) % 7) - 3) / 10
    y = ((np.arange(n) * 7 + np.arange(n) // 3) % k).astype(np.float64)
    coef = np.concatenate([W.T, b[:, None]], axis=1)  # (k, d + 1)
    sw = np.full(n, 1.0 / n) if mean else None
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=k), fit_intercept=True)
    f, g = loss.loss_gradient(coef.ravel(order="F"), X, y, sw, l2_reg_strength=0.0, n_threads=1)
    return {"n": n, "d": d, "k": k, "mult": mult, "scale": 1.0 / n if mean else 1.0, "loss": float(f), "grad": [float(v) for v in g]}


def main():
    cases = [
        case(257, 13, 11, 1.0, False),
        case(600, 7, 33, 1.0, True),
        case(61, 5, 9, 100.0, False),  # large logits: log-sum-exp must not overflow
    ]
    print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, separators=(",", ":")))


if __name__ == "__main__":
    main()
