import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { compileFields } from '../../lib/records/field-paths.js';
import { JsonFieldScanner } from '../../lib/records/json-field-scanner.js';
import { LINE_BLANK, LINE_SLOW } from '../../lib/records/json-kernel.js';
import { MAX_REGION, useJsonKernel } from '../../lib/records/json-kernel-instance.js';
import { ProjectedNdjsonParser } from '../../lib/records/projected-ndjson-parser.js';
import { JSON_FIELDS_WASM } from '../../lib/records/wasm/json-fields-bytes.js';
import { json } from '../../sources/json.js';
import { chunked, collect } from '../fixtures/sources/helpers.js';
import { JsonText } from '../helpers/json-text.js';
import { rng } from '../helpers/rng.js';

const PATHS = ['a', 'b', 'status', 'ü', 'k"ey', '__proto__', 'a.b', 'b.c', 'a.c.d', 'd.a', 'missing', 'c', 'x.y'];

/** What a parser gives for `chunks`: its records and its bad lines (message and text). */
function parseAll(fields: string[], chunks: readonly Buffer[]): { out: unknown[]; bad: unknown[] } {
  const bad: unknown[] = [];
  const scanner = new JsonFieldScanner(compileFields(fields));
  const parser = new ProjectedNdjsonParser('x', 's', scanner, { onBad: (err, text) => bad.push([err.message, text]) });
  const out: unknown[] = [];
  for (const chunk of chunks) parser.write(chunk, out);
  parser.end(out);
  return { out, bad };
}

describe('the WebAssembly JSON kernel', () => {
  afterEach(() => useJsonKernel(true));

  it('is the committed json-fields.wasm, loaded and used by the NDJSON source', async () => {
    const committed = readFileSync(new URL('../../lib/records/wasm/json-fields.wasm', import.meta.url));
    expect(Buffer.from(JSON_FIELDS_WASM, 'base64').equals(committed)).to.equal(true);
    const scanner = new JsonFieldScanner(compileFields(['a']));
    expect(scanner.kernel, 'WebAssembly SIMD runs in this Node').to.not.equal(undefined);
    const source = json(chunked('{"a":1,"b":"x"}\n{"a":2}\n'), { fields: ['a'] });
    expect(await collect(source)).to.deep.equal([{ a: 1 }, { a: 2 }]);
    const parser = new ProjectedNdjsonParser('x', 's', scanner);
    parser.write(Buffer.from('{"a":3}\n'), []);
    expect(scanner.kernel?.regions).to.equal(1);
  });

  it('leaves the records to the JavaScript walk where WebAssembly is missing (node --jitless)', async () => {
    const url = (path: string): string => new URL(path, import.meta.url).href;
    const code = `import { compileFields } from '${url('../../lib/records/field-paths.ts')}';
      import { JsonFieldScanner } from '${url('../../lib/records/json-field-scanner.ts')}';
      const scanner = new JsonFieldScanner(compileFields(['a']));
      const line = Buffer.from('{"a":[1],"b":2}');
      console.log(JSON.stringify({ kernel: scanner.kernel !== undefined, record: scanner.project(line, 0, line.length) }));`;
    const child = spawnSync(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(JSON.parse(child.stdout)).to.deep.equal({ kernel: false, record: { a: [1] } });
  });

  it('is left aside when turned off, and for names it cannot compare as bytes', () => {
    useJsonKernel(false);
    expect(new JsonFieldScanner(compileFields(['a'])).kernel).to.equal(undefined);
    useJsonKernel(true);
    expect(new JsonFieldScanner(compileFields(['a\ufffd'])).kernel).to.equal(undefined);
    expect(new JsonFieldScanner(compileFields(['\ud800'])).kernel).to.equal(undefined);
    expect(new JsonFieldScanner(compileFields(['k"ey', 'ü'])).kernel).to.not.equal(undefined);
  });

  it('says which lines are records, blank, or for JavaScript to decide', () => {
    const kernel = new JsonFieldScanner(compileFields(['a'])).kernel!;
    const text = Buffer.from('{"a":1}\n \r\n[1]\n{"a":"x\n{"a":2,}\n{"b":{"a":3}}\n{"a":4}');
    text.copy(kernel.region(text.length), kernel.base);
    kernel.begin(text.length, true);
    const n = kernel.next();
    expect([...kernel.lines.subarray(0, 2 * n)]).to.deep.equal([7, 1, 10, LINE_BLANK, 14, LINE_SLOW, 22, LINE_SLOW, 31, LINE_SLOW, 45, 0, 53, 1]);
    expect(kernel.next()).to.equal(0);
  });

  it('gives the records of the JavaScript walk on 150 generated NDJSON texts, malformed lines and all (seeded)', () => {
    const gen = new JsonText(2026);
    const random = rng(2026);
    for (let doc = 0; doc < 150; doc++) {
      const lines: string[] = [];
      for (let n = 0; n < 200; n++) {
        let line = gen.record();
        if (gen.int(8) === 0) line = gen.mutate(line);
        // A line break inside a record: an unclosed string must not run into the next line.
        if (gen.int(25) === 0) {
          const at = gen.int(line.length + 1);
          line = `${line.slice(0, at)}\n${line.slice(at)}`;
        }
        lines.push(gen.int(30) === 0 ? '' : line);
      }
      const bytes = Buffer.from(lines.map((l) => l + (gen.int(3) ? '\n' : '\r\n')).join(''));
      const chunks: Buffer[] = [];
      const most = gen.int(2) === 0 ? 20000 : 300;
      for (let i = 0; i < bytes.length; ) {
        const n = 1 + Math.floor(random() * most);
        chunks.push(bytes.subarray(i, i + n));
        i += n;
      }
      const fields = PATHS.filter(() => gen.int(3) === 0);
      if (fields.length === 0) fields.push('a');
      const wasm = parseAll(fields, chunks);
      useJsonKernel(false);
      const js = parseAll(fields, chunks);
      useJsonKernel(true);
      if (!isDeepStrictEqual(wasm, js)) expect(wasm, `text ${doc}, fields ${fields}`).to.deep.equal(js);
    }
  });

  it('leaves a record longer than its largest region to the JavaScript walk', () => {
    const scanner = new JsonFieldScanner(compileFields(['b']));
    const record = Buffer.from(`{"a":"${'x'.repeat(MAX_REGION)}","b":[1]}`);
    const regions = scanner.kernel!.regions;
    expect(scanner.project(record, 0, record.length)).to.deep.equal({ b: [1] });
    expect(scanner.kernel!.regions).to.equal(regions);
  });
});
