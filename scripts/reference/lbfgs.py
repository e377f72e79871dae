"""Reference runs of scipy's L-BFGS-B for test/metrics/lbfgs.test.ts.

    /usr/bin/python3 scripts/reference/lbfgs.py     # scipy 1.10.1 (Debian), Fortran L-BFGS-B 3.0

scipy.optimize.minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B", options=...) with the options of each
case; prints nit, nfev, status, fun and x (17 significant digits).
"""
import json

import numpy as np
from scipy.optimize import minimize, rosen, rosen_der

X0 = [1.3, 0.7, 0.8, 1.9, 1.2]
CASES = {
    "defaults": {},
    "maxiter7": {"maxiter": 7},
    "sklearn_modern": {"maxiter": 100, "maxls": 50, "gtol": 1e-4, "ftol": 64 * np.finfo(float).eps},
    "m3": {"maxcor": 3},
}
out = {}
for name, opts in CASES.items():
    r = minimize(rosen, np.array(X0), jac=rosen_der, method="L-BFGS-B", options=opts)
    out[name] = {"nit": int(r.nit), "nfev": int(r.nfev), "status": int(r.status), "fun": repr(float(r.fun)), "x": [repr(float(v)) for v in r.x]}
print(json.dumps(out, indent=1))
