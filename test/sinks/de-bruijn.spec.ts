import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { assemble } from '../../lib/debruijn/assemble.js';
import { eulerianPath } from '../../lib/debruijn/eulerian-path.js';
import type { DeBruijnGraph } from '../../lib/debruijn/graph.js';
import { pipe } from '../../lib/core/pipe.js';
import { deBruijn, type DeBruijnOptions } from '../../sinks/de-bruijn.js';
import { graphOf, nxCase, randomReads, rng } from '../helpers/debruijn.js';
import { expectStageError, rejection, thrown, expectStopped } from '../helpers/support.js';

function edges(g: DeBruijnGraph): string[] {
  const out: string[] = [];
  for (let e = 0; e < g.edgeCount; e++) out.push(`${g.edgeLabel(e)} x${g.multiplicity[e]}`);
  return out;
}

describe('sinks.deBruijn', () => {
  it("reassembles the seed's toy from random reads streamed through pipe()", async () => {
    const reads = randomReads('ATGGCGTGCA', 60, 5, rng(3));
    const g = await pipe(Readable.from(reads), deBruijn(4));
    expect(assemble(eulerianPath(g))).to.equal('ATGGCGTGCA');
  });

  it('builds the same graph as the kernel from the fixture reads (strings, Buffers, records)', async () => {
    const c = nxCase('repeats');
    const expected = edges(graphOf(c.k, c.reads));
    expect(edges(await pipe(c.reads, deBruijn(c.k)))).to.deep.equal(expected);
    expect(
      edges(
        await pipe(
          c.reads.map((r) => Buffer.from(r)),
          deBruijn(c.k),
        ),
      ),
    ).to.deep.equal(expected);
    expect(
      edges(
        await pipe(
          c.reads.map((sequence, i) => ({ id: `r${i}`, sequence })),
          deBruijn(c.k),
        ),
      ),
    ).to.deep.equal(expected);
  });

  it("works as the last argument of Node's own pipeline, one read per write", async () => {
    const c = nxCase('unique');
    const g = await pipeline(Readable.from(c.reads), deBruijn(c.k));
    expect(assemble(eulerianPath(g))).to.equal(c.genome);
  });

  it('keeps reads apart: no k-mer spans two reads', async () => {
    const g = await pipe(['ACGT', 'TTGA'], deBruijn(3));
    expect(edges(g).sort()).to.deep.equal(['ACG x1', 'CGT x1', 'TGA x1', 'TTG x1']);
  });

  it('folds case and skips k-mers with other characters', async () => {
    const g = await pipe(['acgNacgt'], deBruijn(3));
    expect(edges(g).sort()).to.deep.equal(['ACG x2', 'CGT x1']);
  });

  it('drops k-mers seen fewer than minCount times', async () => {
    const g = await pipe(['ACGTA', 'ACGTA', 'ACGGA'], deBruijn(4, { minCount: 2 }));
    expect(edges(g).sort()).to.deep.equal(['ACGT x2', 'CGTA x2']);
  });

  it('gives an empty graph for no reads', async () => {
    const g = await pipe([], deBruijn(5));
    expect([g.nodeCount, g.edgeCount]).to.deep.equal([0, 0]);
  });

  it('fails on a read that is not a sequence, naming the stage and the item', async () => {
    const err = await rejection(pipe(['ACGT', 'ACGT', 42 as unknown as string], deBruijn(3, { minCount: 2 })));
    expectStageError(err, 'deBruijn(k=3, minCount=2)', 2, 'expected a read as a string, a Buffer or a record with a sequence field, got number');
  });

  it('stops on abort', async () => {
    const ac = new AbortController();
    // Endless, and yielding to the event loop now and then as a file or socket would.
    const endless = Readable.from(
      (async function* () {
        for (let i = 0; ; i++) {
          if (i % 100 === 0) await setImmediate();
          yield 'ACGTACGT';
        }
      })(),
    );
    setTimeout(() => ac.abort(), 20);
    const err = (await rejection(pipe(endless, deBruijn(5), { signal: ac.signal }))) as Error;
    expect(err.name).to.equal('AbortError');
    expectStopped(endless);
  });

  it('throws at once for bad options, and does not modify the options object', () => {
    expect(thrown(() => deBruijn(32)).message).to.equal('The "k" option must be an integer from 2 to 31. Received 32');
    expect(thrown(() => deBruijn(5, { minCount: 1.5 })).code).to.equal('ERR_OUT_OF_RANGE');
    const options: DeBruijnOptions = { minCount: 2 };
    Object.freeze(options);
    deBruijn(5, options);
    expect(options).to.deep.equal({ minCount: 2 });
  });
});
