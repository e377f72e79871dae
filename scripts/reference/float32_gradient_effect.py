"""How much does a float32 loss gradient move mteb's classification results? (informational)

scikit-learn PR #32644 (released after 1.8) makes LogisticRegression(solver="lbfgs") estimate the loss
gradient in float32 when X is float32, which mteb's embeddings are. mteb-ts (and sklearn <= 1.8) compute it
in float64. This script runs mteb's Banking77 protocol on the mirrored data with the hash embeddings of
classification_parity.py twice with the sklearn >= 1.3 objective (mean loss, maxls 50, ftol 64 eps): once
with a float64 objective, once with an objective evaluated in float32 (an approximation of the new code
path, not sklearn's exact arithmetic), and prints accuracy and prediction agreement per experiment.

    /usr/bin/python3 scripts/reference/float32_gradient_effect.py ../shared/hub
"""
import json
import os
import sys
import warnings

import numpy as np
from scipy import optimize

sys.path.insert(0, os.path.dirname(__file__))
from classification_parity import embed, read_rows, undersample  # noqa: E402


def fit(X, y, dtype, C=1.0):
    classes = np.unique(y)
    n, d = X.shape
    K = classes.size
    Y = (y[:, None] == classes[None, :]).astype(dtype)
    Xd = X.astype(dtype)

    def fg(w):
        W = w.reshape(d + 1, K)  # rows: features then intercept (layout does not matter here)
        Wd = W.astype(dtype)
        raw = Xd @ Wd[:d] + Wd[d]
        mx = raw.max(axis=1, keepdims=True)
        e = np.exp(raw - mx)
        s = e.sum(axis=1, keepdims=True)
        loss = float((np.log(s) + mx - (raw * Y).sum(axis=1, keepdims=True)).sum()) / n
        P = (e / s - Y) / dtype(n)
        g = np.empty((d + 1, K))
        g[:d] = (Xd.T @ P).astype(np.float64) + W[:d] / (C * n)
        g[d] = P.sum(axis=0).astype(np.float64)
        return loss + 0.5 / (C * n) * float((W[:d] ** 2).sum()), g.ravel()

    r = optimize.minimize(fg, np.zeros((d + 1) * K), method="L-BFGS-B", jac=True,
                          options={"maxiter": 100, "maxls": 50, "gtol": 1e-4, "ftol": 64 * np.finfo(float).eps})
    W = r.x.reshape(d + 1, K)
    return classes, W, r.nit


def main(hub, scale=1):
    warnings.simplefilter("ignore")
    root = os.path.join(hub, "datasets", "mteb/banking77")
    train = read_rows(os.path.join(root, "data/train.jsonl"))
    test = read_rows(os.path.join(root, "data/test.jsonl"))
    labels = [r["label"] for r in train]
    idxs = list(range(len(train)))
    Xte = embed([r["text"] for r in test], scale).astype(np.float64)
    yte = np.array([r["label"] for r in test])
    out = []
    for _ in range(10):
        rows = undersample(labels, idxs, 8)
        X = embed([train[i]["text"] for i in rows], scale)
        y = np.array([labels[i] for i in rows])
        res = {}
        for name, dt in (("float64", np.float64), ("float32", np.float32)):
            classes, W, nit = fit(X, y, dt)
            res[name] = (classes[(Xte @ W[:-1] + W[-1]).argmax(axis=1)], nit)
        p64, p32 = res["float64"][0], res["float32"][0]
        out.append({"acc64": float((p64 == yte).mean()), "acc32": float((p32 == yte).mean()),
                    "agree": float((p64 == p32).mean()), "nit": [res["float64"][1], res["float32"][1]]})
    print(json.dumps({"scale": scale, "experiments": out,
                      "mean_acc64": float(np.mean([o["acc64"] for o in out])),
                      "mean_acc32": float(np.mean([o["acc32"] for o in out])),
                      "min_agree": min(o["agree"] for o in out)}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/hub", int(sys.argv[2]) if len(sys.argv) > 2 else 1)
