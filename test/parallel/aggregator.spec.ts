import { expect } from 'chai';
import { fold, mergeAll, type Aggregator } from '../../lib/parallel/aggregator.js';
import { frequenciesAggregator } from '../../lib/parallel/frequencies-aggregator.js';
import { kmerAggregator, type KmerState } from '../../lib/kmer/kmer-aggregator.js';
import { KmerCounts } from '../../lib/kmer/kmer-counts.js';
import { rng } from '../helpers/rng.js';

function randomSeq(rand: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += 'ACGTACGTACGTN'[Math.floor(rand() * 13)];
  return s;
}

/** The laws, checked through encode/decode (which also clones states that merge consumes). */
function checkLaws<S, I, R>(agg: Aggregator<S, I, R>, items: I[], seed: number, same: (a: R, b: R) => void): void {
  const rand = rng(seed);
  const whole = agg.result(fold(agg, items));
  for (let trial = 0; trial < 40; trial++) {
    const cut1 = Math.floor(rand() * (items.length + 1));
    const cut2 = cut1 + Math.floor(rand() * (items.length - cut1 + 1));
    const enc = (part: I[]): Uint8Array => agg.encode(fold(agg, part));
    const [a, b, c] = [enc(items.slice(0, cut1)), enc(items.slice(cut1, cut2)), enc(items.slice(cut2))];
    const d = (bytes: Uint8Array): S => agg.decode(bytes);
    // two halves = whole
    same(agg.result(agg.merge(d(a), agg.merge(d(b), d(c)))), whole);
    // associative
    same(agg.result(agg.merge(agg.merge(d(a), d(b)), d(c))), agg.result(agg.merge(d(a), agg.merge(d(b), d(c)))));
    // commutative
    same(agg.result(agg.merge(d(c), d(a))), agg.result(agg.merge(d(a), d(c))));
    // identity
    same(agg.result(agg.merge(agg.empty(), d(a))), agg.result(d(a)));
  }
}

function sortedEntries(m: Map<string, number> | KmerCounts): [string, number][] {
  return [...m].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

describe('frequenciesAggregator', () => {
  it('keeps the laws over random splits', () => {
    const rand = rng(7);
    const words = ['a', 'b', 'ccc', 'é', '日本', '', 'a b'];
    const items = Array.from({ length: 300 }, () => words[Math.floor(rand() * words.length)]!);
    checkLaws(frequenciesAggregator(), items, 11, (x, y) => expect(sortedEntries(x)).to.deep.equal(sortedEntries(y)));
  });

  it('keeps the order of first occurrence when the earlier part is merged first', () => {
    const agg = frequenciesAggregator();
    const merged = agg.merge(fold(agg, ['b', 'a']), fold(agg, ['c', 'a']));
    expect([...merged]).to.deep.equal([
      ['b', 1],
      ['a', 2],
      ['c', 1],
    ]);
  });

  it('round-trips unicode keys and large counts through encode', () => {
    const agg = frequenciesAggregator();
    const state = new Map([
      ['ключ', 2 ** 40],
      ['🧬', 3],
      ['', 1],
    ]);
    expect([...agg.decode(agg.encode(state))]).to.deep.equal([...state]);
  });

  it('refuses bytes of another kind with a one-line error', () => {
    const bytes = kmerAggregator({ k: 3 }).encode(kmerAggregator({ k: 3 }).empty());
    expect(() => frequenciesAggregator().decode(bytes)).to.throw(/encoded FREQ state: not a FREQ state \(tag 'KMER'\)/);
    expect(() => frequenciesAggregator().decode(new Uint8Array(3))).to.throw(/not a FREQ state/);
    const good = frequenciesAggregator().encode(new Map([['abc', 1]]));
    expect(() => frequenciesAggregator().decode(good.subarray(0, good.length - 4))).to.throw(/truncated/);
  });
});

describe('kmerAggregator', () => {
  for (const [k, canonical] of [
    [3, false],
    [5, true],
    [13, false],
    [21, true],
  ] as const) {
    it(`keeps the laws over random splits (k=${k}${canonical ? ', canonical' : ''})`, () => {
      const rand = rng(k);
      const items = Array.from({ length: 60 }, () => randomSeq(rand, Math.floor(rand() * 40)));
      const agg = kmerAggregator({ k, canonical });
      checkLaws(agg, items, 100 + k, (x, y) => {
        expect(sortedEntries(x)).to.deep.equal(sortedEntries(y));
        expect(x.total).to.equal(y.total);
      });
    });
  }

  it('counts like KmerCounts over the joined records, never across records', () => {
    const agg = kmerAggregator({ k: 3 });
    const counts = agg.result(fold(agg, ['ACGTA', 'cgtnACG']));
    expect(counts).to.be.instanceOf(KmerCounts);
    expect(sortedEntries(counts)).to.deep.equal([
      ['ACG', 2],
      ['CGT', 2],
      ['GTA', 1],
    ]);
    expect(counts.total).to.equal(5);
  });

  it('merges byte ranges scanned as FASTA with sequences added one by one', () => {
    const agg = kmerAggregator({ k: 4 });
    const a = agg.empty();
    const s = a.scanner('fasta', 'part.fa');
    s.scan(Buffer.from('>r1\nACGT\nACGT\n>r2\nTTTT'));
    s.end();
    const merged = agg.merge(a, fold(agg, ['ACGTACGT', 'TTTT']));
    expect(merged.total).to.equal(12);
    expect(agg.result(merged).get('ACGT')).to.equal(4);
    expect(agg.result(merged).get('TTTT')).to.equal(2);
  });

  it('merges down a tree of many partial states', () => {
    const agg = kmerAggregator({ k: 17 });
    const rand = rng(5);
    const items = Array.from({ length: 50 }, () => randomSeq(rand, 60));
    const parts: KmerState[] = items.map((s) => agg.decode(agg.encode(fold(agg, [s]))));
    expect(sortedEntries(agg.result(mergeAll(agg, parts)))).to.deep.equal(sortedEntries(agg.result(fold(agg, items))));
  });

  it('refuses to decode or merge states of another k', () => {
    const three = kmerAggregator({ k: 3 });
    const four = kmerAggregator({ k: 4 });
    expect(() => four.decode(three.encode(fold(three, ['ACGT'])))).to.throw(/k=3, expected k=4/);
    expect(() => three.merge(three.empty(), four.empty())).to.throw(/cannot merge k-mer counts with k=4/);
  });

  it('checks its options at once', () => {
    expect(() => kmerAggregator({ k: 40 })).to.throw(RangeError, /"k" option must be an integer from 1 to 31. Received 40/);
    expect(() => kmerAggregator({ k: 3, canonical: 'yes' as never })).to.throw(TypeError, /"canonical"/);
  });
});
