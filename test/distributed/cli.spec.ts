import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { kmersCommand } from '../../cli/commands/kmers.js';
import { fileURLToPath } from 'node:url';
import { reduceCommand } from '../../cli/commands/reduce.js';
import { submitCommand } from '../../cli/commands/submit.js';
import { workerCommand } from '../../cli/commands/worker.js';
import { runCli } from '../../cli/run.js';
import { countKmersParallel, pcaParallel } from '../../lib/parallel/parallel-passes.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';

const fasta = fileURLToPath(new URL('../fixtures/distributed/reads.fa', import.meta.url));
const csv = fileURLToPath(new URL('../fixtures/distributed/rows.csv', import.meta.url));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = { write: (s: string | Uint8Array) => ((stdout += Buffer.from(s).toString()), true) } as unknown as NodeJS.WritableStream;
  const err = { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream;
  const code = await runCli(argv, { stdout: out, stderr: err, stdin: process.stdin, stderrIsTTY: false, signal: new AbortController().signal }, [
    submitCommand,
    workerCommand,
    reduceCommand,
    kmersCommand,
  ]);
  return { code, stdout, stderr };
}

/** Open TCP sockets of this process (the server is a child process). */
const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('streamtoolz submit / worker / reduce', function () {
  this.timeout(30000);
  let redis: TestRedis;
  let open: number;
  before(async () => (redis = await startRedis()));
  after(async () => redis?.stop());
  beforeEach(() => (open = sockets()));
  // Every command closes its connection, after success or failure (a handle closes a tick later).
  afterEach(async () => {
    for (let i = 0; i < 100 && sockets() !== open; i++) await tick();
    expect(sockets(), 'sockets left open').to.equal(open);
  });

  it('counts k-mers across submit, worker and reduce as one process does', async () => {
    const submitted = await cli(['submit', '--redis', redis.url, '--queue', 'k', '--jobs', '3', '--kmers', '11', '--canonical', fasta]);
    expect(submitted).to.deep.equal({ code: 0, stdout: '', stderr: 'submit: k: 3 jobs queued\n' });
    expect((await cli(['submit', '--redis', redis.url, '--queue', 'k', '--jobs', '3', '--kmers', '11', '--canonical', fasta])).stderr).to.equal(
      'submit: k: 3 jobs were queued already\n',
    );
    const worked = await cli(['worker', '--redis', redis.url, '--queue', 'k', '--name', 'w']);
    expect(worked.code, worked.stderr).to.equal(0);
    expect(worked.stderr).to.match(/k done: 3 stored, 0 duplicates dropped\n$/);
    const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'k']);
    const want = await countKmersParallel(fasta, { k: 11, canonical: true, format: 'fasta', threads: 1, ranges: 1 });
    expect(reduced.code, reduced.stderr).to.equal(0);
    expect(reduced.stdout).to.equal(Buffer.concat([...want.lines()]).toString());
    expect(reduced.stdout.split('\n')[0]).to.match(/^[ACGT]{11}\t\d+$/);
  });

  it('writes what kmers writes, byte for byte, for k <= 12 and k > 12, either strand, over several jobs', async () => {
    // reads.fa with one read repeated after every record: counts past 255 (overflow lists,
    // carries) in every job, summed across jobs by the merge.
    const dir = mkdtempSync(join(tmpdir(), 'streamtoolz-reduce-'));
    try {
      const input = join(dir, 'reads.fa');
      const repeat = '>rep\nGATTACAGATTACAGGCCTTAAGGCTTAACCGGATATCCGGTTAAG\n';
      writeFileSync(
        input,
        readFileSync(fasta, 'latin1')
          .split(/(?=>)/)
          .map((r) => r + repeat + repeat)
          .join(''),
      );
      for (const k of [5, 11, 21, 27]) {
        for (const canonical of [false, true]) {
          const strand = canonical ? ['--canonical'] : [];
          const queue = `same-${k}${canonical ? 'c' : ''}`;
          expect((await cli(['submit', '--redis', redis.url, '--queue', queue, '--jobs', '4', '--kmers', String(k), ...strand, input])).code).to.equal(0);
          expect((await cli(['worker', '--redis', redis.url, '--queue', queue])).stderr).to.match(/done: 4 stored, 0 duplicates dropped\n$/);
          const reduced = await cli(['reduce', '--redis', redis.url, '--queue', queue]);
          const one = await cli(['kmers', '-k', String(k), ...strand, input]);
          expect(reduced.code, reduced.stderr).to.equal(0);
          expect(one.code, one.stderr).to.equal(0);
          expect(reduced.stdout.length, `k=${k}${strand.join('')}`).to.be.above(1000);
          expect(reduced.stdout === one.stdout, `k=${k}${strand.join('')}: reduce and kmers differ`).to.equal(true);
          expect(reduced.stdout).to.match(/\t(2[5-9]\d|[3-9]\d\d)\n/);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the exact PCA as JSON', async () => {
    expect((await cli(['submit', '--redis', redis.url, '--queue', 'p', '--jobs', '2', '--pca', csv])).code).to.equal(0);
    expect((await cli(['worker', '--redis', redis.url, '--queue', 'p'])).code).to.equal(0);
    const reduced = await cli(['reduce', '--redis', redis.url, '--queue', 'p', '--components', '3']);
    const got = JSON.parse(reduced.stdout) as { components: number[][]; explainedVariance: number[]; nSamples: number };
    const want = await pcaParallel(csv, { nComponents: 3, threads: 1, ranges: 2 });
    expect(got.nSamples).to.equal(300);
    expect(got.components).to.deep.equal(want.components.map((c) => [...c]));
    expect(got.explainedVariance).to.deep.equal([...want.explainedVariance]);
  });

  it('fails with one line: usage errors exit 2, a missing input or result exit 1', async () => {
    expect((await cli(['submit', '--redis', redis.url, fasta])).stderr).to.match(/^streamtoolz submit: give one of --kmers K and --pca\n/);
    expect(await cli(['submit', '--redis', redis.url, '--pca', '/no/such.csv'])).to.deep.include({
      code: 1,
      stderr: 'streamtoolz submit: /no/such.csv: no such file\n',
    });
    expect(await cli(['reduce', '--redis', redis.url, '--queue', 'none', '--timeout', '10'])).to.deep.include({
      code: 1,
      stderr: `streamtoolz reduce: ${redis.url}: queue 'none' was not submitted after 10 ms\n`,
    });
    expect(await cli(['reduce', '--redis', 'redis://127.0.0.1:1'])).to.deep.include({
      code: 1,
      stderr: 'streamtoolz reduce: redis://127.0.0.1:1: connecting: connection refused (is redis-server running?)\n',
    });
    expect((await cli(['submit', '--redis', redis.url, '--reconnect', 'never', '--pca', csv])).stderr).to.match(
      /^streamtoolz submit: --reconnect must be an integer >= 0, got 'never'\n/,
    );
  });
});
