import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { codes } from '../../lib/core/errors.js';
import { csv } from '../../sources/csv.js';
import { NumericCsvParser } from '../../sources/numeric-csv-parser.js';
import { chunked, collect, fixture, rejection, settle } from '../fixtures/sources/helpers.js';

const spectrum = readdirSync(fixture('csv-spectrum'))
  .filter((f) => f.endsWith('.csv'))
  .map((f) => f.slice(0, -4));

function pythonFloat(repr: string): number {
  return repr === 'nan' ? NaN : repr === 'inf' ? Infinity : repr === '-inf' ? -Infinity : Number(repr);
}

describe('csv', () => {
  describe('csv-spectrum', () => {
    it('has the cases', () => expect(spectrum).to.have.length(12));
    for (const name of spectrum) {
      it(`passes ${name}, whatever the chunk boundaries`, async () => {
        const expected = JSON.parse(readFileSync(fixture(`csv-spectrum/${name}.json`), 'utf8')) as unknown[];
        expect(await collect(csv(fixture(`csv-spectrum/${name}.csv`), { columns: true }))).to.deep.equal(expected);
        const bytes = readFileSync(fixture(`csv-spectrum/${name}.csv`));
        const parts: Buffer[] = [];
        for (let i = 0; i < bytes.length; i++) parts.push(bytes.subarray(i, i + 1));
        expect(await collect(csv(chunked(...parts), { columns: true }))).to.deep.equal(expected);
      });
    }
  });

  it('gives arrays by default and passes csv-parse options through', async () => {
    expect(await collect(csv(chunked('a;b\n1;2\n'), { delimiter: ';' }))).to.deep.equal([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await collect(csv(chunked('a,b\n1,2\n'), { cast: true, from_line: 2 }))).to.deep.equal([[1, 2]]);
  });

  it("stops reading an input once csv-parse's to_line is reached, and goes on with the next", async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push('1,2\n3,4\n5,6\n');
      },
    });
    const got = await collect(csv([endless, chunked('7,8\n9,10\n')], { to_line: 2 }));
    expect(got).to.deep.equal([
      ['1', '2'],
      ['3', '4'],
      ['7', '8'],
      ['9', '10'],
    ]);
    // The stream was passed in: it is the caller's, so it is paused, not destroyed. A paused
    // Readable still fills its own buffer up to its highWaterMark, and then is read no more.
    expect(endless.destroyed).to.equal(false);
    expect(endless.isPaused()).to.equal(true);
    await settle();
    const held = pulled;
    await settle();
    expect(pulled).to.equal(held);
    expect(endless.readableLength).to.be.at.most(endless.readableHighWaterMark + 12);
    endless.destroy();
  });

  it('fails an unterminated quote with the input and line', async () => {
    const err = await rejection(collect(csv(chunked('a,b\n1,2\n3,"oops\n4,5\n'))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line \d: Quote Not Closed: .* \(csv\(stream\)\)$/);
  });

  it('fails a row with the wrong number of fields, naming the line', async () => {
    const err = await rejection(collect(csv(chunked('a,b\n1,2\n3\n'), { columns: true })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line 3: Invalid Record Length: .*\(csv\(stream\)\)$/);
  });

  it('rejects bad csv-parse options at once', () => {
    expect(() => csv('x.csv', { delimiter: '' })).to.throw(/delimiter/);
  });

  describe('numeric', () => {
    it('parses every number spelling to the double Python makes, and detects the header', async () => {
      const expected = (JSON.parse(readFileSync(fixture('numeric.json'), 'utf8')) as string[][]).map((r) => r.map(pythonFloat));
      const src = csv(fixture('numeric.csv'), { numeric: true });
      let header: unknown;
      src.on('header', (names: string[]) => (header = names));
      const rows = await collect(src);
      expect(header).to.deep.equal(['x', 'y', 'z z', 'w']);
      expect(rows).to.have.length(expected.length);
      rows.forEach((row, i) => {
        expect(row).to.be.instanceOf(Float64Array);
        (expected[i] as number[]).forEach((v, j) => expect(Object.is(row[j], v), `row ${i} col ${j}: ${row[j]} vs ${v}`).to.equal(true));
      });
    });

    it('gives the same rows whatever the chunk boundaries', async () => {
      const bytes = readFileSync(fixture('numeric.csv'));
      const whole = await collect(csv(chunked(bytes), { numeric: true }));
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 5) parts.push(bytes.subarray(i, i + 5));
      expect(await collect(csv(chunked(...parts), { numeric: true }))).to.deep.equal(whole);
    });

    it('reads data without a header, with another delimiter, skipping blank lines', async () => {
      const rows = await collect(csv(chunked('1\t2\n\n3\t4'), { numeric: true, delimiter: '\t' }));
      expect(rows.map((r) => [...r])).to.deep.equal([
        [1, 2],
        [3, 4],
      ]);
    });

    it('fails a non-number with input, line and field', async () => {
      const err = await rejection(collect(csv(chunked('a,b\n1,2\n3,x4\n'), { numeric: true })));
      expect(err.code).to.equal(codes.BAD_RECORD);
      expect(err.message).to.equal("stream line 3: field 2 is not a number: 'x4' (csv(stream))");
    });

    it('fails a header when header is false, and a short or long row', async () => {
      expect((await rejection(collect(csv(chunked('a,b\n'), { numeric: true, header: false })))).message).to.equal(
        "stream line 1: field 1 is not a number: 'a' (csv(stream))",
      );
      expect((await rejection(collect(csv(chunked('1,2\n3\n'), { numeric: true })))).message).to.equal('stream line 2: expected 2 fields, got 1 (csv(stream))');
      expect((await rejection(collect(csv(chunked('1,2\n3,4,5\n'), { numeric: true })))).message).to.equal(
        'stream line 2: expected 2 fields, got 3 (csv(stream))',
      );
      expect((await rejection(collect(csv(chunked('1,2\n3,\n'), { numeric: true })))).message).to.equal(
        "stream line 2: field 2 is not a number: '' (csv(stream))",
      );
    });

    it('keeps a numeric first row as data with header auto, or drops it with header true', () => {
      const out: Float64Array[] = [];
      const p = new NumericCsvParser('x', 'csv(x)', { header: true });
      p.write(Buffer.from('1,2\n3,4\n'), out);
      p.end(out);
      expect(p.header).to.deep.equal(['1', '2']);
      expect(out.map((r) => [...r])).to.deep.equal([[3, 4]]);
    });

    it("gives one matrix per chunk with numeric: 'matrix', the same numbers as the rows", async () => {
      const bytes = readFileSync(fixture('numeric.csv'));
      const rows = await collect(csv(chunked(bytes), { numeric: true }));
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 700) parts.push(bytes.subarray(i, i + 700));
      const matrices = await collect(csv(chunked(...parts), { numeric: 'matrix' }));
      expect(matrices.length).to.be.above(2);
      let line = 2;
      const flat: number[] = [];
      for (const m of matrices) {
        expect(m.columns).to.equal(4);
        expect(m.data.length).to.equal(m.rows * 4);
        expect(m.firstLine).to.equal(line);
        line += m.rows;
        flat.push(...m.data);
      }
      expect(flat).to.deep.equal(rows.flatMap((r) => [...r]));
    });

    it('keeps rows apart though they share blocks, across many blocks', async () => {
      const text = Array.from({ length: 10_000 }, (_, i) => `${i},${-i}`).join('\n');
      const rows = await collect(csv(chunked(text), { numeric: true }));
      expect(rows).to.have.length(10_000);
      rows.forEach((r, i) => expect([...r]).to.deep.equal([i, Number(`${-i}`)]));
    });

    it('checks its options at once', () => {
      expect(() => csv('x.csv', { numeric: 'table' as 'rows' })).to.throw(TypeError, /"numeric"/);
      expect(() => csv('x.csv', { numeric: true, delimiter: '::' })).to.throw(RangeError, /one byte/);
      expect(() => csv('x.csv', { numeric: true, header: 'yes' as 'auto' })).to.throw(TypeError, /"header"/);
    });
  });
});
