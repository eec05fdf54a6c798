import { expect } from 'chai';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { defineJob } from '../../lib/job/define-job.js';
import { resultToJSON } from '../../lib/job/job-json.js';
import { runJob } from '../../lib/job/run-job.js';
import { filePieces } from '../../lib/job/pieces.js';
import * as sinks from '../../sinks/index.js';
import * as sources from '../../sources/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/job/${name}`, import.meta.url));
const logs = fixture('logs.ndjson');
const job = fixture('count-status.mjs');
const expected = JSON.parse(readFileSync(fixture('count-status.expected.json'), 'utf8'));

describe('runJob', function () {
  this.timeout(30000);

  it("a job module importing 'streamtoolz' by name gives collections.Counter's counts on one core and on threads", async () => {
    const one = await runJob(job, [logs]);
    expect(JSON.parse(resultToJSON(one))).to.deep.equal(expected);
    const two = await runJob(job, [logs], { threads: 2, pieces: 5 });
    expect(resultToJSON(two)).to.equal(resultToJSON(one));
  });

  it('cuts NDJSON files into pieces of whole lines, a gzip file into one piece', async () => {
    const pieces = await filePieces({}, logs, 4);
    expect(pieces).to.have.length(4);
    const bytes = readFileSync(logs);
    for (const p of pieces) {
      expect(p.start === 0 || bytes[p.start - 1] === 10, `piece at ${p.start}`).to.equal(true);
    }
    expect(pieces.map((p) => p.end - p.start).reduce((a, b) => a + b)).to.equal(bytes.length);
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-job-'));
    try {
      const gz = join(dir, 'logs.ndjson.gz');
      writeFileSync(gz, gzipSync(bytes));
      expect(await filePieces({}, gz, 4)).to.have.length(1);
      // gzip and plain inputs together, threads and one core alike.
      const both = await runJob(job, [logs, gz], { threads: 2 });
      const doubled = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, 2 * (v as number)]));
      expect(JSON.parse(resultToJSON(both))).to.deep.equal(doubled);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a CSV header to every piece when the job says the first record is one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-job-'));
    try {
      const csv = join(dir, 'rows.csv');
      const rows = Array.from({ length: 400 }, (_, i) => `${i % 7},"note ${i}\nsecond line"`);
      writeFileSync(csv, `kind,note\n${rows.join('\n')}\n`);
      const module = fixture('count-kinds.mjs');
      const one = (await runJob(module, [csv])) as Map<string, number>;
      expect([...one.values()].reduce((a, b) => a + b)).to.equal(400);
      expect(resultToJSON(await runJob(module, [csv], { threads: 2, pieces: 6 }))).to.equal(resultToJSON(one));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws at once for a misspelt option of defineJob and runJob', async () => {
    expect(() => defineJob({ source: (i: string) => sources.json(i), sink: () => sinks.count(), stage: () => [] } as never)).to.throw(
      TypeError,
      /Unknown option "stage" for defineJob\(\); did you mean "stages"\?/,
    );
    const local = defineJob({ source: (i) => sources.json(i), sink: () => sinks.count() });
    const err = await runJob(local, [logs], { thread: 2 } as never).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.match(/Unknown option "thread" for runJob\(\); did you mean "threads"\?/);
  });

  it('runs a job object on one core, inputs of any kind (a stream too)', async () => {
    const local = defineJob({ source: (input) => sources.json(input), sink: () => sinks.count() });
    expect(await runJob(local, [logs, Readable.from(['{"a":1}\n{"a":2}\n'])])).to.equal(3002);
  });

  it('fails at once, in one line, for a sink that cannot merge and for threads without a module', async () => {
    const caught = (p: Promise<unknown>): Promise<Error | undefined> =>
      p.then(
        () => undefined,
        (e: Error) => e,
      );
    expect((await caught(runJob(fixture('not-mergeable.mjs'), [logs])))?.message).to.match(/^the sink collect cannot merge partial results/);
    const local = defineJob({ source: (input) => sources.json(input), sink: () => sinks.count() });
    const err = await caught(runJob(local, [logs], { threads: 2 }));
    expect(err).to.be.instanceOf(TypeError);
    expect(err?.message).to.match(/runJob with threads needs the job module/);
  });

  it('names the file and its line for a bad record in a piece, as one core does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-job-'));
    try {
      const bad = join(dir, 'bad.ndjson');
      const lines = readFileSync(logs, 'utf8').split('\n');
      lines[2500] = '{"path": oops}';
      writeFileSync(bad, lines.join('\n'));
      const errors: string[] = [];
      for (const threads of [1, 2]) await runJob(job, [bad], { threads, pieces: 4 }).catch((e: Error) => errors.push(e.message));
      expect(errors).to.have.length(2);
      // The same record error on one core and on threads (a test under tsx may see it
      // wrapped once more by a second copy of the modules in the thread).
      for (const e of errors) expect(e).to.contain(`${bad} line 2501: not valid JSON`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
