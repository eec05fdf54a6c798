#!/usr/bin/python3
"""IncrementalPCA.fit in 40-digit arithmetic (mpmath): the exact answer that float64
implementations (scikit-learn's LAPACK SVD, streamtoolz's Gram + eigen kernel) can be
measured against. Slow (about 2 s per batch of a 30-feature file): for small inputs only.

Usage: /usr/bin/python3 benchmarks/pca-exact.py FILE.csv N_COMPONENTS BATCH_SIZE > exact.json
(the row count must be a multiple of BATCH_SIZE). Then compare, e.g. with numpy, the
"components" of exact.json with those of `streamtoolz pca` and of benchmarks/pca-seed.py.

Measured (20 000 x 30 rows, singular values 5 .. 3 geometric, batch 40, 2 components):
distance of each component from the exact one, streamtoolz 1.6e-14 and 1.6e-14,
scikit-learn 1.2.1 (gesdd) 5.6e-14 and 3.6e-13.
"""
import json
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 40
X = np.loadtxt(sys.argv[1], delimiter=',', ndmin=2)
k, B = int(sys.argv[2]), int(sys.argv[3])
N, n = X.shape
rows = [[mp.mpf(float(v)) for v in row] for row in X]
seen, mean, var, comps, S = 0, [mp.mpf(0)] * n, [mp.mpf(0)] * n, None, None
for start in range(0, N, B):
    batch = rows[start:start + B]
    m = len(batch)
    bm = [mp.fsum(r[j] for r in batch) / m for j in range(n)]
    total = seen + m
    bv = [mp.fsum((r[j] - bm[j]) ** 2 for r in batch) / m for j in range(n)]
    new_mean = [(mean[j] * seen + bm[j] * m) / total for j in range(n)]
    new_var = [(var[j] * seen + bv[j] * m + mp.mpf(seen) * m / total * (mean[j] - bm[j]) ** 2) / total for j in range(n)]
    A = [[r[j] - bm[j] for j in range(n)] for r in batch]
    if seen > 0:  # the stacked matrix of partial_fit
        w = mp.sqrt(mp.mpf(seen) / total * m)
        A = [[S[i] * comps[i][j] for j in range(n)] for i in range(k)] + A + [[w * (mean[j] - bm[j]) for j in range(n)]]
    A = mp.matrix(A)
    E, Q = mp.eigsy(A.T * A)  # exact enough at 40 digits: squaring costs 16 of them at most
    order = sorted(range(n), key=lambda i: -E[i])[:k]
    S = [mp.sqrt(E[i]) for i in order]
    comps = []
    for i in order:
        v = [Q[j, i] for j in range(n)]
        if v[max(range(n), key=lambda j: abs(v[j]))] < 0:  # svd_flip, decided by V
            v = [-x for x in v]
        comps.append(v)
    seen, mean, var = total, new_mean, new_var
print(json.dumps({"components": [[float(x) for x in c] for c in comps], "singularValues": [float(s) for s in S],
                  "mean": [float(x) for x in mean], "var": [float(x) for x in var]}))
