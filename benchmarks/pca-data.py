#!/usr/bin/python3
"""Writes a numeric CSV for the PCA benchmark: ROWS rows of FEATURES correlated features with
well separated variances (as test/fixtures/pca/make-fixtures.py), 6 decimals, no header.

Usage: /usr/bin/python3 benchmarks/pca-data.py ROWS FEATURES OUT.csv
"""
import sys

import numpy as np

rows, features, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(rows * 1000 + features)
scales = np.geomspace(5.0, 0.3, features)
q, _ = np.linalg.qr(rng.normal(size=(features, features)))
offset = rng.uniform(-10, 10, features)
with open(out, "w") as f:
    for start in range(0, rows, 100_000):  # in chunks: memory stays small
        n = min(100_000, rows - start)
        x = (rng.normal(size=(n, features)) * scales) @ q.T + offset
        np.savetxt(f, x, delimiter=",", fmt="%.6f")
