/**
 * The seed's k-mer example: count every 6-mer of a FASTA file and plot how many k-mers have
 * each count (`plt.hist(list(counts.values()), bins=25)`).
 *
 * The seed counts line by line; we count whole records (a record's lines joined), so the
 * k-mers that span a line break are counted too (`--per-line` in the CLI gives the seed's
 * way). The histogram is binned from the count-of-counts (`KmerCounts.histogram()`), not
 * from one number per k-mer: same bins as numpy, memory by distinct counts.
 *
 * Run: `node dist/examples/kmer-histogram.js [FASTA] [K]`
 */
import { writeFileSync } from 'node:fs';
import { pipe } from '../lib/core/pipe.js';
import { histogramSvg } from '../lib/plot/histogram-svg.js';
import { countKmers } from '../sinks/count-kmers.js';
import { binFrequencies, type Histogram } from '../sinks/histogram.js';
import { fasta } from '../sources/fasta.js';
import { ByteCounter, measure, type RunStats } from './measure.js';
import { dataPath, isMain } from './paths.js';

/** What {@link kmerHistogram} found. */
export interface KmerResult {
  k: number;
  /** k-mers counted (with repeats). */
  total: number;
  /** Distinct k-mers. */
  distinct: number;
  /** The most frequent k-mers, by decreasing count. */
  top: [string, number][];
  /** 25 equal-width bins of the k-mers' counts. */
  histogram: Histogram;
  /** The histogram drawn, a standalone SVG document. */
  svg: string;
  stats: RunStats;
}

/**
 * Counts the k-mers of a FASTA file in one streaming pass and bins their counts.
 *
 * @example
 * ```ts
 * const { distinct, histogram, svg } = await kmerHistogram('examples/data/kmers.fa', 6);
 * ```
 */
export async function kmerHistogram(file = dataPath('kmers.fa'), k = 6): Promise<KmerResult> {
  const { result, stats } = await measure(`k-mer counts (k=${k})`, async () => {
    const bytes = new ByteCounter();
    let records = 0;
    // pipe's own per-stage stats count the records (measuring turns off the compiled fast
    // path, which costs nothing visible on a file this small).
    const counts = await pipe(bytes.listen(fasta(file)), countKmers(k), {
      stats: (s) => {
        records = s.stages[0]?.itemsOut ?? 0;
      },
    });
    return { result: counts, counted: { what: 'FASTA records', records, bytes: bytes.total } };
  });
  const histogram = binFrequencies(result.histogram(), { bins: 25 });
  const svg = histogramSvg(histogram, {
    title: `How often each ${k}-mer occurs (${result.size.toLocaleString('en-US')} distinct ${k}-mers)`,
    xLabel: `times a ${k}-mer occurs in the file`,
    yLabel: `number of distinct ${k}-mers`,
  });
  return { k, total: result.total, distinct: result.size, top: result.top(5), histogram, svg, stats };
}

/** One line for the console. */
export function kmerSummary(r: KmerResult): string {
  const top = r.top.map(([kmer, n]) => `${kmer} ${n}`).join(', ');
  return `${r.total.toLocaleString('en-US')} ${r.k}-mers, ${r.distinct.toLocaleString('en-US')} distinct; most frequent: ${top}`;
}

if (isMain(import.meta.url)) {
  const r = await kmerHistogram(process.argv[2], process.argv[3] === undefined ? undefined : Number(process.argv[3]));
  console.log(kmerSummary(r));
  writeFileSync('kmer-histogram.svg', r.svg);
  console.log('histogram: kmer-histogram.svg');
}
