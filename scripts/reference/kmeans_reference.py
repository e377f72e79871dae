"""Reference values for test/metrics/kmeans.test.ts (run with Debian's /usr/bin/python3; sklearn 1.2.1, numpy 1.24.2).

Data is generated only from RandomState.random_sample so the TS test can rebuild it bit for bit:
  rs = RandomState(seed); C = rs.random_sample((k0, d)) * spread; U = rs.random_sample((n, d))
  X = (C[arange(n) % k0] + U).astype(float32)
"""
import json
import numpy as np
import sklearn
from sklearn.cluster import MiniBatchKMeans, kmeans_plusplus


def data(seed, n, d, k0, spread):
    rs = np.random.RandomState(seed)
    C = rs.random_sample((k0, d)) * spread
    U = rs.random_sample((n, d))
    return (C[np.arange(n) % k0] + U).astype(np.float32)


cases = [
    dict(seed=0, n=300, d=8, k0=5, spread=4.0, k=5, batch=100),
    dict(seed=1, n=2000, d=32, k0=10, spread=1.0, k=10, batch=100),
    dict(seed=2, n=1500, d=16, k0=7, spread=0.5, k=12, batch=500),
    dict(seed=3, n=40, d=4, k0=3, spread=2.0, k=3, batch=500),
]
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": []}
for c in cases:
    X = data(c["seed"], c["n"], c["d"], c["k0"], c["spread"])
    _, idx = kmeans_plusplus(X, c["k"], random_state=np.random.RandomState(42))
    m = MiniBatchKMeans(n_clusters=c["k"], batch_size=c["batch"], n_init="auto", random_state=42).fit(X)
    out["cases"].append(dict(c, pp=idx.tolist(), labels=m.labels_.tolist(), n_steps=int(m.n_steps_)))
print(json.dumps(out))
