import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { codes, RecordError } from '../../lib/core/errors.js';
import { type ColumnTypes, compileColumns } from '../../lib/records/csv-columns.js';
import { CsvColumnsParser } from '../../lib/records/csv-columns-parser.js';
import { fixture } from '../fixtures/sources/helpers.js';
import { rng } from '../helpers/rng.js';

/** Parses `text` cut into pieces of `size` bytes (0: one piece). */
function run(text: string | Buffer, columns: ColumnTypes, size = 0, header?: boolean): Record<string, unknown>[] {
  const bytes = Buffer.from(text);
  const parser = new CsvColumnsParser('x.csv', 'csv(x.csv)', compileColumns(columns), { header });
  const out: Record<string, unknown>[] = [];
  const step = size || bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) parser.write(bytes.subarray(i, i + step), out);
  parser.end(out);
  return out;
}

/** The reference conversion of csv-parse's string, written apart from csv-field.ts. */
function convert(text: string, type: string): unknown {
  if (type === 'string') return text;
  if (text === '') {
    if (type.endsWith('?')) return null;
    throw new Error('empty');
  }
  const t = text.trim();
  if (type.startsWith('int')) {
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new Error('not an int');
    return Number(t);
  }
  const special: Record<string, number> = { nan: Number.NaN, inf: Infinity, '+inf': Infinity, infinity: Infinity, '-inf': -Infinity, '-infinity': -Infinity };
  const n = t === '' ? Number.NaN : Number(t);
  if (!Number.isNaN(n)) return n;
  if (Object.hasOwn(special, t.toLowerCase())) return special[t.toLowerCase()];
  throw new Error('not a float');
}

/** csv-parse's records (the first is the header) reduced to the typed columns; a missing column fails. */
function reference(text: string, columns: Record<string, string>): Record<string, unknown>[] {
  const [header, ...rows] = parse(text, { bom: true }) as string[][];
  if (header === undefined) return [];
  const index = Object.keys(columns).map((k) => header.lastIndexOf(k));
  if (index.includes(-1)) throw new Error('missing column');
  return rows.map((row) => Object.fromEntries(Object.entries(columns).map(([k, type], i) => [k, convert(row[index[i] as number] as string, type)])));
}

type Outcome = { ok: true; value: unknown } | { ok: false };
function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch {
    return { ok: false };
  }
}

/** A random CSV: a header, then fields of numbers, text that needs quotes, empty fields. */
function generate(random: () => number): { text: string; columns: Record<string, string> } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const width = 1 + Math.floor(random() * 5);
  const kinds = Array.from({ length: width }, () => pick(['int', 'float', 'string', 'int?', 'float?']));
  const eol = pick(['\n', '\r\n']);
  const cell = (kind: string): string => {
    if (kind.startsWith('int')) return pick(['0', '-7', '+12', '42', '9007199254740991', kind.endsWith('?') ? '' : '3', ' 5 ']);
    if (kind.startsWith('float'))
      return pick(['1.5', '-0.25', '1e3', '2.5E-3', '.5', '7.', 'nan', '-inf', '123456789.123456789', '0.1', kind.endsWith('?') ? '' : '4', '"6.5"']);
    const text = pick(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'ü中', '', ' spaced ']);
    return /[",\r\n]/.test(text) || random() < 0.2 ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const names = kinds.map((_, c) => `col${c}`);
  const lines = [names.map((n) => (random() < 0.3 ? `"${n}"` : n)).join(',')];
  for (let r = Math.floor(random() * 8); r > 0; r--) lines.push(kinds.map(cell).join(','));
  const columns: Record<string, string> = {};
  kinds.forEach((kind, c) => {
    if (random() < 0.7) columns[names[c] as string] = kind;
  });
  if (Object.keys(columns).length === 0) columns[names[0] as string] = 'string';
  return { text: (random() < 0.1 ? '\ufeff' : '') + lines.join(eol) + (random() < 0.7 ? eol : ''), columns };
}

describe('CsvColumnsParser', () => {
  it('passes csv-spectrum: string columns equal csv-parse’s, whatever the chunk size', () => {
    const names = readdirSync(fixture('csv-spectrum')).filter((f) => f.endsWith('.csv'));
    expect(names).to.have.length(12);
    for (const name of names) {
      const text = readFileSync(fixture(`csv-spectrum/${name}`), 'utf8');
      const expected = JSON.parse(readFileSync(fixture(`csv-spectrum/${name.replace(/csv$/, 'json')}`), 'utf8')) as Record<string, string>[];
      if (expected.length === 0) continue;
      const columns = Object.fromEntries(Object.keys(expected[0] as object).map((k) => [k, 'string' as const]));
      for (const size of [0, 1, 2, 7]) expect(run(text, columns, size), `${name} in pieces of ${size}`).to.deep.equal(expected);
    }
  });

  it('reads typed columns by name and by index, numbers straight from their bytes', () => {
    const text = 'a,b,c\n1,"x,y",2.5\n-3,"q""r",4e2\n';
    expect(run(text, { c: 'float', a: 'int' })).to.deep.equal([
      { c: 2.5, a: 1 },
      { c: 400, a: -3 },
    ]);
    expect(run(text, { 1: 'string', 2: 'float' }, 3, true)).to.deep.equal([
      { 1: 'x,y', 2: 2.5 },
      { 1: 'q"r', 2: 400 },
    ]);
  });

  it('gives null for an empty field of a ? type, and fails it otherwise', () => {
    expect(run('a,b\n1,\n', { b: 'float?' })).to.deep.equal([{ b: null }]);
    expect(() => run('a,b\n1,\n', { b: 'float' })).to.throw(
      RecordError,
      "x.csv line 2: column 'b' (field 2) is empty, not a float (type 'float?' reads it as null) (csv(x.csv))",
    );
  });

  it('names input, line and column of a bad number, and of a bad row', () => {
    const err = (text: string, columns: ColumnTypes): RecordError => {
      try {
        run(text, columns, 4);
      } catch (e) {
        return e as RecordError;
      }
      throw new Error('no error');
    };
    const bad = err('a,b\r\n1,2\r\n"x\r\ny",zz\r\n', { b: 'int' });
    expect(bad.code).to.equal(codes.BAD_RECORD);
    expect(bad.message).to.equal("x.csv line 3: column 'b' (field 2) is not an int: 'zz' (csv(x.csv))");
    expect(err('a,b\n1,2\n3\n', { a: 'int' }).message).to.equal('x.csv line 3: expected 2 fields, got 1 (csv(x.csv))');
    expect(err('a,b\n1,x"y\n', { a: 'int' }).message).to.match(/^x\.csv line 2: invalid opening quote/);
    expect(err('a,b\n1,"x"y\n', { a: 'int' }).message).to.match(/^x\.csv line 2: invalid closing quote/);
    expect(err('a,b\n1,"x\n', { a: 'int' }).message).to.match(/^x\.csv line 2: quote not closed/);
    expect(err('a,b\n1,2\n', { c: 'int' }).message).to.equal("x.csv line 1: no column 'c' in the header (a, b) (csv(x.csv))");
    expect(err('1,2\n', { 5: 'int' }).message).to.equal('x.csv line 1: no field 5: the records have 2 fields (indexes start at 0) (csv(x.csv))');
    expect(err('a\n99999999999999999\n', { a: 'int' }).message).to.match(/past 2\^53/);
  });

  it('holds a record cut between chunks up to maxLineLength, then fails naming its line', () => {
    const parser = new CsvColumnsParser('x.csv', 'csv(x.csv)', compileColumns({ a: 'string' }), { maxLineLength: 10 });
    const out: Record<string, unknown>[] = [];
    parser.write(Buffer.from('a\n"12345'), out);
    parser.write(Buffer.from('6789'), out);
    expect(() => parser.write(Buffer.from('0123'), out)).to.throw(
      RecordError,
      'x.csv line 2: a record longer than maxLineLength (10 bytes): at least 14 bytes (csv(x.csv))',
    );
    const ok = new CsvColumnsParser('x.csv', 'csv(x.csv)', compileColumns({ a: 'string' }), { maxLineLength: 10 });
    for (const piece of ['a\n"1', '2\n3', '"\n']) ok.write(Buffer.from(piece), out);
    ok.end(out);
    expect(out).to.deep.equal([{ a: '12\n3' }]);
  });

  it('equals csv-parse on 2 000 generated files, in random chunks (seeded)', () => {
    const random = rng(19);
    for (let n = 0; n < 2000; n++) {
      const { text, columns } = generate(random);
      const want = outcome(() => reference(text, columns));
      const got = outcome(() => run(text, columns as ColumnTypes, 1 + Math.floor(random() * 40)));
      if (!isDeepStrictEqual(got, want)) expect(got, `file ${n}: ${JSON.stringify(text)} ${JSON.stringify(columns)}`).to.deep.equal(want);
    }
  });

  it('fails exactly where csv-parse (or the type) fails on 2 000 mutated files (seeded)', () => {
    const random = rng(1919);
    let failed = 0;
    for (let n = 0; n < 2000; n++) {
      const { text, columns } = generate(random);
      const at = Math.floor(random() * (text.length + 1));
      const mutated = text.slice(0, at) + ['"', ',', '\n', '\r', 'x', ''][Math.floor(random() * 6)] + text.slice(at + 1);
      const want = outcome(() => reference(mutated, columns));
      const got = outcome(() => run(mutated, columns as ColumnTypes, 1 + Math.floor(random() * 40)));
      if (!isDeepStrictEqual(got, want)) expect(got, `file ${n}: ${JSON.stringify(mutated)} ${JSON.stringify(columns)}`).to.deep.equal(want);
      if (!want.ok) failed++;
    }
    expect(failed).to.be.above(200);
  });
});
