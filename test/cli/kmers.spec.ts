import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { kmersCommand } from '../../cli/commands/kmers.js';
import { runCommand, type CliRun } from '../helpers/cli.js';
import { rng } from '../helpers/rng.js';

const dir = fileURLToPath(new URL('../fixtures/kmers/', import.meta.url));
const fixture = (name: string): string => join(dir, name);

const cli = (argv: string[], stdin?: Readable): Promise<CliRun> => runCommand(kmersCommand, argv, stdin);

const sortLines = (text: string): string =>
  text
    .split('\n')
    .filter(Boolean)
    .sort()
    .map((l) => `${l}\n`)
    .join('');

describe('streamtoolz kmers', () => {
  for (const [input, ref] of [
    ['reads.fa', 'reads.fa'],
    ['reads.fq', 'reads.fq'],
    ['reads.fa.gz', 'reads.fa'],
  ] as const) {
    for (const k of [6, 11, 21]) {
      for (const canonical of [false, true]) {
        it(`writes jellyfish's counts for ${input}, -k ${k}${canonical ? ' --canonical' : ''}`, async () => {
          const r = await cli(['-k', String(k), ...(canonical ? ['--canonical'] : []), fixture(input)]);
          expect(r.code, r.err).to.equal(0);
          // Already in lexicographic order, as the fixture is.
          expect(r.out).to.equal(readFileSync(fixture(`${ref}.k${k}${canonical ? '.C' : ''}.tsv`), 'utf8'));
          expect(r.err).to.match(/^kmers: k=\d+: \d+ distinct, \d+ total k-mers from 1 input in [\d.]+ s\n$/);
        });
      }
    }
  }

  it('writes small k in lexicographic order too', async () => {
    const r = await cli(['-k', '3', fixture('reads.fa')]);
    expect(r.out).to.equal(readFileSync(fixture('reads.fa.k3.tsv'), 'utf8'));
  });

  it("reproduces the seed's per-line counts with --per-line", async () => {
    const r = await cli(['-k', '6', '--per-line', fixture('reads.fa')]);
    expect(r.code, r.err).to.equal(0);
    expect(sortLines(r.out)).to.equal(sortLines(readFileSync(fixture('reads.fa.perline.k6.tsv'), 'utf8')));
  });

  it('adds up several inputs, each parsed in its own format', async () => {
    const r = await cli(['-k', '3', fixture('reads.fq'), fixture('reads.fa.gz')]);
    const sum = new Map<string, number>();
    for (const name of ['reads.fq.k3.tsv', 'reads.fa.k3.tsv']) {
      for (const line of readFileSync(fixture(name), 'utf8').split('\n').filter(Boolean)) {
        const [kmer, count] = line.split('\t');
        sum.set(kmer!, (sum.get(kmer!) ?? 0) + Number(count));
      }
    }
    expect(r.out).to.equal(
      [...sum]
        .sort()
        .map(([kmer, c]) => `${kmer}\t${c}\n`)
        .join(''),
    );
    expect(r.err).to.include('from 2 inputs');
  });

  it('reads stdin for -', async () => {
    const r = await cli(['-k', '21', '--canonical', '-'], Readable.from([readFileSync(fixture('reads.fa.gz'))]));
    expect(r.code, r.err).to.equal(0);
    expect(sortLines(r.out)).to.equal(readFileSync(fixture('reads.fa.k21.C.tsv'), 'utf8'));
  });

  it('writes the top N by decreasing count, and a histogram SVG', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kmers-'));
    try {
      const svg = join(tmp, 'hist.svg');
      const r = await cli(['-k', '6', '--top', '3', '--hist', svg, fixture('reads.fa')]);
      expect(r.code, r.err).to.equal(0);
      const all = readFileSync(fixture('reads.fa.k6.tsv'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'));
      all.sort((a, b) => Number(b[1]) - Number(a[1]) || (a[0]! < b[0]! ? -1 : 1));
      expect(r.out).to.equal(
        all
          .slice(0, 3)
          .map(([kmer, c]) => `${kmer}\t${c}\n`)
          .join(''),
      );
      const text = readFileSync(svg, 'utf8');
      expect(text).to.match(/^<svg /);
      expect(text).to.include('6-mer count frequencies');
      expect(text.match(/<rect x=/g)).to.have.length(25);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  for (const [k, n] of [
    [11, 40],
    [21, 40],
  ] as const) {
    it(`writes the top ${n} of jellyfish's counts at k=${k}, ties by k-mer`, async () => {
      const r = await cli(['-k', String(k), '--top', String(n), fixture('reads.fa')]);
      expect(r.code, r.err).to.equal(0);
      const all = readFileSync(fixture(`reads.fa.k${k}.tsv`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t'));
      all.sort((a, b) => Number(b[1]) - Number(a[1]) || (a[0]! < b[0]! ? -1 : 1));
      expect(r.out).to.equal(
        all
          .slice(0, n)
          .map(([kmer, c]) => `${kmer}\t${c}\n`)
          .join(''),
      );
    });
  }

  it('draws a progress bar on stderr with --progress (and none by default off a TTY)', async () => {
    const r = await cli(['-k', '6', '--progress', '--top', '1', fixture('reads.fa')]);
    expect(r.code, r.err).to.equal(0);
    expect(r.err).to.match(/\rkmers \[#+\.*\] +\d+% /);
    expect((await cli(['-k', '6', '--top', '1', fixture('reads.fa')])).err).to.not.include('\r');
  });

  it('exits 2 with the help for bad usage', async () => {
    for (const argv of [
      [fixture('reads.fa')],
      ['-k', '40', fixture('reads.fa')],
      ['-k', '6'],
      ['-k', '6', '--frobnicate', fixture('reads.fa')],
      ['-k', '6', '--top', '0', 'x'],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.err).to.include('Usage: streamtoolz kmers');
      expect(r.out).to.equal('');
    }
    expect((await cli(['-k', 'x', 'a.fa'])).err).to.match(/^streamtoolz kmers: -k must be an integer from 1 to 31, got 'x'\n/);
  });

  it('exits 1 with one line naming the input (and line) for bad input', async () => {
    const missing = await cli(['-k', '6', fixture('no-such.fa')]);
    expect(missing.code).to.equal(1);
    expect(missing.err.trimEnd().split('\n')).to.have.length(1);
    expect(missing.err).to.include('no-such.fa');
    const tmp = mkdtempSync(join(tmpdir(), 'kmers-'));
    try {
      const bad = join(tmp, 'bad.fq');
      writeFileSync(bad, '@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nIIIIII\n');
      const r = await cli(['-k', '3', bad]);
      expect(r.code).to.equal(1);
      expect(r.err).to.equal(`streamtoolz kmers: ${bad} line 8: quality is longer than the sequence (6 characters for 4 bases) (kmers(k=3))\n`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('counts --per-line the same from a file over 1 MiB as from stdin (a line cut between reads is copied)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kmers-'));
    try {
      const random = rng(17);
      const records: string[] = [];
      // Lines of 300 to 900 bases: many cut between the 512 KiB reads of the file.
      for (let i = 0; i < 3000; i++)
        records.push(`>r${i}\n${Array.from({ length: 300 + Math.floor(random() * 600) }, () => 'ACGT'[Math.floor(random() * 4)]).join('')}\n`);
      const file = join(tmp, 'big.fa');
      writeFileSync(file, records.join(''));
      expect(statSync(file).size).to.be.greaterThan(1 << 20);
      const fromFile = await cli(['-k', '5', '--per-line', file]);
      const fromStdin = await cli(['-k', '5', '--per-line', '-'], Readable.from([readFileSync(file)]));
      expect(fromFile.code, fromFile.err).to.equal(0);
      expect(fromFile.out).to.equal(fromStdin.out);
      expect(fromFile.out.split('\n').filter(Boolean)).to.have.length(4 ** 5); // nothing but A/C/G/T 5-mers
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('rejects input that is not FASTA, FASTQ or sequence lines with one line, at any thread count (jellyfish: Unsupported format)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kmers-'));
    try {
      const random = rng(5);
      const fasta = readFileSync(fixture('reads.fa'));
      const files: [string, Buffer, RegExp][] = [
        [
          'random.bin',
          Buffer.from(Array.from({ length: 300_000 }, () => Math.floor(random() * 256))),
          /: (not FASTA, FASTQ or sequence lines: the data starts with|binary data)/,
        ],
        ['reads.fa.deflate', deflateSync(fasta), /byte 0: not FASTA, FASTQ or sequence lines: the data starts with 'x'|binary data/],
        ['reads.fa.br', brotliCompressSync(fasta), /not FASTA, FASTQ or sequence lines|binary data/],
        ['page.html', Buffer.from('<!doctype html>\n<title>Not Found</title>\n'), /byte 0: not FASTA, FASTQ or sequence lines: the data starts with '<'/],
        ['nul-inside.fa', Buffer.concat([fasta, Buffer.alloc(70_000), fasta]), new RegExp(`byte ${fasta.length}: binary data \\(byte 0x00\\)`)],
      ];
      for (const [name, bytes, message] of files) {
        const file = join(tmp, name);
        writeFileSync(file, bytes);
        const one = await cli(['-k', '5', file]);
        expect(one.code, name).to.equal(1);
        expect(one.out, name).to.equal('');
        expect(one.err, name).to.match(message);
        expect(one.err.startsWith(`streamtoolz kmers: ${file} byte `), one.err).to.equal(true);
        expect(one.err.trimEnd().split('\n'), name).to.have.length(1);
        const two = await cli(['-k', '5', '--threads', '2', file]);
        expect(two.err, `${name} on two threads`).to.equal(one.err);
        expect(two.code).to.equal(1);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
