import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { codes } from '../../lib/core/errors.js';
import { pushedFields } from '../../lib/core/field-use.js';
import { pipe } from '../../lib/core/pipe.js';
import { kProjectFields } from '../../lib/core/symbols.js';
import * as sinks from '../../sinks/index.js';
import { json } from '../../sources/json.js';
import type { RecordSource } from '../../sources/record-source.js';
import * as transforms from '../../transforms/index.js';
import { JsonText } from '../helpers/json-text.js';
import { chunked } from '../fixtures/sources/helpers.js';

type Row = Record<string, any> | null | undefined;
type Source = RecordSource<Record<string, any>>;

/** A JSON source whose pushed-down fields are recorded in `pushed` (undefined: none). */
function watched(input: Parameters<typeof json>[0], options?: Parameters<typeof json>[1]): { source: Source; pushed: () => readonly string[] | undefined } {
  const source = json<Record<string, any>>(input, options);
  const own = source[kProjectFields as never] as (fields: readonly string[]) => boolean;
  let pushed: readonly string[] | undefined;
  Object.defineProperty(source, kProjectFields, {
    value: (fields: readonly string[]) => {
      const taken = own.call(source, fields);
      if (taken) pushed = fields;
      return taken;
    },
  });
  return { source, pushed: () => pushed };
}

/** The outcome of a run: its result, or its error's message. */
async function outcome(run: Promise<unknown>): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await run };
  } catch (err) {
    return { ok: false, value: (err as Error).message };
  }
}

describe('projection pushdown', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pushdown-'));
    file = join(dir, 'a.ndjson');
    writeFileSync(file, '{"status":200,"path":"/a","ms":3}\n{"status":500,"path":"/b","ms":9}\n{"status":500,"path":"/a","ms":1}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('asks a JSON source for the fields the stages after it read', async () => {
    const a = watched(file);
    const counts = await pipe(
      a.source,
      transforms.filter((r: Row) => r!.status >= 500, { fields: ['status'] }),
      sinks.countBy('path'),
    );
    expect([...counts]).to.deep.equal([
      ['/b', 1],
      ['/a', 1],
    ]);
    expect(a.pushed()).to.deep.equal(['status', 'path']);
    // The records the sink sees hold only those fields (a key function that says it reads
    // `status` but lists the keys shows what was built).
    const b = watched(file);
    const keys = await pipe(
      b.source,
      sinks.countBy((r: Row) => Object.keys(r!).join(), { fields: ['status'] }),
    );
    expect([...keys.keys()]).to.deep.equal(['status']);
    const c = watched(file);
    expect(await pipe(c.source, transforms.pluck('ms'), sinks.sum())).to.equal(13);
    expect(c.pushed()).to.deep.equal(['ms']);
    const d = watched(file);
    expect(await pipe(d.source, transforms.take(2), sinks.count())).to.equal(2);
    expect(d.pushed()).to.deep.equal([]);
  });

  it('pushes nothing when a stage may read anything, or keeps whole items', async () => {
    const cases: [string, (s: Source) => Promise<unknown>][] = [
      [
        'a filter without fields',
        (s) =>
          pipe(
            s,
            transforms.filter((r: Row) => r!.status > 0),
            sinks.count(),
          ),
      ],
      ['collect', (s) => pipe(s, sinks.collect())],
      [
        'a key function without fields',
        (s) =>
          pipe(
            s,
            sinks.countBy((r: Row) => r!.status),
          ),
      ],
      ['a key with a dot (a property name, not a path)', (s) => pipe(s, sinks.countBy('a.b'))],
      [
        'reduceBy without init (items are accumulators)',
        (s) =>
          pipe(
            s,
            sinks.reduceBy('path', (a: Row) => a, { fields: ['path'] } as never),
          ),
      ],
      [
        'reduceBy with init but no fields',
        (s) =>
          pipe(
            s,
            sinks.reduceBy('path', (n: number) => n + 1, 0),
          ),
      ],
      [
        'a concurrent map',
        (s) =>
          pipe(
            s,
            transforms.map((r: Row) => r!.status, { fields: ['status'], concurrency: 2 }),
            sinks.count(),
          ),
      ],
      ['a stage after a filter that keeps whole items', (s) => pipe(s, transforms.filter(Boolean, { fields: [] }), sinks.collect())],
    ];
    for (const [what, run] of cases) {
      const w = watched(file);
      await run(w.source).catch(() => undefined);
      expect(w.pushed(), what).to.equal(undefined);
    }
    // Fields the source already projects, the tokenizer's formats, a reopened source.
    for (const options of [{ fields: ['path'] }, { format: 'values' as const }, { path: 'x' }]) {
      const w = watched(file, options);
      await pipe(w.source, sinks.countBy('path')).catch(() => undefined);
      expect(w.pushed(), JSON.stringify(options)).to.equal(undefined);
    }
    const source = json<Record<string, any>>(file);
    await pipe(source, sinks.countBy('path'));
    const again = source.reopen();
    expect((await pipe(again, sinks.collect()))[0]).to.deep.equal({ status: 200, path: '/a', ms: 3 });
  });

  it('checks the fields option at once', () => {
    for (const bad of ['status', [''], ['a..b'], [1]]) {
      expect(() => transforms.filter(Boolean, { fields: bad as never }), JSON.stringify(bad))
        .to.throw(TypeError, /"fields"/)
        .with.property('code', codes.INVALID_ARG_VALUE);
      expect(() => sinks.countBy('a', { fields: bad as never })).to.throw(TypeError, /"fields"/);
    }
    expect(pushedFields([transforms.tap(() => undefined, { fields: ['x'] })], sinks.countBy('y'))).to.deep.equal(['x', 'y']);
  });

  it('gives the results of the unprojected pipe on 400 random pipelines over generated NDJSON (seeded)', async function () {
    this.timeout(60000);
    const gen = new JsonText(2019);
    const stages: ((n: number) => unknown)[] = [
      () => transforms.filter((r: Row) => typeof r?.a === 'number' && r.a > 0, { fields: ['a'] }),
      () => transforms.filter((r: Row) => r?.b?.c !== undefined, { fields: ['b.c'] }),
      () => transforms.filter((r: Row) => typeof r?.status !== 'string', { fields: ['status'] }),
      () => transforms.tap((r: Row) => void JSON.stringify(r?.ü), { fields: ['ü'] }),
      (n: number) => transforms.take(n),
    ];
    const ends = [
      () => [
        transforms.pluck<Record<string, unknown>, 'a'>('a', { default: null }),
        transforms.map((v: unknown) => JSON.stringify(v) ?? 'u'),
        sinks.frequencies(),
      ],
      () => [transforms.map((r: Row) => [r?.status, r?.d], { fields: ['status', 'd'] }), sinks.collect()],
      () => [sinks.countBy('status')],
      () => [sinks.countBy('__proto__')],
      () => [sinks.countBy((r: Row) => JSON.stringify(r?.b), { fields: ['b'] })],
      () => [sinks.count()],
      () => [sinks.reduceBy('c', (n: number, r: Row) => n + String(r?.['k"ey']).length, 0, { fields: ['k"ey'] })],
    ];
    let pushed = 0;
    for (let n = 0; n < 400; n++) {
      const lines: string[] = [];
      for (let i = 0; i < 150; i++) lines.push(n % 5 === 0 && i === 100 ? gen.mutate(gen.record()) : gen.record());
      const text = `${lines.join('\n')}\n`;
      // Each stage made twice alike: what it draws is drawn once, here.
      const chosen = Array.from({ length: gen.int(3) }, () => {
        const make = gen.pick(stages);
        const arg = gen.int(300);
        return () => make(arg);
      });
      const end = gen.pick(ends);
      const options = { nullAs: 'NULL', ...(n % 7 === 0 ? { onError: 'skip' as const } : {}) };
      const projected = watched(chunked(text), options);
      const got = await outcome((pipe as (...args: unknown[]) => Promise<unknown>)(projected.source, ...chosen.map((s) => s()), ...end()));
      // The same pipe with a first stage that says nothing of what it reads: nothing is pushed.
      const whole = watched(chunked(text), options);
      const want = await outcome(
        (pipe as (...args: unknown[]) => Promise<unknown>)(
          whole.source,
          transforms.tap(() => undefined),
          ...chosen.map((s) => s()),
          ...end(),
        ),
      );
      expect(whole.pushed()).to.equal(undefined);
      if (projected.pushed() !== undefined) pushed++;
      if (!isDeepStrictEqual(got, want)) expect(got, `pipeline ${n}`).to.deep.equal(want);
    }
    expect(pushed).to.be.above(300);
  });
});
