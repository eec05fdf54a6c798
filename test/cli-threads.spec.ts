import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { assembleCommand } from '../cli/commands/assemble.js';
import { kmersCommand } from '../cli/commands/kmers.js';
import { pcaCommand } from '../cli/commands/pca.js';
import { runArgv, type CliRun } from './cli-support.js';
import { countKmersOfInputs } from '../lib/parallel/count-inputs.js';

// The reference of --threads N is --threads 1 (itself checked against jellyfish in
// cli-kmers.spec.ts): every parallel run below is compared byte for byte with it. Each
// parallel run starts two worker threads (~100 ms each under tsx): few runs, small inputs.

const fixtures = fileURLToPath(new URL('./fixtures/kmers/', import.meta.url));
const commands = [kmersCommand, assembleCommand, pcaCommand];

const cli = (argv: string[], stdin?: string): Promise<CliRun> =>
  runArgv(argv, commands, Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]));

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
      const { total, inputs } = await countKmersOfInputs([file('reads.fq')], { k: 21, canonical: false, table: { kind: 'sorted' }, threads: 2, onProgress: (d, t) => seen.push([d, t]) });
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
    it('refuses --threads 2 with the reason, and takes --threads 1', async () => {
      const csv = file('x.csv');
      writeFileSync(csv, 'a,b,c\n1,2,3\n2,4,7\n3,5,5\n4,9,1\n5,1,2\n');
      const two = await cli(['pca', '--threads', '2', csv]);
      expect(two.code).to.equal(2);
      expect(two.err).to.match(/^streamtoolz pca: --threads must be 1 for pca: incremental PCA fits its batches one after another/);
      const one = await cli(['pca', '--threads', '1', csv]);
      expect(one.code, one.err).to.equal(0);
      expect(one.out).to.equal((await cli(['pca', csv])).out);
    });
  });
});
