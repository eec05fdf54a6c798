/**
 * What the report's table shows for each example: records and bytes streamed, wall time and
 * peak memory. Memory is sampled every millisecond while the example runs (the pipes yield
 * to the event loop between chunks, so the sampler gets its turns), plus once at the end:
 * a sampled peak, which can miss a spike shorter than a sample, said so in the report.
 */
import { performance } from 'node:perf_hooks';

/** One example's row in the report's table. */
export interface RunStats {
  name: string;
  /** What a record is here, e.g. "FASTA records" or "CSV rows (2 passes)". */
  what: string;
  records: number;
  bytes: number;
  ms: number;
  /** Highest resident set size of the whole process seen while it ran, in bytes. */
  peakRss: number;
  /** Highest V8 heap use seen while it ran, less the heap use at its start, in bytes. */
  heapGrowth: number;
}

/** What the example itself counts; time and memory are measured around it. */
export interface Counted {
  what: string;
  records: number;
  bytes: number;
}

/**
 * Runs `fn`, timing it and sampling memory, and returns its result with the stats.
 *
 * @example
 * ```ts
 * const { result, stats } = await measure('k-mers', async () => {
 *   const counts = await pipe(sources.fasta('x.fa'), sinks.countKmers(6));
 *   return { result: counts, counted: { what: 'FASTA records', records: 40, bytes: 172465 } };
 * });
 * ```
 */
export async function measure<T>(name: string, fn: () => Promise<{ result: T; counted: Counted }>): Promise<{ result: T; stats: RunStats }> {
  const heap0 = process.memoryUsage().heapUsed;
  let peakRss = 0;
  let peakHeap = heap0;
  const sample = (): void => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 1);
  timer.unref();
  const t0 = performance.now();
  try {
    const { result, counted } = await fn();
    const ms = performance.now() - t0;
    sample();
    return { result, stats: { name, ...counted, ms, peakRss, heapGrowth: Math.max(0, peakHeap - heap0) } };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Adds up the bytes a source reads, from its `'progress'` events (raw bytes of each input
 * so far): call `listen` on every source (each pass), read `total` at the end.
 *
 * @example
 * ```ts
 * const bytes = new ByteCounter();
 * await pipe(bytes.listen(sources.fasta('x.fa')), sinks.count());
 * bytes.total; // the file's size
 * ```
 */
export class ByteCounter {
  readonly #current = new Map<object, Map<number, number>>();

  listen<S extends NodeJS.EventEmitter>(source: S): S {
    const perInput = new Map<number, number>();
    this.#current.set(source, perInput);
    source.on('progress', (p: { index: number; bytesRead: number }) => perInput.set(p.index, p.bytesRead));
    return source;
  }

  get total(): number {
    let n = 0;
    for (const perInput of this.#current.values()) for (const b of perInput.values()) n += b;
    return n;
  }
}
