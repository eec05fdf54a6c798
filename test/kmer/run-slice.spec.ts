import { expect } from 'chai';
import { PackedRunBuilder, type PackedRun } from '../../lib/kmer/packed-run.js';
import { keyAt, lowerBound, sliceRun } from '../../lib/kmer/run-slice.js';

/** A run of k-mers with keys spread over several hi values (segments for k ≤ 24), some counts ≥ 255. */
function makeRun(k: number, n: number): { run: PackedRun; entries: [number, number, number][] } {
  const entries: [number, number, number][] = [];
  for (let i = 0; i < n; i++) entries.push([Math.floor(i / 7), ((i * 2654435761) % 1000) + (i % 7) * 1000, i % 13 === 0 ? 300 + i : 1 + (i % 5)]);
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const b = new PackedRunBuilder(k, n);
  for (const [h, l, c] of entries) b.push(h, l, c);
  return { run: b.finish(), entries };
}

function entriesOf(run: PackedRun): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < run.n; i++) out.push([Math.floor(keyAt(run, i) / 2 ** 32), keyAt(run, i) % 2 ** 32, run.countAt(i)]);
  return out;
}

describe('run slices', () => {
  for (const k of [21, 31]) {
    it(`cuts a run at any positions into runs with the same entries, copied or as views (k=${k})`, () => {
      const { run, entries } = makeRun(k, 200);
      expect(entriesOf(run)).to.deep.equal(entries);
      for (const [from, to] of [
        [0, 200],
        [0, 1],
        [3, 4],
        [7, 14],
        [13, 150],
        [199, 200],
        [50, 50],
      ] as const) {
        for (const view of [false, true]) {
          const part = sliceRun(run, from, to, view);
          expect(part.n).to.equal(to - from);
          expect(entriesOf(part), `${from}-${to} view=${view}`).to.deep.equal(entries.slice(from, to));
          if (part.n > 0) expect(part.lo.buffer === run.lo.buffer).to.equal(view);
          for (const [h, l, c] of entries.slice(from, to)) expect(part.get(h, l)).to.equal(c);
        }
      }
    });

    it(`finds the first position at or past a key (k=${k})`, () => {
      const { run, entries } = makeRun(k, 100);
      const keys = entries.map(([h, l]) => h * 2 ** 32 + l);
      for (const probe of [0, keys[0]!, keys[0]! + 1, keys[42]!, keys[42]! - 1, keys[99]!, keys[99]! + 1]) {
        const want = keys.findIndex((x) => x >= probe);
        expect(lowerBound(run, probe)).to.equal(want < 0 ? 100 : want);
      }
    });
  }
});
