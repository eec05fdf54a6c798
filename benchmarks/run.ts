/**
 * The runner behind `npm run bench`: runs every benchmark listed below, one after another,
 * each printing its own header and table. A benchmark module exports `main(argv)`.
 *
 * It first installs the reference tools (jellyfish, KMC, Debian's python3-toolz, -cytoolz,
 * -sklearn, -networkx) where missing (`reference-tools.ts`).
 *
 * Usage:
 *   node dist/benchmarks/run.js                  every benchmark with its defaults
 *   node dist/benchmarks/run.js pipe 1000000     one benchmark, the rest of argv passed on
 *   npx tsx benchmarks/run.ts pipe --runs 3      the same from the sources
 *
 * To add a benchmark, add a line to `benchmarks`; it is imported only when it runs, so that
 * a heavy one costs nothing to the others.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ensureReferenceTools } from './reference-tools.js';
import { isMain } from './support.js';

type Main = (argv: string[]) => Promise<void>;

/** Name → loader of the module's `main`. */
const benchmarks: Record<string, () => Promise<Main>> = {
  pipe: async () => (await import('./pipe.js')).main,
  services: async () => (await import('./services.js')).main,
  all: async () => (await import('./all.js')).main,
  'sources-lines': async () => (await import('./sources-lines.js')).main,
  'sources-csv': async () => (await import('./sources-csv.js')).main,
  'sources-fasta': async () => (await import('./sources-fasta.js')).main,
  'sources-json': async () => (await import('./sources-json.js')).main,
  records: async () => (await import('./records.js')).main,
  'records-kernel': async () => (await import('./records-kernel.js')).main,
  kmers: async () => (await import('./kmers.js')).main,
  'pca-kernel': async () => (await import('./pca-kernel.js')).main,
  pca: async () => (await import('./pca.js')).main,
  assemble: async () => (await import('./assemble.js')).main,
  parallel: async () => (await import('./parallel.js')).main,
  scaling: async () => (await import('./scaling.js')).main,
  'scale-out': async () => (await import('./scale-out.js')).main,
  sort: async () => (await import('./sort.js')).main,
};

/**
 * Runs the benchmark named by `argv[0]` with the rest of `argv`, or all of them with their
 * defaults when `argv[0]` names none.
 *
 * @example
 * ```ts
 * await run(['pipe', '1000000', '--runs', '3']);
 * ```
 */
export async function run(argv: string[]): Promise<void> {
  ensureReferenceTools();
  const [first, ...rest] = argv;
  if (first !== undefined && !first.startsWith('-') && Object.hasOwn(benchmarks, first)) {
    return (await benchmarks[first]!())(rest);
  }
  if (first !== undefined && !first.startsWith('-') && Number.isNaN(Number(first))) {
    throw new RangeError(`Unknown benchmark ${JSON.stringify(first)}; the benchmarks are ${Object.keys(benchmarks).join(', ')}`);
  }
  // Every benchmark: their tables also go to benchmarks/RESULTS.md, with when and where.
  const results: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    results.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    for (const [name, load] of Object.entries(benchmarks)) {
      console.log(`\n<!-- benchmark: ${name} -->`);
      await (await load())(argv);
    }
  } finally {
    process.stdout.write = write;
    const header = `# Benchmark results\n\nWritten by \`npm run bench\` on ${new Date().toISOString()} (load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}).\nEach section says how it was measured; rerun with \`npm run bench\`, or one benchmark with \`node dist/benchmarks/run.js NAME\`.\n`;
    // npm run bench runs from the package root.
    writeFileSync('benchmarks/RESULTS.md', header + results.join(''));
  }
}

if (isMain(import.meta.url)) await run(process.argv.slice(2));
