#!/usr/bin/python3
"""The seed's De Bruijn assembly pipeline (toolz + networkx), for the assembly benchmark.

Usage: /usr/bin/python3 benchmarks/assemble-seed.py toolz|cytoolz tuple|str K READS.txt
(one read per line)
Writes the assembled sequence to stdout.

As the talk wrote it: k-mers of each read by sliding_window, joined into strings, each k-mer
cut by sliding_window(k-1) into its two (k-1)-mers (tuples of characters), added as an edge
to a networkx DiGraph (one edge per distinct k-mer), then an Eulerian path and `assemble`.
The talk's `nxeuler` module is not published; `add_edges` is reconstructed as the obvious
curried loop, and networkx's own `eulerian_path` stands in for `eu.eulerian_path`.

Nodes: 'tuple' keeps the talk's (k-1)-mer tuples of characters; 'str' joins them into
strings. 'cytoolz' is the talk's drop-in C version of toolz: its sliding_window is C, where
toolz's builds k iterators per window (at k = 31 that dominates the pure-Python run). The
benchmark compares against the fastest variant.
"""
import sys

import networkx as nx

if sys.argv[1] == 'cytoolz':
    import cytoolz as tz
    from cytoolz import curried
else:
    import toolz as tz
    from toolz import curried


@tz.curry
def add_edges(g, edges):
    for edge in edges:
        g.add_edge(*edge)
    return g


def eulerian_path(g):
    return nx.eulerian_path(g)


def as_strings(edge):
    return tuple(''.join(node) for node in edge)


def assemble(euler_path):
    euler_path = list(euler_path)  # the talk's warning: iterators get consumed
    start = ''.join(tz.first(euler_path)[0])
    rest = tz.pipe(euler_path, curried.pluck(1),  # 2nd k-1-mer
                   curried.pluck(-1),  # its last letter
                   ''.join)
    return start + rest


def reads_of(path):
    with open(path) as f:
        for line in f:
            yield line.rstrip()


nodes, k = sys.argv[2], int(sys.argv[3])
g = nx.DiGraph()
inferred = tz.pipe(reads_of(sys.argv[4]), curried.map(curried.sliding_window(k)),  # k-mers
                   tz.concat,  # join k-mer streams from all reads
                   curried.map(''.join),  # make string from tup of char
                   curried.map(curried.sliding_window(k - 1)),  # get k-1-mer tups
                   curried.map(as_strings) if nodes == 'str' else tz.identity,
                   add_edges(g),  # add edges to g
                   eulerian_path,  # iterate over euler path edges
                   assemble)  # get assembled string from path
sys.stdout.write(inferred + '\n')
