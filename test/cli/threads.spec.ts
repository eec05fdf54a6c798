import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { assembleCommand } from '../../cli/commands/assemble.js';
import { kmersCommand } from '../../cli/commands/kmers.js';
import { pcaCommand } from '../../cli/commands/pca.js';
import { runArgv, type CliRun } from '../helpers/cli.js';
import { countKmersOfInputs } from '../../lib/kmer/threads/count-inputs.js';

// The reference of --threads N is --threads 1 (itself checked against jellyfish in
// cli-kmers.spec.ts): every parallel run below is compared byte for byte with it. Each
// parallel run starts two worker threads (~100 ms each under tsx): few runs, small inputs.

const fixtures = fileURLToPath(new URL('../fixtures/kmers/', import.meta.url));
const commands = [kmersCommand, assembleCommand, pcaCommand];

const cli = (argv: string[], stdin?: string): Promise<CliRun> => runArgv(argv, commands, Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]));

/** A deterministic pseudo-random DNA string (an LCG: the same bytes on every run). */
function dna(length: number, seed: number): string {
  let x = seed;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += 'ACGT'[x >>> 30];
  }
  return s;
}

/** Reads of `genome` every `step` bases, FASTA with sequences wrapped at 60 (so k-mers span lines). */
function fasta(genome: string, len: number, step: number): string {
  let out = '';
  for (let i = 0, n = 0; i + len <= genome.length; i += step, n++) {
    const read = genome.slice(i, i + len);
    out += `>r${n} pos=${i}\n${read.replace(/(.{60})/g, '$1\n').replace(/\n$/, '')}\n`;
  }
  return out;
}

function fastq(genome: string, len: number, step: number): string {
  let out = '';
  for (let i = 0, n = 0; i + len <= genome.length; i += step, n++) out += `@q${n}\n${genome.slice(i, i + len)}\n+\n${'I'.repeat(len)}\n`;
  return out;
}

/** Runs `argv` with --threads 1 and --threads 2 and expects the same exit code, stdout and stderr (time aside). */
async function same(argv: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const one = await cli([...argv, '--threads', '1'], stdin);
  const two = await cli([...argv, '--threads', '2'], stdin);
  const untimed = (s: string): string => s.replace(/[\d.]+ s\b/g, 'T s');
  expect(two.code, two.err).to.equal(one.code);
  expect(two.out).to.equal(one.out);
  expect(untimed(two.err)).to.equal(untimed(one.err));
  return two;
}

describe('--threads N', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);
  const genome = dna(3000, 7);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-threads-'));
    writeFileSync(file('reads.fa'), `\n${fasta(genome, 150, 37)}`); // a leading blank line, as the format sniffing must skip it
    writeFileSync(file('reads.fq'), fastq(genome, 100, 23));
    writeFileSync(file('reads.txt'), genome.match(/.{1,70}/g)!.join('\n')); // no final newline
    // A FASTQ record deep in the second half with a quality line one byte short.
    const lines = fastq(genome, 100, 23).split('\n');
    lines[4 * 90 + 3] = lines[4 * 90 + 3]!.slice(1);
    writeFileSync(file('bad.fq'), lines.join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('kmers', () => {
    it('writes the counts of --threads 1 for several inputs: split FASTA, FASTQ and lines, a gzip file whole', async () => {
      const r = await same(['kmers', '-k', '21', file('reads.fa'), file('reads.fq'), file('reads.txt'), join(fixtures, 'reads.fa.gz')]);
      expect(r.code, r.err).to.equal(0);
      expect(r.out.split('\n').length).to.be.greaterThan(3000);
      expect(r.err).to.match(/from 4 inputs/);
    });

    it('reads stdin on the main thread beside a split file; --canonical and --top (ties broken alike) agree too', async () => {
      const r = await same(['kmers', '-k', '5', '--canonical', '--top', '25', '-', file('reads.fq')], fastq(genome.slice(500, 1500), 80, 40));
      expect(r.code, r.err).to.equal(0);
      expect(r.out.split('\n').filter(Boolean)).to.have.length(25);
      expect(r.err).to.match(/from 2 inputs/);
    });

    it('names the input and the line in the whole file for a bad record found by a worker', async () => {
      const r = await same(['kmers', '-k', '21', file('bad.fq')]);
      expect(r.code).to.equal(1);
      // Line 364 is the quality line cut short (the scanner notices on the next line): the
      // second of two ranges, so the worker's line number was renumbered in the whole file.
      expect(r.err).to.match(new RegExp(`^streamtoolz kmers: ${file('bad.fq')} line 365: [^\n]+ \\(kmers\\(k=21\\)\\)\n$`));
    });

    it('cuts each uncompressed file into one range per thread, reporting progress per range', async () => {
      const seen: [number, number | undefined][] = [];
      const { total, inputs } = await countKmersOfInputs([file('reads.fq')], {
        k: 21,
        canonical: false,
        table: { kind: 'sorted' },
        threads: 2,
        onProgress: (d, t) => seen.push([d, t]),
      });
      expect(inputs).to.equal(1);
      expect(seen).to.have.length(2);
      expect(seen[0]![0]).to.be.greaterThan(0).and.lessThan(seen[0]![1]!);
      expect(seen[1]![0]).to.equal(seen[1]![1]);
      const reads = Math.floor((3000 - 100) / 23) + 1;
      expect(total).to.equal(reads * (100 - 21 + 1));
    });

    it('refuses --per-line with several threads, and thread counts outside 1..64', async () => {
      const perLine = await cli(['kmers', '-k', '5', '--per-line', '--threads', '2', file('reads.txt')]);
      expect(perLine.code).to.equal(2);
      expect(perLine.err).to.match(/^streamtoolz kmers: --per-line cannot be combined with --threads N > 1/);
      for (const n of ['0', '65', 'two']) {
        const r = await cli(['kmers', '-k', '5', '--threads', n, file('reads.txt')]);
        expect(r.code).to.equal(2);
        expect(r.err).to.match(/^streamtoolz kmers: --threads must be an integer from 1 to 64/);
      }
    });
  });

  describe('assemble', () => {
    it('writes the assembly of --threads 1', async () => {
      const r = await same(['assemble', '-k', '25', file('reads.fa'), file('reads.fq')]);
      expect(r.code, r.err).to.equal(0);
      const assembly = r.out.replace(/^>.*\n/gm, '').replace(/\n/g, '');
      // The reads cover the genome up to its last few bases.
      expect(assembly.length).to.be.greaterThan(2990);
      expect(genome.startsWith(assembly)).to.equal(true);
    });
  });

  describe('pca', () => {
    const small = fileURLToPath(new URL('../fixtures/parallel/pca-small.csv', import.meta.url));
    interface Sklearn {
      components_vflip: number[][];
      mean: number[];
      explained_variance: number[];
      explained_variance_ratio: number[];
      singular_values: number[];
    }
    const want = JSON.parse(readFileSync(small.replace(/\.csv$/, '.json'), 'utf8')) as Sklearn;
    const close = (got: number[], ref: number[], what: string): void => {
      expect(got.length, what).to.equal(ref.length);
      got.forEach((v, i) => expect(Math.abs(v - ref[i]!) / Math.max(1, Math.abs(ref[i]!)), `${what}[${i}]`).to.be.below(1e-9));
    };

    it("--threads 2 writes scikit-learn's exact PCA (format streamtoolz.PCA), and its projections", async () => {
      const projected = file('projected.csv');
      const r = await cli(['pca', '--threads', '2', '--project', projected, small]);
      expect(r.code, r.err).to.equal(0);
      const model = JSON.parse(r.out) as Record<string, unknown> & {
        components: number[][];
        mean: number[];
        explainedVariance: number[];
        explainedVarianceRatio: number[];
        singularValues: number[];
      };
      expect(model.format).to.equal('streamtoolz.PCA');
      expect(model.nSamplesSeen).to.equal(120);
      close(model.components.flat(), want.components_vflip.flat(), 'components');
      close(model.mean, want.mean, 'mean');
      close(model.explainedVariance, want.explained_variance, 'explainedVariance');
      close(model.explainedVarianceRatio, want.explained_variance_ratio, 'explainedVarianceRatio');
      close(model.singularValues, want.singular_values, 'singularValues');
      // Projections: (x - mean) . components, row by row.
      const rows = readFileSync(small, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(',').map(Number));
      const lines = readFileSync(projected, 'utf8').trim().split('\n');
      expect(lines[0]).to.equal('PC1,PC2');
      rows.forEach((x, i) => {
        const expected = model.components.map((c) => c.reduce((acc, v, j) => acc + v * (x[j]! - model.mean[j]!), 0));
        close(lines[i + 1]!.split(',').map(Number), expected, `row ${i}`);
      });
      // The model loads back for projecting, as an IncrementalPCA model does.
      const { modelFromJSON } = await import('../../lib/pca/model-json.js');
      close(Array.from(modelFromJSON(r.out).transformRow(rows[0]!)), lines[1]!.split(',').map(Number), 'reloaded');
    });

    it('--threads N needs one plain file, no --batch-size; --threads 1 is incremental PCA', async () => {
      const csv = file('x.csv');
      writeFileSync(csv, 'a,b,c\n1,2,3\n2,4,7\n3,5,5\n4,9,1\n5,1,2\n');
      for (const argv of [['-'], [csv, csv], ['--batch-size', '4', csv]]) {
        const r = await cli(['pca', '--threads', '2', ...argv], '1,2\n3,4\n');
        expect(r.code, argv.join(' ')).to.equal(2);
        expect(r.err).to.match(/^streamtoolz pca: --(threads N needs exactly one INPUT file|batch-size applies to incremental PCA)/);
      }
      const one = await cli(['pca', '--threads', '1', csv]);
      expect(one.code, one.err).to.equal(0);
      expect(one.out).to.equal((await cli(['pca', csv])).out);
      expect(JSON.parse(one.out).format).to.equal('streamtoolz.IncrementalPCA');
    });

    it('--threads N fails with one line on too many components, a gzip file or a missing one (exit 1)', async () => {
      const csv = file('y.csv');
      writeFileSync(csv, 'a,b,c\n1,2,3\n2,4,7\n3,5,5\n4,9,1\n5,1,2\n');
      const gz = file('y.csv.gz');
      writeFileSync(gz, gzipSync(readFileSync(csv)));
      const cases: [string[], RegExp][] = [
        [['--components', '4', csv], /y\.csv: 3 features for 4 components: PCA needs at least as many \(see --components\)$/],
        [[gz], /y\.csv\.gz: is gzip-compressed: its bytes cannot be cut into records/],
        [[file('none.csv')], /none\.csv: no such file$/],
      ];
      for (const [argv, message] of cases) {
        const r = await cli(['pca', '--threads', '2', ...argv]);
        expect(r.code, argv.join(' ')).to.equal(1);
        expect(r.err.trimEnd().split('\n'), r.err).to.have.length(1);
        expect(r.err.trimEnd(), r.err).to.match(message);
      }
    });
  });

  describe('errors, word for word those of one thread', () => {
    it('kmers and assemble: a FASTQ quality line too short just before the cut between threads', async () => {
      const bad = file('short-qual.fq');
      writeFileSync(bad, '@a\nACGTACGT\n+\nIIIIIIII\n@b\nACGTACGT\n+\nIIIIIII\n@c\nACGTACGT\n+\nIIIIIIII\n');
      for (const command of ['kmers', 'assemble']) {
        const r = await same([command, '-k', '3', bad]);
        expect(r.code).to.equal(1);
        expect(r.err).to.equal(
          `streamtoolz ${command}: ${bad} line 9: quality is shorter than the sequence (7 characters for 8 bases) and this line does not complete it (kmers(k=3))\n`,
        );
      }
    });

    it('pca: a ragged row, early or late, a bad field found by a worker, a line too long', async () => {
      const rows = (n: number, cols: number): string[] =>
        Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, j) => (i * 7 + j * 3) % 11).join(','));
      const early = file('ragged-early.csv');
      writeFileSync(early, '1,2,3\n4,5,6\n7,8\n9,10,11\n');
      let r = await same(['pca', early]);
      expect(r.err).to.equal(`streamtoolz pca: ${early} line 3: expected 3 fields, got 2 (pca)\n`);
      // In the first of two ranges, which a pool thread reads: no 'parallelMap(...)' before it.
      const late = file('ragged-late.csv');
      const body = rows(2000, 3);
      body[100] = '1,2';
      writeFileSync(late, `a,b,c\n${body.join('\n')}\n`);
      r = await same(['pca', late]);
      expect(r.err).to.equal(`streamtoolz pca: ${late} line 102: expected 3 fields, got 2 (pca)\n`);
      const field = file('bad-field.csv');
      const values = rows(2000, 3);
      values[5] = '1,\x1b[2J,3';
      writeFileSync(field, `${values.join('\n')}\n`);
      r = await same(['pca', field]);
      expect(r.err).to.equal(`streamtoolz pca: ${field} line 6: field 2 is not a number: '\\x1b[2J' (pca)\n`);
      const long = file('long-line.csv');
      const lines = rows(2000, 3);
      lines[1500] = `${'1'.repeat(300)},2,3`;
      writeFileSync(long, `${lines.join('\n')}\n`);
      r = await same(['pca', '--max-line-length', '200', long]);
      expect(r.err).to.equal(`streamtoolz pca: ${long} line 1501: line longer than maxLineLength (200 bytes): at least 304 bytes (pca)\n`);
    });

    it('pca: more components than features, the features counted before the first block is fitted', async () => {
      const wide = file('five.csv');
      // Five features and more rows than one block of the scanner (65536 values): the fit
      // fails on the first block, before the input ends.
      writeFileSync(wide, `${Array.from({ length: 30_000 }, (_, i) => `${i % 7},${i % 11},${i % 13},${i % 17},${i % 19}`).join('\n')}\n`);
      const r = await same(['pca', '--components', '6', wide]);
      expect(r.code).to.equal(1);
      expect(r.err).to.equal(`streamtoolz pca: ${wide}: 5 features for 6 components: PCA needs at least as many (see --components)\n`);
      const few = file('few.csv');
      writeFileSync(few, 'a,b,c,d\n1,2,3,4\n2,3,4,1\n');
      expect((await same(['pca', '--components', '3', few])).err).to.equal(
        `streamtoolz pca: ${few}: 2 rows for 3 components: PCA needs at least as many (see --components)\n`,
      );
      const empty = file('empty.csv');
      writeFileSync(empty, 'a,b\n');
      expect((await same(['pca', empty])).err).to.equal(`streamtoolz pca: ${empty}: 0 rows for 2 components: PCA needs at least as many (see --components)\n`);
    });
  });
});
