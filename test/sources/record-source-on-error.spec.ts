import { expect } from 'chai';
import { Writable } from 'node:stream';
import type { DeadLetter } from '../../lib/core/error-policy.js';
import { codes, RecordError } from '../../lib/core/errors.js';
import { kSkipped } from '../../lib/core/symbols.js';
import { csv } from '../../sources/csv.js';
import { fasta } from '../../sources/fasta.js';
import { fastq } from '../../sources/fastq.js';
import { json } from '../../sources/json.js';
import type { RecordSource, RecordSourceOptions } from '../../sources/record-source.js';
import { sequences } from '../../sources/sequences.js';
import { chunked, collect, rejection } from '../fixtures/sources/helpers.js';

/** The text in pieces of `size` bytes: every record boundary falls inside some chunk. */
const pieces = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

interface Case {
  make: (input: ReturnType<typeof chunked>, options: RecordSourceOptions) => RecordSource<unknown>;
  text: string;
  good: unknown[];
  /** The bad records: [index, line the record starts on, raw text, a piece of the message]. */
  bad: [number, number, string, string][];
  /** The line the default ('fail') error names: where the first problem was found. */
  failLine: number;
}

const cases: Record<string, Case> = {
  csv: {
    failLine: 3,
    make: (i, o) => csv(i, o),
    text: 'a,b\n1,2\n3\n4,"5\n6,7\n',
    good: [
      ['a', 'b'],
      ['1', '2'],
    ],
    // The stray quote runs to the end: csv-parse skips the rest as one record.
    bad: [
      [2, 3, '3', 'Invalid Record Length'],
      [3, 5, '4,"5\n6,7', 'Quote Not Closed'],
    ],
  },
  'csv with columns': {
    failLine: 3,
    make: (i, o) => csv(i, { ...o, columns: true }),
    text: 'a,b\n1,2\n3,4,5\n6,7\n',
    good: [
      { a: '1', b: '2' },
      { a: '6', b: '7' },
    ],
    bad: [[1, 3, '3,4,5', 'Invalid Record Length']],
  },
  'csv numeric': {
    failLine: 3,
    make: (i, o) => csv(i, { ...o, numeric: true }),
    text: 'x,y\n1,2\n3,oops\n4\n5,6\n',
    good: [Float64Array.of(1, 2), Float64Array.of(5, 6)],
    bad: [
      [1, 3, '3,oops', "field 2 is not a number: 'oops'"],
      [2, 4, '4', 'expected 2 fields, got 1'],
    ],
  },
  ndjson: {
    failLine: 2,
    make: (i, o) => json(i, o),
    text: '{"a":1}\n{"a":\n\n{"a":3}\n[oops]\n',
    good: [{ a: 1 }, { a: 3 }],
    bad: [
      [1, 2, '{"a":', 'not valid JSON'],
      [3, 5, '[oops]', 'not valid JSON'],
    ],
  },
  'ndjson with fields': {
    failLine: 2,
    make: (i, o) => json(i, { ...o, fields: ['a'] }),
    text: '{"a":1,"b":0}\n{"a":\n\n{"a":3}\n[oops]\n',
    good: [{ a: 1 }, { a: 3 }],
    bad: [
      [1, 2, '{"a":', 'not valid JSON'],
      [3, 5, '[oops]', 'not valid JSON'],
    ],
  },
  'json array with fields': {
    failLine: 3,
    make: (i, o) => json(i, { ...o, fields: ['a'] }),
    text: '[\n{"a":1,"b":0},\n{"a":tru},\n{"a":3}\n]\n',
    good: [{ a: 1 }, { a: 3 }],
    bad: [[1, 3, '{"a":tru}', 'element']],
  },
  'json array': {
    failLine: 3,
    make: (i, o) => json(i, o),
    text: '[\n{"a":1},\n{"a":tru},\n{"a":3}\n]\n',
    good: [{ a: 1 }, { a: 3 }],
    bad: [[1, 3, '{"a":tru}', 'element']],
  },
  fasta: {
    failLine: 1,
    make: (i, o) => fasta(i, o),
    text: 'junk\nmore junk\n>a\nAC\nGT\n>b\nTT\n',
    good: [
      { id: 'a', description: '', sequence: 'ACGT' },
      { id: 'b', description: '', sequence: 'TT' },
    ],
    bad: [[0, 1, 'junk\nmore junk', "expected a '>' header line"]],
  },
  fastq: {
    failLine: 9,
    make: (i, o) => fastq(i, o),
    text: '@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIII\n@r3\nAC\n+\nII\nr4\nAC\n+\nII\n@r5\nGG\n+\nJJ\n@r6\nAAA\n+\n',
    good: [
      { id: 'r1', description: '', sequence: 'ACGT', quality: 'IIII' },
      { id: 'r3', description: '', sequence: 'AC', quality: 'II' },
      { id: 'r5', description: '', sequence: 'GG', quality: 'JJ' },
    ],
    bad: [
      [1, 5, '@r2\nACGT\n+\nIII', 'quality length 3 != sequence length 4'],
      [3, 13, 'r4\nAC\n+\nII', "expected a '@' header line"],
      [5, 21, '@r6\nAAA\n+', 'is cut short'],
    ],
  },
  'sequences (fastq)': {
    failLine: 8,
    make: (i, o) => sequences(i, o),
    text: '@r1\nAC\n+\nII\n@r2\nAC\n+\nIIII\n@r3\nGG\n+\nJJ\n',
    good: [
      { id: 'r1', description: '', sequence: 'AC', quality: 'II' },
      { id: 'r3', description: '', sequence: 'GG', quality: 'JJ' },
    ],
    bad: [[1, 5, '@r2\nAC\n+\nIIII', 'quality length 4 != sequence length 2']],
  },
};

describe('record sources: onError', () => {
  for (const [name, c] of Object.entries(cases)) {
    describe(name, () => {
      it("fails at the first bad record by default ('fail'), naming input and line", async () => {
        const err = await rejection(collect(c.make(chunked(c.text), {})));
        expect(err).to.be.instanceOf(RecordError);
        expect(err.code).to.equal(codes.BAD_RECORD);
        expect((err as RecordError).line).to.equal(c.failLine);
        expect(err.message).to.include(`stream line ${c.failLine}: `);
      });

      for (const size of [1, 3, 1024]) {
        it(`'skip' gives the good records and counts the bad ones (input in ${size}-byte writes)`, async () => {
          const src = c.make(chunked(...pieces(c.text, size)), { onError: 'skip' });
          expect(await collect(src)).to.deep.equal(c.good);
          expect(src.skipped).to.equal(c.bad.length);
          expect(src[kSkipped]).to.equal(c.bad.length);
        });

        it(`a dead letter function receives each bad record with index, line and raw text (${size}-byte writes)`, async () => {
          const letters: DeadLetter<string>[] = [];
          const src = c.make(chunked(...pieces(c.text, size)), { onError: (l) => void letters.push(l) });
          expect(await collect(src)).to.deep.equal(c.good);
          expect(letters.map((l) => [l.index, l.line, l.item])).to.deep.equal(c.bad.map(([index, line, raw]) => [index, line, raw]));
          for (const [k, letter] of letters.entries()) {
            expect(letter.error).to.be.instanceOf(RecordError);
            expect((letter.error as RecordError).code).to.equal(codes.BAD_RECORD);
            expect(letter.error.message).to.include(c.bad[k]![3]);
            expect(letter.stage).to.equal(src.name);
            expect(letter.input).to.equal('stream');
          }
          expect(src.skipped).to.equal(c.bad.length);
        });
      }

      it('reads an empty input with no letters and nothing skipped', async () => {
        const letters: unknown[] = [];
        const make = () => c.make(chunked(), { onError: (l) => void letters.push(l) });
        // An empty JSON array input is a structural error, not a bad record.
        if (name === 'json array') return;
        const src = make();
        expect(await collect(src)).to.deep.equal([]);
        expect(letters).to.deep.equal([]);
        expect(src.skipped).to.equal(0);
      });
    });
  }

  it('waits for a dead letter Writable that is slow (backpressure), and loses no letter', async () => {
    const got: DeadLetter<string>[] = [];
    const slow = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(letter: DeadLetter<string>, _e, cb) {
        got.push(letter);
        setTimeout(cb, 2);
      },
    });
    const text = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `{"i":${i}}` : `{bad ${i}`)).join('\n');
    const src = json(chunked(...pieces(text, 7)), { onError: slow });
    const out = await collect(src);
    expect(out).to.have.length(25);
    expect(got.map((l) => l.line)).to.deep.equal(Array.from({ length: 25 }, (_, i) => 2 * i + 2));
    expect(got.map((l) => l.index)).to.deep.equal(Array.from({ length: 25 }, (_, i) => 2 * i + 1));
    expect(src.skipped).to.equal(25);
  });

  it('ends the source with the error of a dead letter that throws, naming the source', async () => {
    const src = json(chunked('{"a":1}\nbad\n{"a":2}\n'), {
      onError: () => {
        throw new Error('dead letter queue is down');
      },
    });
    const err = await rejection(collect(src));
    expect(err.code).to.equal(codes.STAGE);
    expect(err.message).to.include('json(stream)').and.include('dead letter queue is down');
  });

  it('still fails on a broken structure it cannot step over (an unclosed JSON array)', async () => {
    const src = json(chunked('[{"a":1}, {"a":'), { onError: 'skip' });
    const err = await rejection(collect(src));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.include('not closed');
  });

  it('counts a JSON null record (which a stream cannot carry) as bad under skip', async () => {
    const src = json(chunked('1\nnull\n2\n'), { onError: 'skip' });
    expect(await collect(src)).to.deep.equal([1, 2]);
    expect(src.skipped).to.equal(1);
  });

  it('is torn down by an abort while a dead letter is pending', async () => {
    const controller = new AbortController();
    const src = json(chunked('{"a":1}\nbad\n{"a":2}\n'), {
      signal: controller.signal,
      onError: () => {
        controller.abort();
        return new Promise<void>(() => {});
      },
    });
    const err = await rejection(collect(src));
    expect(err.name).to.equal('AbortError');
    expect(src.destroyed).to.equal(true);
  });

  it('throws at once for a bad onError, and for onError with csv-parse skip options', () => {
    expect(() => json('x.json', { onError: 'ignore' as never }))
      .to.throw(TypeError, /"onError" option/)
      .with.property('code', codes.INVALID_ARG_VALUE);
    expect(() => csv('x.csv', { onError: 'skip', skip_records_with_error: true }))
      .to.throw(TypeError, /skip_records_with_error/)
      .with.property('code', codes.INVALID_ARG_VALUE);
  });
});
