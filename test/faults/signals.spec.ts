import { expect } from 'chai';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from '../helpers/rng.js';
import { startCli, until } from '../helpers/cli-process.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

// SIGINT and SIGTERM against the real command line, once it has started writing: it stops
// (130 or 143, as a shell reports a process killed by the signal) and an output file it was
// writing is complete or absent. Each case starts one process (~1 s under tsx).

/** Random FASTA of `bases` bases in reads of 1000: nearly every 21-mer distinct. */
function randomFasta(bases: number, seed: number): Buffer {
  const random = rng(seed);
  const parts: string[] = [];
  for (let i = 0; i * 1000 < bases; i++) {
    let read = '';
    for (let j = 0; j < 1000; j++) read += 'ACGT'[Math.floor(random() * 4)];
    parts.push(`>r${i}\n${read}\n`);
  }
  return Buffer.from(parts.join(''));
}

describe('faults: signals', function () {
  this.timeout(60_000);
  let dir: string;
  let fasta: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-signals-'));
    fasta = join(dir, 'reads.fa');
    writeFileSync(fasta, randomFasta(2_000_000, 3)); // ~2 M distinct 21-mers: ~46 MB of output
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('kmers, stdout a pipe nobody reads any more: SIGINT exits 130 at once', async () => {
    const p = startCli(['kmers', '-k', '21', fasta]);
    await once(p.child.stdout!, 'data'); // output has started...
    p.child.stdout!.pause(); // ...and then stalls: the command waits for 'drain'
    await new Promise((resolve) => setTimeout(resolve, 100));
    p.child.kill('SIGINT');
    const { code, stderr } = await p.exit;
    expect(code, stderr).to.equal(130);
    expect(stderr).to.equal('streamtoolz kmers: interrupted (SIGINT)\n');
  });

  it('kmers, stdout a file (written without ever waiting): SIGTERM exits 143 before the end', async () => {
    const out = join(dir, 'counts.tsv');
    const fd = openSync(out, 'w');
    const p = startCli(['kmers', '-k', '21', fasta], fd);
    closeSync(fd);
    await until(() => statSync(out).size > 0);
    p.child.kill('SIGTERM');
    const { code, stderr } = await p.exit;
    expect(code, stderr).to.equal(143);
    expect(stderr).to.equal('streamtoolz kmers: terminated (SIGTERM)\n');
    // Stopped in the middle: fewer lines than the 2 M distinct k-mers.
    expect(readFileSync(out, 'utf8').split('\n').length).to.be.lessThan(1_900_000);
  });

  describe('pca and an input that stalls in the second pass', () => {
    let http: TestServer;
    const random = rng(11);
    const rows = `a,b,c\n${Array.from({ length: 50_000 }, () => `${random()},${random()},${random()}`).join('\n')}\n`;
    const served = new Map<string, number>();
    before(async () => {
      // Each path: the first request gets the whole CSV, the next half of it and then nothing.
      http = await startServer((req, res) => {
        const n = (served.get(req.url!) ?? 0) + 1;
        served.set(req.url!, n);
        if (n === 1) return void res.end(rows);
        res.write(rows.slice(0, rows.length >> 1));
      });
    });
    after(() => http.close());

    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      it(`--model and --project: ${signal} exits ${code}, the model whole and no partial CSV`, async () => {
        const out = mkdtempSync(join(dir, 'pca-'));
        const model = join(out, 'model.json');
        const p = startCli(['pca', '--model', model, '--project', join(out, 'projected.csv'), `${http.base}/${signal}.csv`]);
        // The model is renamed into place after the first pass; the CSV's temporary file then exists.
        await until(() => existsSync(model) && readdirSync(out).length === 2);
        p.child.kill(signal);
        const { code: exit, stderr } = await p.exit;
        expect(exit, stderr).to.equal(code);
        expect(readdirSync(out)).to.deep.equal(['model.json']);
        expect(JSON.parse(readFileSync(model, 'utf8')).nSamplesSeen).to.equal(50_000);
      });
    }
  });
});
