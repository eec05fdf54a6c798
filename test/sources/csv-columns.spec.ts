import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { codes } from '../../lib/core/errors.js';
import { csv } from '../../sources/csv.js';
import { chunked, collect, fixture, rejection } from '../fixtures/sources/helpers.js';

describe('csv({ columns: types })', () => {
  it('passes the 12 csv-spectrum cases with string columns', async () => {
    const names = readdirSync(fixture('csv-spectrum')).filter((f) => f.endsWith('.csv'));
    expect(names).to.have.length(12);
    for (const name of names) {
      const expected = JSON.parse(readFileSync(fixture(`csv-spectrum/${name.replace(/csv$/, 'json')}`), 'utf8')) as Record<string, string>[];
      const columns = Object.fromEntries(Object.keys(expected[0] ?? { x: '' }).map((k) => [k, 'string' as const]));
      expect(await collect(csv(fixture(`csv-spectrum/${name}`), { columns })), name).to.deep.equal(expected);
    }
  });

  it('yields typed records from a file, over inputs one after another', async () => {
    const rows = await collect(
      csv([chunked('status,path,ms\n200,/a,1.5\n'), chunked('status,path,ms\r\n404,"/b,c",2e1\r\n')], { columns: { status: 'int', ms: 'float' } }),
    );
    expect(rows).to.deep.equal([
      { status: 200, ms: 1.5 },
      { status: 404, ms: 20 },
    ]);
    const typed: number = rows[0]!.status; // TypedRow<{ status: 'int', ms: 'float' }>
    expect(typed).to.equal(200);
  });

  it('reads by index with another delimiter, skipping a header when told', async () => {
    expect(await collect(csv(chunked('a;b\n1;x\n'), { columns: { 0: 'int', 1: 'string' }, delimiter: ';', header: true }))).to.deep.equal([{ 0: 1, 1: 'x' }]);
  });

  it('fails a bad number with input, line and column', async () => {
    const err = await rejection(collect(csv(chunked('a,b\n1,2\n3,x\n'), { columns: { b: 'float' } })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal("stream line 3: column 'b' (field 2) is not a float: 'x' (csv(stream))");
  });

  it('fails a record longer than maxLineLength, naming its line', async () => {
    const err = await rejection(collect(csv(chunked('a,b\n1,"', '0123456789', '012"\n'), { columns: { b: 'string' }, maxLineLength: 10 })));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.match(/^stream line 2: a record longer than maxLineLength \(10 bytes\)/);
  });

  it('checks typed columns and the options that go with them at once', () => {
    const bad = [
      { columns: {} },
      { columns: { a: 'number' } },
      { columns: { a: 'int', 0: 'int' } },
      { columns: { a: 'int' }, cast: true },
      { columns: { a: 'int' }, delimiter: '::' },
      { columns: { a: 'int' }, header: false },
      { columns: { a: 'int' }, escape: '\\' },
      { columns: { a: 'int' }, numeric: true },
      { columns: { a: 'int' }, onError: 'skip' },
    ];
    for (const options of bad) {
      expect(() => csv('x.csv', options as never), JSON.stringify(options))
        .to.throw(TypeError)
        .with.property('code', codes.INVALID_ARG_VALUE);
    }
    const options = Object.freeze({ columns: Object.freeze({ a: 'int' as const }), delimiter: ';' });
    expect(() => csv('x.csv', options)).not.to.throw();
  });
});
