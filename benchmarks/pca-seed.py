#!/usr/bin/python3
"""The seed's streaming PCA pipeline, as the talk wrote it, for the PCA benchmark.

Usage: /usr/bin/python3 benchmarks/pca-seed.py FILE.csv [N_COMPONENTS] [BATCH_SIZE]
Prints the fitted model's attributes as JSON (the names streamtoolz uses), so that the
benchmark can check that both give the same numbers.
"""
import json
import sys

import numpy as np
import toolz as tz
from sklearn import decomposition
from toolz import curried


def array_from_txt(line, sep=',', dtype=float):  # the seed has np.float, gone from numpy
    return np.array(line.rstrip().split(sep), dtype=dtype)


def streaming_pca(samples, n_components=2, batch_size=100):
    ipca = decomposition.IncrementalPCA(n_components=n_components, batch_size=batch_size)
    # we use `tz.last` to force evaluation of the full iterator
    _ = tz.last(tz.pipe(samples,  # iterator of 1D arrays
                        curried.partition(batch_size),  # iterator of tuples
                        curried.map(np.array),  # iterator of 2D arrays
                        curried.map(ipca.partial_fit)))  # partial_fit on each
    return ipca


path = sys.argv[1]
k = int(sys.argv[2]) if len(sys.argv) > 2 else 2
batch = int(sys.argv[3]) if len(sys.argv) > 3 else 100
with open(path) as fin:
    pca_obj = tz.pipe(fin, curried.map(array_from_txt), lambda s: streaming_pca(s, k, batch))

print(json.dumps({
    "nComponents": k,
    "nSamplesSeen": int(pca_obj.n_samples_seen_),
    "components": pca_obj.components_.tolist(),
    "mean": pca_obj.mean_.tolist(),
    "var": pca_obj.var_.tolist(),
    "explainedVariance": pca_obj.explained_variance_.tolist(),
    "explainedVarianceRatio": pca_obj.explained_variance_ratio_.tolist(),
    "singularValues": pca_obj.singular_values_.tolist(),
    "noiseVariance": float(pca_obj.noise_variance_),
}))
