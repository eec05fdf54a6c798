import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { StageError } from '../../lib/core/errors.js';
import type { KmerCounts } from '../../lib/kmer/kmer-counts.js';
import { countKmers } from '../../sinks/count-kmers.js';

const dir = new URL('../fixtures/kmers/', import.meta.url);
const read = (name: string): Buffer => readFileSync(new URL(name, dir));

/** A fixture TSV (jellyfish dump or the seed's toolz) as a Map. */
function expected(name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of read(name).toString().split('\n')) {
    if (!line) continue;
    const [kmer, count] = line.split('\t');
    out.set(kmer!, Number(count));
  }
  return out;
}

function sorted(counts: KmerCounts): Map<string, number> {
  return new Map([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Chunks of `size` bytes, so that records, lines and k-mers span chunks. */
function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

/** Record sequences parsed the plain way, for the 'sequence' item form. */
function fastaSequences(text: string): string[] {
  return text
    .split('>')
    .slice(1)
    .map((rec) => rec.split(/\r?\n/).slice(1).join(''));
}

describe('countKmers', () => {
  for (const input of ['reads.fa', 'reads.fq', 'reads.fa.gz']) {
    for (const k of [3, 6, 11, 21, 31]) {
      for (const canonical of [false, true]) {
        it(`equals jellyfish count -m ${k}${canonical ? ' -C' : ''} on ${input}`, async () => {
          let bytes = read(input);
          if (input.endsWith('.gz')) bytes = gunzipSync(bytes);
          const want = expected(`${input.replace('.gz', '')}.k${k}${canonical ? '.C' : ''}.tsv`);
          const counts = await pipeline(Readable.from(chunks(bytes, 37)), countKmers(k, { canonical, format: 'auto' }));
          expect(sorted(counts)).to.deep.equal(want);
          expect(counts.size).to.equal(want.size);
          expect(counts.total).to.equal([...want.values()].reduce((a, b) => a + b, 0));
        });
      }
    }
  }

  it('counts record sequences (strings, bytes, records) like jellyfish', async () => {
    const seqs = fastaSequences(read('reads.fa').toString());
    const items = seqs.map((s, i) => (i % 3 === 0 ? s : i % 3 === 1 ? Buffer.from(s) : { id: `r${i}`, sequence: s }));
    const counts = await pipeline(Readable.from(items), countKmers(21, { canonical: true }));
    expect(sorted(counts)).to.deep.equal(expected('reads.fa.k21.C.tsv'));
    expect(counts.get('ACGTTGCAACGTTGCAACGTT')).to.equal(expected('reads.fa.k21.C.tsv').get('AACGTTGCAACGTTGCAACGT'));
  });

  for (const k of [3, 6, 21]) {
    it(`reproduces the seed's per-line toolz counts (k=${k})`, async () => {
      const counts = await pipeline(Readable.from(chunks(read('reads.fa'), 29)), countKmers(k, { perLine: true, format: 'auto' }));
      const want = expected(`reads.fa.perline.k${k}.tsv`);
      expect(sorted(counts)).to.deep.equal(new Map([...want].sort((a, b) => (a[0] < b[0] ? -1 : 1))));
      for (const [kmer, count] of want) expect(counts.get(kmer), kmer).to.equal(count);
    });
  }

  it('takes lines as items in per-line mode', async () => {
    const lines = read('reads.fa').toString().split('\n');
    const counts = await pipeline(Readable.from(lines), countKmers(6, { perLine: true }));
    expect(sorted(counts)).to.deep.equal(expected('reads.fa.perline.k6.tsv'));
  });

  it('counts nothing from empty input', async () => {
    const counts = await pipeline(Readable.from([]), countKmers(5));
    expect(counts.size).to.equal(0);
    expect([...counts]).to.deep.equal([]);
  });

  it('names the stage and item of a bad item', async () => {
    const err = await pipeline(Readable.from(['ACGT', 42]), countKmers(3)).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StageError);
    expect((err as StageError).message).to.match(/^countKmers\(k=3\) failed at item 1: expected a string/);
  });

  it('passes a malformed FASTQ record on as a record error naming the line', async () => {
    const err = await pipeline(Readable.from([Buffer.from('@a\nACGT\n+\nIIII\nACGT\n')]), countKmers(3, { format: 'fastq', input: 'x.fq' })).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).to.equal("x.fq line 5: expected '@' at the start of a FASTQ record, found 'A' (kmers(k=3))");
  });

  it('rejects bad options at once and does not mutate them', () => {
    expect(() => countKmers(40)).to.throw(RangeError, 'The "k" option must be an integer from 1 to 31. Received 40');
    expect(() => countKmers(3, { format: 'bam' as 'auto' })).to.throw(TypeError, /"format"/);
    const options = Object.freeze({ canonical: true, format: 'auto' as const });
    expect(() => countKmers(3, options)).to.not.throw();
  });
});
