/**
 * `out/report.html`: every example's figure and a table of what was streamed, in one plain
 * HTML file with the SVGs inline (no scripts, no external assets: it opens offline, from
 * a file:// URL, on a machine without network).
 *
 * Run: `node dist/examples/report.js [OUT.html]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assembleGenome, assembleToy, type GenomeResult, type ToyResult } from './assemble-genome.js';
import { kmerHistogram, type KmerResult } from './kmer-histogram.js';
import { measure, type RunStats } from './measure.js';
import { pcaIris, type PcaResult } from './pca-iris.js';
import { isMain, repoRoot } from './paths.js';
import { streamingSum } from './streaming-sum.js';

/** Every example's result, as the report shows them. */
export interface ExampleResults {
  sum: { n: number; total: number; stats: RunStats };
  kmers: KmerResult;
  pca: PcaResult;
  toy: ToyResult;
  genome: GenomeResult;
}

/**
 * Runs the examples one after another (so that each one's time and memory are its own).
 * `sumN` is how many numbers the streaming sum streams.
 *
 * @example
 * ```ts
 * const results = await runExamples({ sumN: 1000 });
 * ```
 */
export async function runExamples(options: { sumN?: number } = {}): Promise<ExampleResults> {
  const n = options.sumN ?? 10_000_000;
  const { result: total, stats } = await measure(`streaming sum of ${n.toLocaleString('en-US')} doubled numbers`, async () => ({
    result: await streamingSum(n),
    counted: { what: 'generated numbers', records: n, bytes: 0 },
  }));
  const kmers = await kmerHistogram();
  const pca = await pcaIris();
  const toy = await assembleToy();
  const genome = await assembleGenome();
  return { sum: { n, total, stats }, kmers, pca, toy, genome };
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (v: number): string => v.toLocaleString('en-US');
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

function statsTable(rows: RunStats[]): string {
  const body = rows
    .map(
      (s) =>
        `<tr><td>${esc(s.name)}</td><td>${esc(s.what)}</td><td class="n">${num(s.records)}</td><td class="n">${s.bytes > 0 ? num(s.bytes) : '–'}</td><td class="n">${s.ms.toFixed(0)}</td><td class="n">${mb(s.peakRss)}</td><td class="n">${mb(s.heapGrowth)}</td></tr>`,
    )
    .join('\n');
  return `<table id="streamed">
<thead><tr><th>example</th><th>records are</th><th>records</th><th>bytes streamed</th><th>time (ms)</th><th>peak RSS (MiB)</th><th>heap growth (MiB)</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function figure(id: string, svg: string, caption: string): string {
  return `<figure id="${id}">\n${svg.trim()}\n<figcaption>${caption}</figcaption>\n</figure>`;
}

/**
 * The report as one HTML document.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', reportHtml(await runExamples()));
 * ```
 */
export function reportHtml(r: ExampleResults): string {
  const { kmers, pca, toy, genome } = r;
  const ratio = pca.explainedVarianceRatio.map((v) => v.toFixed(4)).join(', ');
  const top = kmers.top.map(([kmer, n]) => `<code>${kmer}</code> ${n}`).join(', ');
  const placed = genome.contigs.filter((c) => c.start >= 0).length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>streamtoolz: the seed's examples, streamed</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.92rem; max-width: 45rem; }
table { border-collapse: collapse; font-size: 0.92rem; } th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.n, th:nth-child(n+3) { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.95em; } .note { color: #555; font-size: 0.9rem; max-width: 45rem; }
</style>
</head>
<body>
<h1>streamtoolz: the seed's examples, streamed</h1>
<p>Each example below reads its data from <code>examples/data/</code> as a stream, one chunk or record at a time, and keeps only what its result needs. Made by <code>npm start</code>.</p>

<h2>What was streamed</h2>
${statsTable([r.sum.stats, kmers.stats, pca.stats, toy.stats, genome.stats])}
<p class="note">Time is wall-clock time of each example, run one after another in one process. Peak RSS is the whole Node process (runtime included), sampled every millisecond while the example ran; heap growth is the highest V8 heap use seen less the heap use at its start. Samples can miss a spike shorter than a millisecond. The streaming sum adds ${num(r.sum.n)} doubled numbers (result ${num(r.sum.total)}) without a list.</p>

<h2>k-mer counts</h2>
<p>Every ${kmers.k}-mer of <code>kmers.fa</code> (40 generated records, GC content from 30% to 70%), counted with <code>pipe(sources.fasta(file), sinks.countKmers(${kmers.k}))</code>: ${num(kmers.total)} ${kmers.k}-mers, ${num(kmers.distinct)} distinct. Most frequent: ${top}.</p>
${figure('fig-kmers', kmers.svg, `The seed's <code>plt.hist(list(counts.values()), bins=25)</code>: how many distinct ${kmers.k}-mers occur a given number of times. The spread comes from the records' different GC contents: GC-rich ${kmers.k}-mers are frequent in GC-rich records and rare in the others.`)}

<h2>Incremental PCA of the iris flowers</h2>
<p>First pass: <code>pipe(sources.csv(file, { columns: true }), transforms.map(toNumbers), sinks.fitPCA({ nComponents: 2, batchSize: 100 }))</code>. Second pass: the same CSV re-opened (<code>source.reopen()</code>) through <code>transforms.project(model)</code>. Explained variance ratio: [${ratio}].</p>
${figure('fig-pca', pca.svg, `${pca.points.length} flowers on the first two components, coloured by species: setosa stands apart, versicolor and virginica overlap a little.`)}

<h2>Genome assembly: the seed's toy</h2>
<p>${toy.reads} random reads of 5 bases from <code>${toy.sequence}</code> (the sequence of Fig. 3 in Compeau, Pevzner &amp; Tesler 2011), streamed into <code>sinks.deBruijn(${toy.k})</code>: ${toy.graph.nodeCount} nodes, ${toy.graph.edgeCount} edges. The Eulerian path spells <code>${toy.assembled}</code>: ${toy.assembled === toy.sequence ? 'the original sequence, exactly' : 'NOT the original sequence'}.</p>
${figure('fig-graph', toy.svg, `The seed's <code>nx.draw_circular</code>: nodes are the ${toy.k - 1}-mers, each edge a ${toy.k}-mer, labelled with how many times the reads contained it. The graph is far smaller than the ${toy.reads} reads.`)}

<h2>Genome assembly: a generated ${num(genome.genomeLength)} bp genome</h2>
<p>${num(genome.reads)} error-free reads of 100 bases (about 15× coverage) streamed from <code>genome-reads.fa</code> into <code>sinks.deBruijn(${genome.k})</code>: ${num(genome.nodes)} nodes, ${num(genome.edges)} edges, too many to draw. Assembled as ${genome.kind === 'path' ? 'one Eulerian path' : `${genome.contigs.length} contigs (no single Eulerian path)`}: ${genome.contigs.length === 1 ? `${num(genome.contigs[0]!.length)} bp` : `longest ${num(genome.contigs[0]?.length ?? 0)} bp`}, ${placed} of ${genome.contigs.length} found exactly in the genome, covering ${num(genome.covered)} of its ${num(genome.genomeLength)} bases. Bases at the very ends are lost when no read starts or ends there.</p>
${figure('fig-contigs', genome.svg, 'Each assembled sequence drawn where it lies on the genome (grey band).')}
</body>
</html>
`;
}

/**
 * Runs the examples and writes the report; resolves with its path and the results.
 *
 * @example
 * ```ts
 * const { file } = await writeReport('out/report.html');
 * ```
 */
export async function writeReport(
  file = join(repoRoot(), 'out', 'report.html'),
  options: { sumN?: number } = {},
): Promise<{ file: string; results: ExampleResults }> {
  const results = await runExamples(options);
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, reportHtml(results));
  return { file: path, results };
}

if (isMain(import.meta.url)) {
  const { file } = await writeReport(process.argv[2]);
  console.log(`report: ${file}`);
}
