/**
 * `npm start`: the seed's examples, end to end, on the data in `examples/data/`: the
 * streaming sum and the verbose pipe, k-mer counting, incremental PCA of iris, and De
 * Bruijn assembly (the seed's toy and a generated 5 kb genome). Prints a line or two per
 * example and writes `out/report.html` with the figures and what was streamed.
 *
 * Run: `npm start` (or `node dist/examples/main.js [OUT.html]` after `npm run build`).
 */
import { relative } from 'node:path';
import { genomeSummary, toySummary } from './assemble-genome.js';
import { kmerSummary } from './kmer-histogram.js';
import type { RunStats } from './measure.js';
import { pcaSummary } from './pca-iris.js';
import { writeReport } from './report.js';
import { listSum, streamingSum } from './streaming-sum.js';
import { verbosePipe } from './verbose-sum.js';

const cost = (s: RunStats): string =>
  `\n  streamed ${s.records.toLocaleString('en-US')} ${s.what}${s.bytes > 0 ? ` (${s.bytes.toLocaleString('en-US')} bytes)` : ''} in ${s.ms.toFixed(0)} ms`;

console.log("# streaming sum (the seed's toy): the doubled numbers below 6");
console.log(`list approach: ${listSum(6)}, streaming approach: ${await streamingSum(6)}`);
console.log('');
console.log('# verbose pipe: each item goes through every stage before the next one is made');
const total = await verbosePipe(3, (line) => console.log(`  ${line}`));
console.log(`the result is ${total}`);

const { file, results } = await writeReport(process.argv[2]);
const { sum, kmers, pca, toy, genome } = results;
console.log('');
console.log(`# streaming sum of ${sum.n.toLocaleString('en-US')} doubled numbers, no list held`);
console.log(`${sum.total.toLocaleString('en-US')}${cost(sum.stats)}`);
console.log('');
console.log(`# k-mer counting (k=${kmers.k}): examples/data/kmers.fa`);
console.log(kmerSummary(kmers) + cost(kmers.stats));
console.log('');
console.log('# incremental PCA: examples/data/iris.csv, fitted in one pass, projected in a second');
console.log(pcaSummary(pca) + cost(pca.stats));
console.log('');
console.log("# De Bruijn assembly: the seed's toy sequence");
console.log(toySummary(toy) + cost(toy.stats));
console.log('');
console.log(`# De Bruijn assembly: a generated ${genome.genomeLength.toLocaleString('en-US')} bp genome, examples/data/genome-reads.fa`);
console.log(genomeSummary(genome) + cost(genome.stats));
console.log('');
const shown = relative(process.cwd(), file);
console.log(`report: ${shown.startsWith('..') ? file : shown}`);
