import { expect } from 'chai';
import { Readable } from 'node:stream';
import { codes } from '../../lib/core/errors.js';
import { kEnableBatches } from '../../lib/core/symbols.js';
import { lines } from '../../sources/lines.js';
import { chunked, collect, fixture, fdsSettleTo, openFds, rejection, settle } from '../fixtures/sources/helpers.js';

describe('lines', () => {
  it('splits four lines delivered in three writes', async () => {
    expect(await collect(lines(chunked('a\nb', 'b\nc', 'c\nd\n')))).to.deep.equal(['a', 'bb', 'cc', 'd']);
  });

  it('handles \\r\\n, also when \\r and \\n fall in different chunks', async () => {
    expect(await collect(lines(chunked('a\r\nb\r', '\nc\r\n')))).to.deep.equal(['a', 'b', 'c']);
  });

  it('keeps the last line when the final newline is missing, and keeps empty lines', async () => {
    expect(await collect(lines(chunked('a\n\nb')))).to.deep.equal(['a', '', 'b']);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect(lines(chunked()))).to.deep.equal([]);
    expect(await collect(lines(chunked('')))).to.deep.equal([]);
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    const bytes = Buffer.from('héllo wörld ✓ 𝄞\nzweite Zeile ü\n');
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) parts.push(bytes.subarray(i, i + 1));
    expect(await collect(lines(chunked(...parts)))).to.deep.equal(['héllo wörld ✓ 𝄞', 'zweite Zeile ü']);
  });

  it('strips a UTF-8 byte-order mark, even one split across chunks', async () => {
    expect(await collect(lines(chunked(Buffer.from([0xef]), Buffer.from([0xbb, 0xbf]), 'x\ny\n')))).to.deep.equal(['x', 'y']);
  });

  it('reads a very long line spanning many chunks', async () => {
    const long = 'x'.repeat(3_000_000);
    const parts: string[] = [];
    for (let i = 0; i < long.length; i += 65536) parts.push(long.slice(i, i + 65536));
    const got = await collect(lines(chunked('a\n', ...parts, '\nb')));
    expect(got.map((l) => l.length)).to.deep.equal([1, 3_000_000, 1]);
  });

  it('fails a line over maxLineLength with the input and line number', async () => {
    const err = await rejection(collect(lines(chunked('ok\n', 'y'.repeat(100), 'y'.repeat(100), '\n'), { maxLineLength: 150 })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal('stream line 2: line longer than maxLineLength (150 bytes): at least 200 bytes (lines(stream))');
  });

  it('reads files, in order, each with its own last line', async () => {
    const got = await collect(lines([fixture('sample.fa'), fixture('sample.fq')]));
    const fa = (await import('node:fs')).readFileSync(fixture('sample.fa'), 'utf8').split(/\r?\n/);
    const fq = (await import('node:fs')).readFileSync(fixture('sample.fq'), 'utf8').split('\n').slice(0, -1);
    expect(got).to.deep.equal([...fa, ...fq]);
  });

  it('pushes one array per chunk in batch mode', async () => {
    const src = lines(chunked('a\nb\n', 'c\n'));
    src[kEnableBatches]();
    expect(await collect(src)).to.deep.equal([['a', 'b'], ['c']]);
  });

  it('honours backpressure: reads no more than it can buffer', async () => {
    const big = Buffer.from('line\n'.repeat(200_000));
    let pulled = 0;
    const input = new Readable({
      read() {
        pulled += 1;
        this.push(pulled <= 100 ? big : null);
      },
    });
    const src = lines(input, { highWaterMark: 4 });
    const it = src[Symbol.asyncIterator]();
    await it.next();
    await settle();
    // One chunk parsed (200k lines) is far above highWaterMark: the source waits.
    expect(pulled).to.be.below(5);
    await it.return?.();
  });

  it('does not modify the options object', () => {
    const options = Object.freeze({ encoding: 'latin1' as const, highWaterMark: 8 });
    lines(chunked('x'), options).destroy();
    expect(options).to.deep.equal({ encoding: 'latin1', highWaterMark: 8 });
  });

  it('throws at once on bad options', () => {
    expect(() => lines('x', { maxLineLength: 0 })).to.throw(RangeError, /"maxLineLength"/);
    expect(() => lines('x', { encoding: 'utf16' as 'utf8' })).to.throw(TypeError, /"encoding"/);
    expect(() => lines(42 as unknown as string)).to.throw(TypeError, /"input" argument/);
    expect(() => lines([])).to.throw(TypeError, /empty array/);
  });

  it('fails at once with a signal that is already aborted', async () => {
    const err = await rejection(collect(lines(fixture('sample.fa'), { signal: AbortSignal.abort() })));
    expect(err.name).to.equal('AbortError');
  });

  it('stops on abort with an AbortError and closes the file', async () => {
    const before = openFds();
    const ac = new AbortController();
    const src = lines(fixture('sample.fa'), { signal: ac.signal, chunkSize: 64, highWaterMark: 1 });
    const err = await rejection(
      (async () => {
        for await (const _ of src) ac.abort();
      })(),
    );
    expect(err.name).to.equal('AbortError');
    expect(await fdsSettleTo(before)).to.be.at.most(before);
  });
});
