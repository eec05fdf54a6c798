import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFields } from '../../lib/records/field-paths.js';
import { projectValue } from '../../lib/records/project-value.js';
import { resultToJSON } from '../../lib/job/job-json.js';
import { filePieces } from '../../lib/job/pieces.js';
import { PieceStream } from '../../lib/job/piece-stream.js';
import { defineJob } from '../../lib/job/define-job.js';
import { runJob } from '../../lib/job/run-job.js';
import * as sinks from '../../sinks/index.js';
import { csv } from '../../sources/csv.js';
import { json } from '../../sources/json.js';
import { collect } from '../fixtures/sources/helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/job/${name}`, import.meta.url));
/** The CSV job of benchmarks/records.ts: its sums are checked here. */
const sumColumns = fileURLToPath(new URL('../../benchmarks/jobs/records-sums.mjs', import.meta.url));

/** The error a run fails with (undefined when it succeeds). */
const failure = (run: Promise<unknown>): Promise<Error | undefined> =>
  run.then(
    () => undefined,
    (e: Error) => e,
  );
const logs = fixture('logs.ndjson');
const expected = JSON.parse(readFileSync(fixture('count-status.expected.json'), 'utf8'));

/** A numeric CSV with a header: values that are eighths, so that sums in any order are exact. */
function numericCsv(rows: number): string {
  const lines = ['a,b,c'];
  for (let i = 0; i < rows; i++) lines.push(`${((i * 37) % 1000) - 500}.${(i % 8) * 125},${(i * 11) % 97},-${(i % 5) / 4}`);
  return `${lines.join('\n')}\n`;
}

describe('projected and typed sources on the pieces of a job', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-pieces-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a piece given as a stream with its path from the file itself, in reused buffers', async () => {
    const root = compileFields(['status', 'path']);
    const lines = readFileSync(logs, 'utf8').split('\n').filter(Boolean);
    const pieces = await filePieces({ format: 'ndjson' }, logs, 3);
    const got: unknown[] = [];
    for (const piece of pieces) {
      const input = new PieceStream(piece);
      got.push(...(await collect(json(input, { fields: ['status', 'path'] }))));
      // The projected source read the file: the stream itself was never read.
      expect(input.readableDidRead).to.equal(false);
      input.destroy();
    }
    expect(got).to.deep.equal(lines.map((l) => projectValue(JSON.parse(l), root)));
    // A source that keeps views of chunks reads the stream, with the same records.
    const input = new PieceStream(pieces[1]!);
    expect(await collect(json(input))).to.have.length(await collect(json(new PieceStream(pieces[1]!), { fields: ['id'] })).then((r) => r.length));
    expect(input.readableDidRead).to.equal(true);
  });

  it('gives a CSV piece its header first, read from the file too', async () => {
    const file = join(dir, 'n.csv');
    writeFileSync(file, numericCsv(3000));
    const pieces = await filePieces({ format: 'csv', header: true }, file, 4);
    expect(pieces[2]!.headerEnd).to.equal(6);
    const rows: number[][] = [];
    for (const piece of pieces) {
      const input = new PieceStream(piece);
      for (const row of await collect(csv(input, { numeric: true, header: true }))) rows.push([...row]);
      expect(input.readableDidRead).to.equal(false);
      input.destroy();
    }
    const reference = (parse(readFileSync(file), { from_line: 2 }) as string[][]).map((r) => r.map(Number));
    expect(rows).to.deep.equal(reference);
  });

  it('counts the same on one core and on threads, through the projected source (collections.Counter)', async () => {
    const module = fixture('count-status-fields.mjs');
    const one = await runJob(module, [logs]);
    expect(JSON.parse(resultToJSON(one))).to.deep.equal(expected);
    expect(resultToJSON(await runJob(module, [logs], { threads: 2, pieces: 5 }))).to.equal(resultToJSON(one));
  });

  it('pushes the fields the sink reads down to the source, as pipe() does', async () => {
    // The key lists the fields each record holds: only the one it says it reads.
    const job = defineJob({ source: (input) => json(input), sink: () => sinks.countBy((r: object) => Object.keys(r).join(), { fields: ['status'] }) });
    expect([...((await runJob(job, [logs])) as Map<string, number>)]).to.deep.equal([['status', 3000]]);
  });

  it('folds pieces in the calling thread beside threads - 1 others', async () => {
    const file = join(dir, 'lines.txt');
    writeFileSync(file, 'x\n'.repeat(20000));
    const counts = (await runJob(fixture('count-threads.mjs'), [file], { threads: 3, pieces: 12 })) as Map<number, number>;
    expect([...counts.values()].reduce((a, b) => a + b)).to.equal(20000);
    // The calling thread (id 0) always takes the first piece; at most two others join.
    expect(counts.has(0)).to.equal(true);
    expect([...counts.keys()].filter((id) => id !== 0).length).to.be.at.most(2);
  });

  it('sums numeric CSV columns and averages typed columns on threads as csv-parse reads them', async () => {
    const file = join(dir, 'n.csv');
    writeFileSync(file, numericCsv(5000));
    const reference = (parse(readFileSync(file), { from_line: 2 }) as string[][]).map((r) => r.map(Number));
    const sums = [0, 1, 2].map((c) => reference.reduce((s, r) => s + r[c]!, 0));
    for (const threads of [1, 2]) {
      const got = (await runJob(sumColumns, [file], { threads, pieces: 6 })) as Map<string, Float64Array>;
      expect([...got.get('sums')!]).to.deep.equal(sums);
    }
    const typed = join(dir, 't.csv');
    writeFileSync(typed, `kind,ms\n${reference.map((r, i) => `${i % 3},${r[0]}`).join('\n')}\n`);
    const means = new Map<number, number[]>();
    reference.forEach((r, i) => {
      const acc = means.get(i % 3) ?? [0, 0];
      means.set(i % 3, [acc[0]! + r[0]!, acc[1]! + 1]);
    });
    for (const threads of [1, 2]) {
      const got = (await runJob(fixture('typed-columns.mjs'), [typed], { threads, pieces: 5 })) as Map<number, number[]>;
      expect(new Map([...got].sort((x, y) => x[0] - y[0]))).to.deep.equal(new Map([...means].sort((x, y) => x[0] - y[0])));
    }
  });

  it('names the line of the whole file for a bad record in a piece, a CSV with a header too', async () => {
    const bad = join(dir, 'bad.ndjson');
    const lines = readFileSync(logs, 'utf8').split('\n');
    lines[2500] = '{"path": "/x", "status": oops}';
    writeFileSync(bad, lines.join('\n'));
    for (const threads of [1, 2]) {
      const err = await failure(runJob(fixture('count-status-fields.mjs'), [bad], { threads, pieces: 4 }));
      expect(err?.message, `threads ${threads}`).to.contain(`${bad} line 2501: not valid JSON`);
    }
    const file = join(dir, 'bad.csv');
    const rows = numericCsv(3000).split('\n');
    rows[2000] = '1,oops,3';
    writeFileSync(file, rows.join('\n'));
    for (const threads of [1, 2]) {
      const err = await failure(runJob(sumColumns, [file], { threads, pieces: 4 }));
      expect(err?.message, `threads ${threads}`).to.match(new RegExp(`${file} line 2001: `));
    }
  });
});
