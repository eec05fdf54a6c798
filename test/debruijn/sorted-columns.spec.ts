import { expect } from 'chai';
import type { KmerColumns } from '../../lib/debruijn/build-graph.js';
import { columnsOf } from '../../lib/debruijn/from-table.js';
import { sortedColumnsOf } from '../../lib/debruijn/sorted-columns.js';
import { encode } from '../../lib/kmer/encode.js';
import { KmerHashTable } from '../../lib/kmer/hash-table.js';
import { randomGenome, randomReads, rng } from '../helpers/debruijn.js';
import { thrown } from '../helpers/support.js';

/** A hash table of the reads' k-mers, counted one by one. */
function tableOf(k: number, reads: readonly string[]): KmerHashTable {
  const table = new KmerHashTable({ initialCapacity: 16 });
  for (const r of reads) {
    for (let i = 0; i + k <= r.length; i++) {
      const p = encode(r.slice(i, i + k))!;
      table.add(p.hi, p.lo);
    }
  }
  return table;
}

/** Rows [hi, lo, count] of columns, in column order. */
const rows = (c: KmerColumns): number[][] => [...c.lo].map((lo, i) => [c.hi[i]!, lo, c.count[i]!]);

/** The reference: the unsorted copy, sorted by a comparison sort on (hi, lo). */
const expected = (table: KmerHashTable, minCount: number): number[][] => rows(columnsOf(table, minCount)).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);

describe('sortedColumnsOf', () => {
  for (const k of [2, 5, 8, 12, 13, 16, 17, 21, 31]) {
    it(`lists every k-mer with its count, sorted by packed k-mer (k=${k})`, () => {
      const reads = randomReads(randomGenome(3000, rng(k)), 300, 50, rng(k + 7), 0.02);
      const table = tableOf(k, reads);
      const cols = sortedColumnsOf(table, k);
      expect(cols.lo).to.have.length(table.size);
      expect(rows(cols)).to.deep.equal(expected(table, 1));
    });
  }

  it('keeps only k-mers seen at least minCount times', () => {
    const reads = randomReads(randomGenome(2000, rng(3)), 200, 40, rng(4), 0.03);
    const table = tableOf(21, reads);
    for (const minCount of [2, 3, 10]) {
      const want = expected(table, minCount);
      expect(want.length, 'some k-mers are filtered').to.be.below(table.size);
      expect(rows(sortedColumnsOf(table, 21, minCount))).to.deep.equal(want);
    }
    expect(sortedColumnsOf(table, 21, 1e9).lo).to.have.length(0);
  });

  it('sorts a bucket of many k-mers that share their top bases (the radix path)', () => {
    // Reads that all start with a long run of A: thousands of k-mers share the top digit.
    const random = rng(9);
    const reads = Array.from({ length: 400 }, () => 'A'.repeat(24) + randomGenome(12, random));
    const table = tableOf(31, reads);
    expect(rows(sortedColumnsOf(table, 31))).to.deep.equal(expected(table, 1));
  });

  it('returns empty columns for an empty table', () => {
    const cols = sortedColumnsOf(new KmerHashTable(), 31);
    expect([cols.hi.length, cols.lo.length, cols.count.length]).to.deep.equal([0, 0, 0]);
  });

  it('rejects a bad k or minCount at once', () => {
    const table = new KmerHashTable();
    expect(thrown(() => sortedColumnsOf(table, 32)).message).to.match(/"k".*Received 32/);
    expect(thrown(() => sortedColumnsOf(table, 21, 0)).message).to.match(/"minCount".*Received 0/);
  });
});
