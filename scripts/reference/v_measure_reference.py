"""Reference values for test/metrics/v-measure.test.ts (Debian /usr/bin/python3, scikit-learn 1.2.1, scipy 1.10.1)."""
import json
import numpy as np
from scipy.special import gammaln
from sklearn.metrics import homogeneity_completeness_v_measure as hcv, adjusted_mutual_info_score as ami, mutual_info_score as mi

rs = np.random.RandomState(0)
cases = {
    "small": ([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]),
    "strings": (["b", "a", "a", "c", "b", "c", "c"], ["x", "x", "y", "y", "z", "z", "z"]),
    "single_true": ([3, 3, 3, 3], [0, 1, 0, 1]),
    "single_pred": ([0, 1, 2, 0], [5, 5, 5, 5]),
    "both_single": ([1, 1, 1], [2, 2, 2]),
    "all_distinct": ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0]),
    "all_distinct_vs_single": ([0, 1, 2, 3, 4], [0, 0, 0, 0, 0]),
    "perfect_renamed": ([0, 0, 1, 1, 2, 2, 2], [7, 7, 3, 3, 1, 1, 1]),
    "independent": ([0, 0, 1, 1], [0, 1, 0, 1]),
    # random_sample-based so the TS test can rebuild them: floor(u * k)
    "random_1000": ((rs.random_sample(1000) * 7).astype(int).tolist(), (rs.random_sample(1000) * 5).astype(int).tolist()),
    "random_16384": ((rs.random_sample(16384) * 20).astype(int).tolist(), (rs.random_sample(16384) * 20).astype(int).tolist()),
}
out = {}
for name, (t, p) in cases.items():
    h, c, v = hcv(t, p)
    out[name] = dict(h=h, c=c, v=v, ami=ami(t, p), mi=mi(t, p))
print(json.dumps(out, indent=1))
print(json.dumps({"gammaln": [float(gammaln(x)) for x in (1, 2, 3, 10, 20, 25.0, 100, 16385, 60000)]}))
