#!/usr/bin/python3
"""The seed's k-mer counting pipeline, as the talk wrote it, for the k-mer benchmark.

Usage: /usr/bin/python3 benchmarks/kmers-seed.py toolz|cytoolz K FILE...
Prints the number of distinct k-mers (the counts dict is the result, as in the seed).
"""
import sys

if sys.argv[1] == 'cytoolz':
    import cytoolz as tz
    from cytoolz import curried
else:
    import toolz as tz
    from toolz import curried


def fa_filter(sequence_iter):
    for seq in sequence_iter:
        if not seq.startswith('>'):
            yield seq.rstrip()


def open_all(paths):
    for path in paths:
        with open(path) as f:
            yield from f


k = int(sys.argv[2])
counts = tz.pipe(open_all(sys.argv[3:]), fa_filter, curried.map(curried.sliding_window(k)), tz.concat,
                 curried.map(''.join), tz.frequencies)
print(len(counts))
