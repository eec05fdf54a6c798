/**
 * The seed's assembly example, twice. The toy: random 5-base reads of the seed's 10-base
 * sequence streamed into a De Bruijn graph, which is drawn and walked (Eulerian path) back
 * into the sequence. The larger genome: 750 reads of a generated 5 kb genome, streamed from
 * a FASTA file into a graph too big to draw, assembled, and each contig placed on the
 * genome to show how much of it came back.
 *
 * Run: `node dist/examples/assemble-genome.js`
 */
import { writeFileSync } from 'node:fs';
import { assembleGraph, type Assembly } from '../lib/debruijn/assemble-graph.js';
import { assemble } from '../lib/debruijn/assemble.js';
import { eulerianPath } from '../lib/debruijn/eulerian-path.js';
import type { DeBruijnGraph } from '../lib/debruijn/graph.js';
import { pipe } from '../lib/core/pipe.js';
import { graphSvg } from '../lib/plot/graph-svg.js';
import { collect } from '../sinks/basic.js';
import { deBruijn } from '../sinks/de-bruijn.js';
import { fasta } from '../sources/fasta.js';
import { contigMapSvg, type PlacedContig } from './contig-map-svg.js';
import { ByteCounter, measure, type RunStats } from './measure.js';
import { dataPath, isMain } from './paths.js';

/** mulberry32: a small seeded generator, so that the toy's reads are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed's `generate_reads`: `nreads` reads of `readlen` bases at random places, lazily. */
export function* generateReads(seq: string, nreads: number, readlen: number, random: () => number): Generator<string> {
  for (let i = 0; i < nreads; i++) {
    const start = Math.floor(random() * (seq.length - readlen + 1));
    yield seq.slice(start, start + readlen);
  }
}

/** The first sequence of a FASTA file, streamed. */
async function firstSequence(file: string): Promise<string> {
  const [record] = await pipe(fasta(file), collect());
  if (record === undefined) throw new Error(`${file}: no FASTA record`);
  return record.sequence;
}

/** What {@link assembleToy} found. */
export interface ToyResult {
  sequence: string;
  k: number;
  reads: number;
  graph: DeBruijnGraph;
  assembled: string;
  /** The graph drawn, a standalone SVG document. */
  svg: string;
  stats: RunStats;
}

/**
 * The seed's toy: 60 random reads of 5 bases (30x coverage), k-mers of 4 bases (the seed
 * does not say its k; with 4 every (k-1)-mer of this sequence is unique, so the path is).
 *
 * @example
 * ```ts
 * const { assembled, sequence } = await assembleToy(); // both 'ATGGCGTGCA'
 * ```
 */
export async function assembleToy(file = dataPath('toy.fa'), k = 4, seed = 1): Promise<ToyResult> {
  const sequence = await firstSequence(file);
  const nreads = 60;
  const { result, stats } = await measure('toy assembly (seed sequence)', async () => {
    const graph = await pipe(generateReads(sequence, nreads, 5, seededRandom(seed)), deBruijn(k));
    return { result: graph, counted: { what: 'generated reads', records: nreads, bytes: nreads * 5 } };
  });
  const assembled = assemble(eulerianPath(result));
  const svg = graphSvg(result, { title: `De Bruijn graph of ${nreads} reads of ${sequence} (k=${k}; edge labels: times seen)`, size: 560 });
  return { sequence, k, reads: nreads, graph: result, assembled, svg, stats };
}

/** What {@link assembleGenome} found. */
export interface GenomeResult {
  genomeLength: number;
  k: number;
  reads: number;
  nodes: number;
  edges: number;
  kind: Assembly['kind'];
  /** Assembled sequences, longest first, each placed on the genome (-1: not found in it). */
  contigs: PlacedContig[];
  /** Genome bases covered by a contig found in it. */
  covered: number;
  /** The contigs drawn on the genome, a standalone SVG document. */
  svg: string;
  stats: RunStats;
}

/**
 * Streams the reads of the generated genome into a graph (k=31) and assembles it.
 *
 * @example
 * ```ts
 * const { contigs, genomeLength } = await assembleGenome();
 * ```
 */
export async function assembleGenome(readsFile = dataPath('genome-reads.fa'), genomeFile = dataPath('genome.fa'), k = 31): Promise<GenomeResult> {
  const { result, stats } = await measure(`genome assembly (k=${k})`, async () => {
    const bytes = new ByteCounter();
    let reads = 0;
    // pipe's own per-stage stats count the records (measuring turns off the compiled fast
    // path, which costs nothing visible on a file this small).
    const graph = await pipe(bytes.listen(fasta(readsFile)), deBruijn(k), {
      stats: (s) => {
        reads = s.stages[0]?.itemsOut ?? 0;
      },
    });
    const assembly = assembleGraph(graph);
    return { result: { graph, assembly, reads }, counted: { what: 'FASTA reads', records: reads, bytes: bytes.total } };
  });
  const { graph, assembly, reads } = result;
  const genome = await firstSequence(genomeFile);
  const contigs: PlacedContig[] = assembly.sequences.map((s) => ({ length: s.sequence.length, start: genome.indexOf(s.sequence), coverage: s.coverage }));
  const hit = new Uint8Array(genome.length);
  for (const c of contigs) if (c.start >= 0) hit.fill(1, c.start, c.start + c.length);
  const covered = hit.reduce((n, b) => n + b, 0);
  const svg = contigMapSvg(genome.length, contigs, {
    title: `Assembled sequences placed on the ${genome.length.toLocaleString('en-US')} bp genome (${reads} reads, k=${k})`,
  });
  return { genomeLength: genome.length, k, reads, nodes: graph.nodeCount, edges: graph.edgeCount, kind: assembly.kind, contigs, covered, svg, stats };
}

/** One line for the console. */
export function toySummary(r: ToyResult): string {
  return `${r.reads} reads of ${r.sequence}: graph of ${r.graph.nodeCount} nodes, ${r.graph.edgeCount} edges; Eulerian path spells ${r.assembled} (${r.assembled === r.sequence ? 'exact' : 'DIFFERENT'})`;
}

/** One line for the console. */
export function genomeSummary(r: GenomeResult): string {
  const lengths = r.contigs
    .slice(0, 5)
    .map((c) => c.length.toLocaleString('en-US'))
    .join(', ');
  const what = r.kind === 'path' ? 'one Eulerian path' : `${r.contigs.length} contigs`;
  return `${r.reads} reads -> ${r.edges.toLocaleString('en-US')} distinct ${r.k}-mers; ${what} (${lengths}${r.contigs.length > 5 ? ', ...' : ''} bp); ${r.covered.toLocaleString('en-US')} of ${r.genomeLength.toLocaleString('en-US')} genome bases recovered`;
}

if (isMain(import.meta.url)) {
  const toy = await assembleToy();
  console.log(toySummary(toy));
  writeFileSync('toy-graph.svg', toy.svg);
  const big = await assembleGenome();
  console.log(genomeSummary(big));
  writeFileSync('genome-contigs.svg', big.svg);
  console.log('figures: toy-graph.svg, genome-contigs.svg');
}
