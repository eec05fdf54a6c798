import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { codes } from '../../lib/core/errors.js';
import { compileFields } from '../../lib/records/field-paths.js';
import { projectValue } from '../../lib/records/project-value.js';
import { json } from '../../sources/json.js';
import { chunked, collect, rejection } from '../fixtures/sources/helpers.js';
import { JsonText } from '../helpers/json-text.js';
import { rng } from '../helpers/rng.js';

/** `text` cut into pieces of random sizes (1 to 64 bytes), so that records fall across chunks. */
function pieces(text: string, seed: number): Buffer[] {
  const bytes = Buffer.from(text);
  const random = rng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(random() * 64);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('json({ fields })', () => {
  it('yields only the wanted fields of NDJSON records, whatever the chunks, CRLF and BOM', async () => {
    const gen = new JsonText(7);
    const lines: string[] = [];
    for (let n = 0; n < 3000; n++) lines.push(gen.record());
    // Blank lines between records, CRLF line ends, a byte-order mark: none of it is a record.
    const text = `\ufeff${lines.map((l, n) => (n % 50 === 0 ? `${l}\r\n\n` : `${l}${n % 3 ? '\n' : '\r\n'}`)).join('')}`;
    const fields = ['a', 'status', 'b.c', 'ü'];
    const root = compileFields(fields);
    const full = await collect(json(chunked(text), { nullAs: 'NULL' }));
    const projected = await collect(json(chunked(...pieces(text, 3)), { fields, nullAs: 'NULL' }));
    expect(projected).to.have.length(full.length);
    const want = full.map((r) => projectValue(r, root));
    if (!isDeepStrictEqual(projected, want)) expect(projected).to.deep.equal(want);
  });

  it('reads files in small reused buffers and still gives every record whole (lines cut between reads are copied)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-'));
    try {
      const gen = new JsonText(11);
      const lines = Array.from({ length: 2000 }, () => gen.object(0));
      const fields = ['a', 'b.c', 'status'];
      const root = compileFields(fields);
      const want = lines.map((l) => projectValue(JSON.parse(l), root));
      writeFileSync(join(dir, 'x.ndjson'), `${lines.join('\n')}\n`);
      writeFileSync(join(dir, 'x.json'), `[${lines.join(',\n')}]`);
      for (const name of ['x.ndjson', 'x.json']) {
        for (const chunkSize of [7, 64, 1000]) {
          const got = await collect(json(join(dir, name), { fields, chunkSize }));
          if (!isDeepStrictEqual(got, want)) expect(got, `${name} in chunks of ${chunkSize}`).to.deep.equal(want);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('projects the elements of a top-level array, and the values of the values and path formats', async () => {
    const doc = '[{"a": 1, "b": {"c": 2, "d": 3}}, {"b": 4}, 5]';
    expect(await collect(json(chunked(...pieces(doc, 1)), { fields: ['b.c'] }))).to.deep.equal([{ b: { c: 2 } }, { b: 4 }, 5]);
    expect(await collect(json(chunked('{"a": 1, "b": 2} {"a": 3}'), { format: 'values', fields: ['a'] }))).to.deep.equal([{ a: 1 }, { a: 3 }]);
    expect(await collect(json(chunked('{"rows": [{"a": 1, "b": 2}]}'), { path: 'rows', fields: ['b'] }))).to.deep.equal([{ b: 2 }]);
  });

  it('reports a malformed record in the middle with its line and the same message as without fields', async () => {
    const text = '{"a": 1}\n{"a": 2}\r\n\n{"a": 3, "b": [1, 2,]}\n{"a": 4}\n';
    const plain = await rejection(collect(json(chunked(text))));
    for (const fields of [['a'], ['b'], ['zz'], ['b.c']]) {
      const err = await rejection(collect(json(chunked(...pieces(text, fields.length)), { fields })));
      expect(err.code).to.equal(codes.BAD_RECORD);
      expect(err.message).to.equal(plain.message);
      expect(err.message).to.match(/^stream line 4: not valid JSON: /);
    }
  });

  it('names the line of a malformed array element whatever the projection', async () => {
    const err = await rejection(collect(json(chunked('[\n{"a": 1},\n{"a": 2, "b": tru}\n]'), { fields: ['a'] })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line 3: element .+ \(json\(stream\)\)$/);
  });

  it('fails a line longer than maxLineLength, naming it', async () => {
    const err = await rejection(collect(json(chunked('{"a":1}\n{"a":"', '0123456789"}\n'), { fields: ['a'], maxLineLength: 10 })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line 2: line longer than maxLineLength \(10 bytes\)/);
  });

  it('still fails a null record unless nullAs replaces it', async () => {
    expect((await rejection(collect(json(chunked('{"a":1}\nnull\n'), { fields: ['a'] })))).code).to.equal(codes.BAD_RECORD);
    expect(await collect(json(chunked('{"a":1}\nnull\n'), { fields: ['a'], nullAs: 0 }))).to.deep.equal([{ a: 1 }, 0]);
  });

  it('checks the fields option at once, and leaves the caller’s array alone', () => {
    for (const bad of [[], 'a', ['a', ''], ['a..b'], ['.a'], [1]]) {
      expect(() => json('x', { fields: bad as string[] }), JSON.stringify(bad))
        .to.throw(TypeError, /"fields"/)
        .with.property('code', codes.INVALID_ARG_VALUE);
    }
    const fields = Object.freeze(['a', 'a.b']);
    const options = Object.freeze({ fields });
    expect(() => json('x', options)).not.to.throw();
  });
});
