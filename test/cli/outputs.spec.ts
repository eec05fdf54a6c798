import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { assembleCommand } from '../../cli/commands/assemble.js';
import { kmersCommand } from '../../cli/commands/kmers.js';
import { pcaCommand } from '../../cli/commands/pca.js';
import { commands as registry } from '../../cli/commands/index.js';
import { Interrupted } from '../../cli/interrupt.js';
import { runCli } from '../../cli/run.js';
import { runArgv } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const commands = [kmersCommand, pcaCommand, assembleCommand];

/** The CSV of `n` rows of three numbers. */
const csvRows = (n: number): string => Array.from({ length: n }, (_, i) => `${i % 7},${(i * 3) % 11},${(i * 5) % 13}`).join('\n');

describe('output files and --stats of the commands', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-outputs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names an output file that cannot be written, on one line, and leaves nothing behind', async () => {
    const csv = join(dir, 'a.csv');
    writeFileSync(csv, `${csvRows(50)}\n`);
    let r = await runArgv(['pca', '--model', '/dev/full', csv], commands);
    expect(r.code).to.equal(1);
    expect(r.err).to.equal('streamtoolz pca: /dev/full: no space left on device (ENOSPC)\n');
    const missing = join(dir, 'no-such-dir', 'h.svg');
    r = await runArgv(['kmers', '-k', '3', '--hist', missing, '-'], commands, Readable.from(['ACGTACGT\n']));
    expect(r.code).to.equal(1);
    expect(r.err).to.equal(`streamtoolz kmers: ${missing}: no such directory (ENOENT)\n`);
    expect(readdirSync(dir)).to.deep.equal(['a.csv']);
  });

  it('writes files whole, with no temporary file left', async () => {
    const csv = join(dir, 'b.csv');
    writeFileSync(csv, `x,y,z\n${csvRows(200)}\n`);
    const out = join(dir, 'out');
    rmSync(out, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out);
    const r = await runArgv(['pca', '--model', join(out, 'm.json'), '--project', join(out, 'p.csv'), '--plot', join(out, 'p.svg'), csv], commands);
    expect(r.code, r.err).to.equal(0);
    expect(readdirSync(out).sort()).to.deep.equal(['m.json', 'p.csv', 'p.svg']);
    expect(readFileSync(join(out, 'p.csv'), 'utf8').trimEnd().split('\n')).to.have.length(201);
    expect(JSON.parse(readFileSync(join(out, 'm.json'), 'utf8')).nSamplesSeen).to.equal(200);
  });

  describe('an interrupted second pass', () => {
    let http: TestServer;
    const rows = `a,b,c\n${csvRows(20_000)}\n`;
    let requests = 0;
    before(async () => {
      // The first pass reads the whole CSV; the second gets half of it, then nothing more.
      http = await startServer((_req, res) => {
        if (++requests === 1) return void res.end(rows);
        res.write(rows.slice(0, rows.length >> 1));
      });
    });
    after(() => http.close());

    it('pca --project: SIGTERM exits 143, the model written whole and no partial CSV', async () => {
      const out = mkdtempSync(join(dir, 'project-'));
      const model = join(out, 'model.json');
      const projected = join(out, 'projected.csv');
      const controller = new AbortController();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (b: Buffer) => {
        err += b;
      });
      // The model is written when the first pass ends: then the second has started.
      const watch = setInterval(() => {
        if (existsSync(model) && readdirSync(out).length > 1) {
          clearInterval(watch);
          controller.abort(new Interrupted('SIGTERM'));
        }
      }, 5);
      const code = await runCli(
        ['pca', '--model', model, '--project', projected, `${http.base}/rows.csv`],
        { stdout: new PassThrough(), stderr, stdin: new PassThrough(), stderrIsTTY: false, signal: controller.signal },
        commands,
      );
      clearInterval(watch);
      expect(code, err).to.equal(143);
      expect(err).to.equal('streamtoolz pca: terminated (SIGTERM)\n');
      expect(readdirSync(out)).to.deep.equal(['model.json']);
      expect(JSON.parse(readFileSync(model, 'utf8')).nSamplesSeen).to.equal(20_000);
    });
  });

  it('--stats: kmers and assemble report their phases, pca its passes and its pipe', async () => {
    const reads = '>r1\nACGTACGTTGCA\n>r2\nTTGCAACGTACG\n';
    let r = await runArgv(['kmers', '-k', '4', '--stats', '-'], commands, Readable.from([reads]));
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(
      /\nkmers:\nphase +items +bytes +ms\ncount \(k=4\) +1 input: 18 k-mers, 11 distinct +34 +[\d.]+\nwrite KMER<TAB>COUNT +\d+ lines +\d+ +[\d.]+\nwall [\d.]+ ms, CPU [\d.]+ ms, peak RSS [\d.]+ MB\n$/,
    );
    r = await runArgv(['assemble', '-k', '5', '--stats', '-'], commands, Readable.from(['ACGTTGCAAGT\n']));
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(
      /\nassemble:\nphase +items +bytes +ms\ncount \(k=5\) +7 k-mers, 7 distinct +12 +[\d.]+\ngraph +\d+ nodes, 7 edges +[\d.]+\nassemble, write FASTA +1 sequence +\d+ +[\d.]+\nwall /,
    );
    const csv = join(dir, 'c.csv');
    writeFileSync(csv, `${csvRows(100)}\n`);
    // Loaded as the command line loads it (import()), so that it shares the pipe module that --stats sets up.
    const lazyPca = await registry.find((c) => c.name === 'pca')!.load();
    r = await runArgv(['pca', '--stats', '--project', join(dir, 'c.proj.csv'), csv], [lazyPca]);
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/^#\s+stage\s+items in/); // the fit pipe's table
    expect(r.err).to.match(/\npca:\nphase +items +bytes +ms\nfit +100 rows x 3 features +\d+ +[\d.]+\nproject +100 rows +\d+ +[\d.]+\nwall /);
  });
});
