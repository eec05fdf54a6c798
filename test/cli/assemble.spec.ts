import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { assembleCommand } from '../../cli/commands/assemble.js';
import { runCommand, type CliRun } from '../helpers/cli.js';
import { nxCase, randomGenome, randomReads, rng } from '../helpers/debruijn.js';

const cli = (argv: string[], stdin?: Readable): Promise<CliRun> => runCommand(assembleCommand, argv, stdin);

/** FASTA text → [header, sequence] pairs. */
function parseFasta(text: string): [string, string][] {
  return text
    .split('>')
    .filter(Boolean)
    .map((rec) => {
      const [header, ...lines] = rec.split('\n');
      return [header!, lines.join('')];
    });
}

const fasta = (reads: readonly string[]): string => reads.map((r, i) => `>r${i}\n${r}\n`).join('');
const fastq = (reads: readonly string[]): string => reads.map((r, i) => `@r${i}\n${r}\n+\n${'I'.repeat(r.length)}\n`).join('');

describe('streamtoolz assemble', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-assemble-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reassembles the seed's toy from FASTA reads on stdin", async () => {
    const reads = randomReads('ATGGCGTGCA', 60, 5, rng(1));
    const r = await cli(['-k', '4', '-'], Readable.from([fasta(reads)]));
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^>contig_1 length=10 coverage=[\d.]+\nATGGCGTGCA\n$/);
    expect(r.err).to.match(/^assemble: k=4: 120 k-mers, 7 distinct; graph of 8 nodes and 7 edges; one Eulerian path of 10 bases; [\d.]+ s\n$/);
  });

  it('gives back exactly a genome with unique (k-1)-mers, from gzipped FASTQ and plain lines', async () => {
    const c = nxCase('unique');
    writeFileSync(join(dir, 'a.fq.gz'), gzipSync(fastq(c.reads.slice(0, 150))));
    writeFileSync(join(dir, 'b.txt'), c.reads.slice(150).join('\n'));
    const r = await cli(['-k', String(c.k), '--line-width', '60', join(dir, 'a.fq.gz'), join(dir, 'b.txt')]);
    expect(r.code, r.err).to.equal(0);
    const records = parseFasta(r.out);
    expect(records).to.have.length(1);
    expect(records[0]![1]).to.equal(c.genome);
    expect(r.out.split('\n')[1]).to.have.length(60);
  });

  it('with --min-count 3, reads with 0.5% errors at 40x give a sequence over 90% of a 20 kb genome', async () => {
    const genome = randomGenome(20_000, rng(21));
    writeFileSync(join(dir, 'errors.fa'), fasta(randomReads(genome, 8000, 100, rng(22), 0.005)));
    const r = await cli(['-k', '31', '--min-count', '3', join(dir, 'errors.fa')]);
    expect(r.code, r.err).to.equal(0);
    const [best] = parseFasta(r.out);
    expect(best![1].length).to.be.at.least(0.9 * genome.length);
    expect(genome).to.include(best![1]);
    expect(r.err).to.include('seen at least 3 times');
  });

  it('writes the contigs, longest first, when there is no Eulerian path', async () => {
    const c = nxCase('disconnected');
    writeFileSync(join(dir, 'two.txt'), c.reads.join('\n'));
    const r = await cli(['-k', String(c.k), '--line-width', '0', join(dir, 'two.txt')]);
    expect(r.code, r.err).to.equal(0);
    const records = parseFasta(r.out);
    expect(records.length).to.be.at.least(2);
    const lengths = records.map(([, s]) => s.length);
    expect(lengths).to.deep.equal([...lengths].sort((a, b) => b - a));
    for (const [header, seq] of records) {
      expect(header).to.match(/^contig_\d+ length=\d+ coverage=[\d.]+$/);
      expect(
        c.reads.some((read) => read.includes(seq.slice(0, c.k))),
        'a contig starts with a k-mer of the reads',
      ).to.equal(true);
    }
    expect(r.err).to.match(/no Eulerian path \(.+\); \d+ contigs, longest \d+ bases/);
  });

  it('writes the graph as DOT and SVG', async () => {
    writeFileSync(join(dir, 'toy.txt'), 'ATGGCGTGCA\n');
    const dot = join(dir, 'toy.dot');
    const svg = join(dir, 'toy.svg');
    const r = await cli(['-k', '3', '--dot', dot, '--svg', svg, join(dir, 'toy.txt')]);
    expect(r.code, r.err).to.equal(0);
    expect(readFileSync(dot, 'utf8')).to.include('"GC" -> "CA" [label="1"];');
    expect(readFileSync(svg, 'utf8')).to.include('De Bruijn graph, k=3: 7 nodes, 8 edges');
  });

  it('says why instead of drawing a graph too large to read, and still assembles', async () => {
    const c = nxCase('unique');
    writeFileSync(join(dir, 'u.txt'), c.reads.join('\n'));
    const svg = join(dir, 'big.svg');
    const r = await cli(['-k', String(c.k), '--svg', svg, join(dir, 'u.txt')]);
    expect(r.code).to.equal(0);
    expect(existsSync(svg)).to.equal(false);
    expect(r.err).to.include(`assemble: ${svg} not written: the graph is too large to draw legibly: 2977 nodes`);
    expect(parseFasta(r.out)[0]![1]).to.equal(c.genome);
  });

  for (const [argv, message] of [
    [['x.fa'], '-k is required'],
    [['-k', '32', 'x.fa'], '-k must be an integer from 2 to 31'],
    [['-k', '5', '--min-count', '0', 'x.fa'], '--min-count must be an integer >= 1'],
    [['-k', '5'], 'at least one READS input is required'],
    [['-k', '5', '--bogus', 'x.fa'], "Unknown option '--bogus'"],
  ] as const) {
    it(`exits 2 on a usage error: ${message}`, async () => {
      const r = await cli([...argv]);
      expect(r.code).to.equal(2);
      expect(r.err).to.include(message);
      expect(r.err).to.include('Usage: streamtoolz assemble');
    });
  }

  it('exits 1 with one line naming the input for a missing file or a bad record', async () => {
    const missing = await cli(['-k', '5', join(dir, 'nope.fa')]);
    expect(missing.code).to.equal(1);
    expect(missing.err).to.include('nope.fa');
    expect(missing.err.trim().split('\n')).to.have.length(1);
    writeFileSync(join(dir, 'bad.fq'), '@r1\nACGTACGT\n+\nIIII\n@r2\nACGT\n');
    const bad = await cli(['-k', '3', join(dir, 'bad.fq')]);
    expect(bad.code).to.equal(1);
    expect(bad.err).to.match(/bad\.fq line \d+: /);
  });

  it('exits 1 when there is nothing to assemble', async () => {
    const r = await cli(['-k', '21', '-'], Readable.from(['ACGT\nTTGA\n']));
    expect(r.code).to.equal(1);
    expect(r.err).to.equal('streamtoolz assemble: nothing to assemble: the reads have no 21-mer of A/C/G/T (are they shorter than k?)\n');
    const few = await cli(['-k', '3', '--min-count', '2', '-'], Readable.from(['ACGT\n']));
    expect(few.err).to.include('all 2 distinct 3-mers were seen fewer than 2 times');
  });

  it('exits 1 with one line for binary reads, the same on two threads, instead of assembling nothing', async () => {
    const file = join(dir, 'reads.bin');
    const random = rng(9);
    writeFileSync(file, Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(random() * 256))));
    const one = await cli(['-k', '5', file]);
    expect(one.code).to.equal(1);
    expect(one.err).to.match(
      new RegExp(`^streamtoolz assemble: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} byte \\d+: (not FASTA, FASTQ or sequence lines|binary data)`),
    );
    const two = await cli(['-k', '5', '--threads', '2', file]);
    expect(two.err).to.equal(one.err);
  });
});
