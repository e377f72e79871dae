"""Reference for metrics/numpy-float32.ts and sklearn's paired distances on float32 input.

Run with Debian's python3 (numpy 1.24.2, scikit-learn 1.2.1):
    /usr/bin/python3 scripts/reference/numpy_float32.py > test/fixtures/numpy-float32.json
Rows include zero vectors, near-zero vectors (norm < 10*eps, which sklearn's normalize leaves unscaled), exact
duplicates and every length class of numpy's loops (< 8, <= 128, longer; multiples of 16 and ragged tails).
Float32 values are written as their exact decimal (repr of the float64 they widen to), so they parse back exactly.
"""
import json
import numpy as np
from sklearn.metrics.pairwise import paired_cosine_distances, paired_euclidean_distances, paired_manhattan_distances

rng = np.random.default_rng(20261207)
cases = []
for dim in [1, 3, 7, 8, 15, 16, 17, 100, 128, 129, 300]:
    n = 9
    X = rng.normal(size=(n, dim)).astype(np.float32)
    Y = rng.normal(size=(n, dim)).astype(np.float32)
    X[0] = 0                       # zero vs vector
    Y[1] = 0                       # vector vs zero
    X[2] = 0; Y[2] = 0             # zero vs zero
    X[3] = np.float32(1e-9)        # near-zero: norm below 10*eps, left unscaled by sklearn's normalize
    Y[4] = X[4]                    # identical pair
    X[5] = X[5] * np.float32(1e6)  # large
    Y[6] = -X[6]                   # opposite
    cases.append({
        "X": X.astype(np.float64).tolist(),
        "Y": Y.astype(np.float64).tolist(),
        "einsum_xx": np.einsum("ij,ij->i", X, X).astype(np.float64).tolist(),
        "sum_abs_x": np.abs(X).sum(axis=-1).astype(np.float64).tolist(),
        "cosine": (1 - paired_cosine_distances(X, Y)).astype(np.float64).tolist(),
        "manhattan": paired_manhattan_distances(X, Y).astype(np.float64).tolist(),
        "euclidean": paired_euclidean_distances(X, Y).astype(np.float64).tolist(),
    })
    for k in ("cosine", "manhattan", "euclidean"):
        assert paired_cosine_distances(X, Y).dtype == np.float32
print(json.dumps({"numpy": np.__version__, "cases": cases}))
