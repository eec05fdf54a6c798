import { expect } from 'chai';
import { Readable } from 'node:stream';
import { codes } from '../../lib/core/errors.js';
import { json } from '../../sources/json.js';
import { chunked, collect, rejection } from '../fixtures/sources/helpers.js';

function bytewise(text: string): Readable {
  const b = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i++) parts.push(b.subarray(i, i + 1));
  return chunked(...parts);
}

describe('json', () => {
  const array = '[{"a": 1, "b": [1, {"c": "ü", "d": null}]}, 2, "x", null, true, [3, [4]], {}]';
  const elements = [{ a: 1, b: [1, { c: 'ü', d: null }] }, 2, 'x', 'NULL', true, [3, [4]], {}];

  it('yields the elements of a top-level array, whatever the chunk boundaries', async () => {
    expect(await collect(json(chunked(array), { nullAs: 'NULL' }))).to.deep.equal(elements);
    expect(await collect(json(bytewise(`\ufeff  \n${array}`), { nullAs: 'NULL' }))).to.deep.equal(elements);
    expect(await collect(json(chunked('[]'), { format: 'array' }))).to.deep.equal([]);
  });

  it('reads NDJSON lines, skipping blank ones', async () => {
    expect(await collect(json(bytewise('{"a":1}\r\n\n2\n"s"\n[1]')))).to.deep.equal([{ a: 1 }, 2, 's', [1]]);
  });

  it('reads concatenated pretty-printed values', async () => {
    expect(await collect(json(bytewise('{\n "a": 1\n}\n{\n "a": [2]\n} 3'), { format: 'values' }))).to.deep.equal([{ a: 1 }, { a: [2] }, 3]);
  });

  it('yields the values under a path, streaming arrays there element by element', async () => {
    const doc = '{"meta": {"n": 2}, "data": {"rows": [{"x": 1}, {"x": 2}], "other": [9]}}';
    expect(await collect(json(bytewise(doc), { path: 'data.rows' }))).to.deep.equal([{ x: 1 }, { x: 2 }]);
    expect(await collect(json(chunked(doc), { path: 'meta' }))).to.deep.equal([{ n: 2 }]);
    expect(await collect(json(chunked(doc), { path: 'nothing.here' }))).to.deep.equal([]);
  });

  it('keeps memory bounded on a big array: elements come out as chunks are read', async () => {
    let sent = 0;
    const input = new Readable({
      read() {
        if (sent === 0) this.push('[');
        if (sent < 200) this.push(`${sent ? ',' : ''}${JSON.stringify({ i: sent, pad: 'x'.repeat(1000) })}`);
        else {
          this.push(']');
          this.push(null);
        }
        sent++;
      },
    });
    const src = json(input, { highWaterMark: 2 });
    let n = 0;
    for await (const item of src) {
      expect((item as { i: number }).i).to.equal(n++);
      if (n === 10) expect(sent).to.be.below(100);
    }
    expect(n).to.equal(200);
  });

  it('fails a null record unless nullAs says what it becomes (an object stream cannot carry null)', async () => {
    const err = await rejection(collect(json(chunked('1\nnull\n'))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal('stream: a record is JSON null, which an object stream cannot carry; pass the nullAs option to replace it (json(stream))');
    expect(await collect(json(chunked('1\nnull\n'), { nullAs: 0 }))).to.deep.equal([1, 0]);
  });

  it('fails a bad NDJSON line with input and line', async () => {
    const err = await rejection(collect(json(chunked('{"a":1}\n{"a":\n'))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line 2: not valid JSON: .+ \(json\(stream\)\)$/);
  });

  it('finds array elements however strings, escapes and brackets fall across chunks', async () => {
    const tricky = '[ "a]", "b\\\\", "c\\"]", {"d": ["[", "{", "\\\\\\""]}, -1.5e3 ,true,\n[], {} ]  \n';
    const expected = JSON.parse(tricky) as unknown[];
    expect(await collect(json(chunked(tricky)))).to.deep.equal(expected);
    expect(await collect(json(bytewise(tricky), { format: 'array' }))).to.deep.equal(expected);
  });

  it('reads an escaped backslash split across chunks before a closing quote', async () => {
    // "x\\" then ", 1]": the first backslash ends a chunk, the second starts the next.
    expect(await collect(json(chunked('["x\\', '\\", 1]')))).to.deep.equal(['x\\', 1]);
    expect(await collect(json(chunked('["x\\', '"", 1]')))).to.deep.equal(['x"', 1]);
  });

  it('names the line of a bad element', async () => {
    const err = await rejection(collect(json(chunked('[\n{"a": 1},\n{"a": 2,}\n]'))));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line 3: element .+ \(json\(stream\)\)$/);
  });

  it('fails a missing element, a trailing comma, an extra bracket and data after the array', async () => {
    const message = async (text: string): Promise<string> => (await rejection(collect(json(chunked(text))))).message;
    expect(await message('[1,,2]')).to.equal("stream line 1: expected a value before ',' (json(stream))");
    expect(await message('[1,\n]')).to.equal("stream line 2: expected a value before ']' (json(stream))");
    expect(await message('[1, 2')).to.equal('stream line 1: the array is not closed: the input is cut short (json(stream))');
    expect(await message('[1}]')).to.equal("stream line 1: unexpected '}' (json(stream))");
    expect(await message('[1]\n[2]')).to.equal("stream line 2: unexpected '[' after the end of the array (json(stream))");
  });

  it('fails a non-array with format array, and bad values with stream-json', async () => {
    const err = await rejection(collect(json(chunked('{"a": 1}'), { format: 'array' })));
    expect(err.message).to.equal('stream line 1: the top-level value is not an array (use format "values" or a path) (json(stream))');
    const bad = await rejection(collect(json(chunked('{"a": 1} {"b": ', '}                    '), { format: 'values' })));
    expect(bad.code).to.equal(codes.BAD_RECORD);
    expect(bad.message).to.equal('stream byte 15: Parser cannot parse input: expected a value (in bytes 15-36) (json(stream))');
  });

  it('checks its options at once', () => {
    expect(() => json('x', { format: 'xml' as 'array' })).to.throw(TypeError, /"format"/);
    expect(() => json('x', { path: '' })).to.throw(TypeError, /"path"/);
  });
});
