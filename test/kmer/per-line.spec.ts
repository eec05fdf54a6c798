import { expect } from 'chai';
import { decode } from '../../lib/kmer/encode.js';
import { PerLineCounter } from '../../lib/kmer/per-line.js';
import { createKmerTable } from '../../lib/kmer/table.js';
import { reusedChunks } from '../helpers/reused-buffer.js';
import { rng } from '../helpers/rng.js';

/** The seed's pipeline in a few lines of TypeScript: per line, no folding, no filtering. */
function seed(text: string, k: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split('\n')) {
    if (raw.startsWith('>')) continue;
    const line = raw.replace(/\s+$/, '');
    for (let i = 0; i + k <= line.length; i++) out.set(line.slice(i, i + k), (out.get(line.slice(i, i + k)) ?? 0) + 1);
  }
  return out;
}

function run(chunks: Iterable<string | Uint8Array>, k: number): Map<string, number> {
  const table = createKmerTable(k);
  const counter = new PerLineCounter(k, false, table);
  const enc = new TextEncoder();
  for (const c of chunks) counter.write(typeof c === 'string' ? enc.encode(c) : c);
  counter.end();
  const out = new Map<string, number>(counter.extra);
  table.forEach((hi, lo, n) => out.set(decode(hi, lo, k), n));
  expect(counter.total).to.equal([...out.values()].reduce((a, b) => a + b, 0));
  return out;
}

const sort = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('PerLineCounter', () => {
  const text = '>r1\nACGTAC\r\nacgtNNAC  \nGGGG\n>r2 x\nACGTACGTA\n\nAC';
  for (const k of [2, 4]) {
    it(`counts like the seed's toolz pipeline whatever the chunking (k=${k})`, () => {
      const want = sort(seed(text.replace(/\r/g, ''), k));
      for (let cut = 0; cut <= text.length; cut++) {
        expect(sort(run([text.slice(0, cut), text.slice(cut)], k)), `cut ${cut}`).to.deep.equal(want);
      }
    });
  }

  it('does not join lines: no k-mer spans a line break', () => {
    expect(run(['ACG\nTAC\n'], 4).size).to.equal(0);
  });

  it('copies a line cut at the end of a chunk: the reader may reuse its buffer', () => {
    const random = rng(7);
    let text = '';
    for (let i = 0; i < 300; i++)
      text += `>r${i}\n${Array.from({ length: 1 + Math.floor(random() * 200) }, () => 'ACGTacgtN'[Math.floor(random() * 9)]).join('')}\n`;
    const want = sort(seed(text, 5));
    for (const size of [7, 64, 1000]) {
      expect(sort(run(reusedChunks(Buffer.from(text), size), 5)), `chunks of ${size}`).to.deep.equal(want);
    }
  });

  it('fails a line longer than maxLineLength, naming the input and the line, before holding it', () => {
    const counter = new PerLineCounter(3, false, createKmerTable(3), { input: 'in.txt', maxLineLength: 10 });
    counter.write(Buffer.from('ACGT\nACGTAC'));
    expect(() => counter.write(Buffer.from('GTACG'))).to.throw('in.txt line 2: line longer than maxLineLength (10 bytes): at least 11 bytes (kmers(k=3))');
  });

  it('numbers lines from 1 again in the next input, and counts a last line without a line break', () => {
    const counter = new PerLineCounter(3, false, createKmerTable(3), { maxLineLength: 5 });
    counter.write(Buffer.from('ACG\nAC'));
    counter.nextInput('b.txt');
    expect(counter.total).to.equal(1);
    expect(() => counter.write(Buffer.from('ACGTACGT\n'))).to.throw(/^b\.txt line 1: /);
  });
});
