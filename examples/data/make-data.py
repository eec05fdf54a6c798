#!/usr/bin/python3
"""Writes the data that `npm start` streams, and the reference values the example tests
check against. Run from anywhere: /usr/bin/python3 examples/data/make-data.py

Everything is seeded, so a re-run writes the same bytes. The references come from the
seed's own tools (scikit-learn, numpy, plain Python): the tests never run Python, they
read the JSON written here.
"""
import json
import os
import random

import numpy as np
from sklearn import decomposition

HERE = os.path.dirname(os.path.abspath(__file__))
SKLEARN_IRIS = '/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv'
SPECIES = ['setosa', 'versicolor', 'virginica']


def path(name):
    return os.path.join(HERE, name)


def write_fasta(f, name, seq, width):
    f.write('>%s\n' % name)
    for i in range(0, len(seq), width):
        f.write(seq[i:i + width] + '\n')


def iris():
    # scikit-learn's copy: a first line "150,4,setosa,versicolor,virginica", then 4
    # measurements and the class number. Ours: a header a person can read, species by name.
    with open(SKLEARN_IRIS) as fin:
        rows = [line.strip().split(',') for line in fin][1:]
    X = np.array([[float(v) for v in r[:4]] for r in rows])
    with open(path('iris.csv'), 'w') as out:
        out.write('sepal_length,sepal_width,petal_length,petal_width,species\n')
        for r in rows:
            out.write(','.join(r[:4] + [SPECIES[int(r[4])]]) + '\n')
    ref = {}
    # The seed's streaming_pca uses batch_size=100; one batch of all 150 rows is plain PCA.
    for key, model in [('ipca_batch100', decomposition.IncrementalPCA(n_components=2, batch_size=100)),
                       ('ipca_batch150', decomposition.IncrementalPCA(n_components=2, batch_size=150)),
                       ('pca', decomposition.PCA(n_components=2))]:
        model.fit(X)
        ref[key] = {
            'explained_variance_ratio': model.explained_variance_ratio_.tolist(),
            'components': model.components_.tolist(),
            'mean': model.mean_.tolist(),
            'first_rows_projected': model.transform(X[:3]).tolist(),
        }
    with open(path('iris-reference.json'), 'w') as out:
        json.dump(ref, out, indent=1)


def kmer_fasta(rng):
    # 40 records of 1-8 kb, GC content varying by record (30% to 70%), so that 6-mer counts
    # spread out instead of piling up around one mean: the histogram has a shape to look at.
    seqs = []
    for i in range(40):
        gc = 0.3 + 0.4 * i / 39
        n = rng.randint(1000, 8000)
        w = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2]
        seqs.append(''.join(rng.choices('ACGT', weights=w, k=n)))
    with open(path('kmers.fa'), 'w') as out:
        for i, s in enumerate(seqs):
            write_fasta(out, 'seq%d gc=%.2f' % (i + 1, 0.3 + 0.4 * i / 39), s, 70)
    # Reference: the seed's counting, on whole records (a record's lines joined).
    k = 6
    counts = {}
    for s in seqs:
        for j in range(len(s) - k + 1):
            kmer = s[j:j + k]
            counts[kmer] = counts.get(kmer, 0) + 1
    values = np.array(list(counts.values()))
    hist, edges = np.histogram(values, bins=25)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    with open(path('kmers-reference.json'), 'w') as out:
        json.dump({'k': k, 'records': len(seqs), 'bases': sum(map(len, seqs)),
                   'total': int(values.sum()), 'distinct': len(counts),
                   'hist_counts': hist.tolist(), 'hist_edges': edges.tolist(), 'top': top}, out, indent=1)


def genome(rng):
    # A random 5 kb genome and 750 error-free 100 bp reads at random places (15x coverage),
    # the seed's generate_reads at a size where the graph is too big to draw but the
    # assembly is still instant.
    g = ''.join(rng.choice('ACGT') for _ in range(5000))
    with open(path('genome.fa'), 'w') as out:
        write_fasta(out, 'genome length=5000', g, 70)
    with open(path('genome-reads.fa'), 'w') as out:
        for i in range(750):
            start = rng.randint(0, len(g) - 100)
            out.write('>read%d pos=%d\n%s\n' % (i + 1, start, g[start:start + 100]))


def toy():
    # The seed's toy sequence: Fig 3 of Compeau, Pevzner & Tesler (2011), not circular.
    # SEED.txt does not spell it out; this is the De Bruijn tests' toy (test/debruijn-*.spec.ts).
    with open(path('toy.fa'), 'w') as out:
        write_fasta(out, 'toy Compeau et al. 2011 Fig 3', 'ATGGCGTGCA', 70)


if __name__ == '__main__':
    rng = random.Random(7)
    iris()
    kmer_fasta(rng)
    genome(rng)
    toy()
