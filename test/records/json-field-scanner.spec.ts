import { expect } from 'chai';
import { isDeepStrictEqual } from 'node:util';
import { compileFields } from '../../lib/records/field-paths.js';
import { BLANK, JsonFieldScanner } from '../../lib/records/json-field-scanner.js';
import { useJsonKernel } from '../../lib/records/json-kernel-instance.js';
import { JsonText } from '../helpers/json-text.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * The reference, from JSON.parse's result: each wanted path copied as far as it goes; a value
 * that is not an object along it is kept whole. Longer paths first, so that a shorter path
 * that wants the whole value overwrites what they built.
 */
function reference(value: unknown, paths: readonly string[]): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const path of [...paths].sort((p, q) => q.split('.').length - p.split('.').length)) {
    const segments = path.split('.');
    let src = value;
    let dst = out;
    for (let k = 0; k < segments.length; k++) {
      const s = segments[k] as string;
      if (!Object.hasOwn(src, s)) break;
      const v = src[s];
      if (k === segments.length - 1 || !isObject(v)) {
        define(dst, s, v);
        break;
      }
      if (!Object.hasOwn(dst, s) || !isObject(dst[s])) define(dst, s, {});
      dst = dst[s] as Record<string, unknown>;
      src = v;
    }
  }
  return out;
}

const PATHS = ['a', 'b', 'status', 'ü', 'k"ey', '__proto__', 'a.b', 'b.c', 'a.c.d', 'd.a', 'missing', 'c'];

function outcome(fn: () => unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

// Every case twice: through the WebAssembly kernel (where it runs, as here) and by the JavaScript walk.
for (const kernel of [true, false]) {
  describe(`JsonFieldScanner (${kernel ? 'WebAssembly kernel' : 'JavaScript walk'})`, () => {
    before(() => useJsonKernel(kernel));
    after(() => useJsonKernel(true));

    const project = (text: string, fields: string[]): unknown => {
      const buf = Buffer.from(text);
      return new JsonFieldScanner(compileFields(fields)).project(buf, 0, buf.length);
    };

    it('builds only the wanted fields, nested ones as objects', () => {
      const line = '{"ts":"2026","status":404,"req":{"path":"/x","ms":3.5,"h":{"a":1}},"tags":["a"]}';
      expect(project(line, ['status', 'req.path', 'req.h'])).to.deep.equal({ status: 404, req: { path: '/x', h: { a: 1 } } });
      expect(project(line, ['tags', 'nothing'])).to.deep.equal({ tags: ['a'] });
    });

    it('keeps a value that is not an object along a path whole, and passes non-object records through', () => {
      expect(project('{"a": 5, "b": [1, {"c": 2}]}', ['a.x', 'b.c'])).to.deep.equal({ a: 5, b: [1, { c: 2 }] });
      expect(project('[1, 2]', ['a'])).to.deep.equal([1, 2]);
      expect(project(' 7 ', ['a'])).to.equal(7);
    });

    it('lets the last of duplicate keys win, also for nested paths', () => {
      expect(project('{"a": 1, "a": {"b": 2, "c": 3}, "a": {"c": 4}}', ['a.b'])).to.deep.equal({ a: {} });
      expect(project('{"s": 1, "\\u0073": 2}', ['s'])).to.deep.equal({ s: 2 });
    });

    it('reads strings and numbers exactly as JSON.parse', () => {
      const text = '{"s":"a\\u00e9\\ud83d\\ude00\\ud800\\n😀中","n":[0],"x":-0,"y":1.7976931348623157e308,"z":123456789012345678901,"w":2.5e-3}';
      const got = project(text, ['s', 'x', 'y', 'z', 'w']) as Record<string, unknown>;
      const want = JSON.parse(text) as Record<string, unknown>;
      for (const k of ['s', 'x', 'y', 'z', 'w']) expect(Object.is(got[k], want[k]), k).to.equal(true);
    });

    it('reads digits that round to 2^53 with an exponent as JSON.parse does', () => {
      for (const n of ['9007199254740993e1', '900719925474099.3e2', '-9007199254740993e-1', '9007199254740992e1']) {
        expect((project(`{"a":${n}}`, ['a']) as { a: number }).a, n).to.equal(JSON.parse(n));
      }
    });

    it('makes __proto__ an own field, as JSON.parse does', () => {
      const got = project('{"__proto__": {"x": 1}}', ['__proto__']) as Record<string, unknown>;
      expect(Object.getPrototypeOf(got)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).to.deep.equal({ x: 1 });
    });

    it('says BLANK for a blank line, and throws JSON.parse’s error for a malformed one', () => {
      expect(project(' \t ', ['a'])).to.equal(BLANK);
      expect(project('\ufeff', ['a'])).to.equal(BLANK);
      for (const bad of ['{"a":1,}', '{"a":"x\ty"}', '{"a":01}', '{"a":1} 2', '{"b":[1,]}', '{"b":"\\x"}', '{"a":tru}']) {
        let expected = '';
        try {
          JSON.parse(bad);
        } catch (err) {
          expected = (err as Error).message;
        }
        expect(() => project(bad, ['a']), bad).to.throw(SyntaxError, expected);
      }
    });

    it('equals JSON.parse on 20 000 generated records with every JSON feature (seeded)', () => {
      const gen = new JsonText(19);
      for (let n = 0; n < 20000; n++) {
        const text = gen.record();
        const fields = PATHS.filter(() => gen.int(3) === 0);
        if (fields.length === 0) fields.push('a');
        const want = reference(JSON.parse(text), fields);
        const got = project(text, fields);
        // chai only to explain a difference: it is slow on thousands of records.
        if (!isDeepStrictEqual(got, want)) expect(got, `record ${n}: ${text} ${fields}`).to.deep.equal(want);
      }
    });

    it('fails exactly where JSON.parse fails on 20 000 mutated records (seeded)', () => {
      const gen = new JsonText(1919);
      let failed = 0;
      for (let n = 0; n < 20000; n++) {
        // Decoded from its bytes: a mutation may cut a surrogate pair, which UTF-8 cannot hold.
        const text = Buffer.from(gen.mutate(gen.record())).toString();
        const fields = PATHS.filter(() => gen.int(3) === 0);
        if (fields.length === 0) fields.push('b');
        const want = outcome(() => (text.trim() === '' ? BLANK : reference(JSON.parse(text), fields)));
        const got = outcome(() => project(text, fields));
        if (!isDeepStrictEqual(got, want)) expect(got, `record ${n}: ${JSON.stringify(text)} ${fields}`).to.deep.equal(want);
        if (!want.ok) failed++;
      }
      expect(failed).to.be.above(2000);
    });

    it('reads a record that sits between others in a buffer, stopping at its end', () => {
      const buf = Buffer.from('{"a":1}{"a":2,"b":"x"}{"a":3}');
      const scanner = new JsonFieldScanner(compileFields(['a', 'b']));
      expect(scanner.project(buf, 7, 22)).to.deep.equal({ a: 2, b: 'x' });
      expect(() => scanner.project(buf, 7, 20)).to.throw(SyntaxError);
    });
  });
}
