import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StageError } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { frequencies } from '../../sinks/frequencies.js';
import { kmers } from '../../transforms/kmers.js';

const dir = new URL('../fixtures/kmers/', import.meta.url);

function expected(name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(new URL(name, dir), 'utf8').split('\n')) {
    const [kmer, count] = line.split('\t');
    if (kmer) out.set(kmer, Number(count));
  }
  return out;
}

const sortMap = (m: Map<string, number>): Map<string, number> => new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)));

describe('kmers', () => {
  const text = readFileSync(new URL('reads.fa', dir), 'utf8');
  const records = text
    .split('>')
    .slice(1)
    .map((rec) => ({ sequence: rec.split(/\r?\n/).slice(1).join('') }));

  for (const [k, canonical] of [
    [3, false],
    [6, true],
    [21, false],
    [31, true],
  ] as const) {
    it(`gives the k-mers jellyfish counts (k=${k}${canonical ? ', canonical' : ''})`, async () => {
      const counts = await pipe(records, kmers(k, { canonical }), frequencies<string>());
      expect(sortMap(counts)).to.deep.equal(expected(`reads.fa.k${k}${canonical ? '.C' : ''}.tsv`));
    });
  }

  it('folds case, skips k-mers with N, and takes strings, bytes and records', async () => {
    const out = await pipe(['acgNTA', Buffer.from('TTAC'), { sequence: 'GG' }, ''], kmers(2), collect<string>());
    expect(out).to.deep.equal(['AC', 'CG', 'TA', 'TT', 'TA', 'AC', 'GG']);
  });

  it('emits nothing for empty input', async () => {
    expect(await pipe([], kmers(3), frequencies<string>())).to.deep.equal(new Map());
  });

  it('names the stage and the item when an item is not a sequence', async () => {
    const err = await pipeline(Readable.from(['ACGTA', 'CCC', 7]), kmers(6), new Writable({ objectMode: true, write: (_c, _e, cb) => cb() })).catch(
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(StageError);
    expect((err as StageError).code).to.equal('ERR_STREAMTOOLZ_STAGE');
    expect((err as StageError).stage).to.equal('kmers(k=6)');
    expect((err as StageError).index).to.equal(2);
    expect((err as Error).message).to.match(/^kmers\(k=6\) failed at item 2: expected a string/);
  });

  it('throws at once for a bad k and does not mutate its options', () => {
    expect(() => kmers(40)).to.throw(RangeError, 'The "k" option must be an integer from 1 to 31. Received 40');
    expect(() => kmers(0)).to.throw(RangeError);
    expect(() => kmers(6, { canonical: 'yes' as unknown as boolean })).to.throw(TypeError, /"canonical"/);
    const options = { canonical: true };
    kmers(6, options);
    expect(options).to.deep.equal({ canonical: true });
  });

  it('keeps memory bounded over a 4 MB sequence into a slow consumer, and cancels', async () => {
    const seq = 'ACGGTTCA'.repeat(1 << 19); // 4 MB
    const stage = kmers(6);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let seen = 0;
    let maxBuffered = 0;
    const ac = new AbortController();
    const slow = new Writable({
      objectMode: true,
      highWaterMark: 4,
      write(_kmer, _enc, cb) {
        seen++;
        maxBuffered = Math.max(maxBuffered, stage.readableLength);
        if (seen === 2000) ac.abort();
        // A slow consumer: every 100 k-mers, yield to the event loop for a while.
        if (seen % 100 === 0) setTimeout(cb, 1);
        else cb();
      },
    });
    const err = await pipeline(Readable.from([seq]), stage, slow, { signal: ac.signal }).catch((e: unknown) => e);
    const grown = process.memoryUsage().heapUsed - before;
    expect((err as Error).name).to.equal('AbortError');
    expect(seen).to.be.at.least(2000);
    expect(maxBuffered).to.be.at.most(16); // the stage's readable highWaterMark
    // 4 million 6-mer strings would take well over 100 MB; lazily we hold a handful.
    expect(grown).to.be.below(30 * 1024 * 1024);
  });
});
