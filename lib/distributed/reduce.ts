/**
 * The reducer of a distributed run: waits until every job has its partial stored, then
 * - k-mers: reads the partials one after the other and puts them together as `kmers
 *   --threads` puts its threads' partials together (`merge-kmer-partials.ts`): sorted runs
 *   read through one k-way merge while the output is written, in lexicographic order, the
 *   same bytes as `kmers`;
 * - PCA: decodes the states and merges them up a tree in job order, exactly as the
 *   one-machine passes of `lib/parallel/parallel-passes.ts` do with the same ranges, so the
 *   result is the same to the bit (PCA states are floating point: the order matters).
 */
import { AbortError, codes, StreamtoolzError } from '../core/errors.js';
import type { KmerCounts } from '../kmer/kmer-counts.js';
import { mergeAll } from '../parallel/aggregator.js';
import { pcaAggregator } from '../pca/pca-aggregator.js';
import type { PcaResult } from '../pca/pca-result.js';
import { validateInteger } from '../core/validate.js';
import { mergeKmerPartials } from './merge-kmer-partials.js';
import { readRun, runKeys, type RunSpec } from './queue.js';
import { TRANSFER_TIMEOUT_MS, type RedisLink } from './redis-link.js';

/** Options of {@link reduceRun}. */
export interface ReduceOptions {
  /** PCA components to keep (pca runs). Default 2. */
  nComponents?: number | undefined;
  /** Give up (with an error) when results are still missing after this long (ms). Default: wait. */
  timeoutMs?: number | undefined;
  /** How often (ms) to look for missing results. Default 200. */
  pollMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** The merged result of a run. */
export type RunResult = { kind: 'kmers'; spec: RunSpec; counts: KmerCounts } | { kind: 'pca'; spec: RunSpec; pca: PcaResult };

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for all partials of run `queue` and merges them.
 *
 * @example
 * ```ts
 * const result = await reduceRun(redis, 'reads');
 * if (result.kind === 'kmers') for (const line of result.counts.lines()) process.stdout.write(line);
 * ```
 */
export async function reduceRun(redis: RedisLink, queue: string, options: ReduceOptions = {}): Promise<RunResult> {
  const nComponents = options.nComponents ?? 2;
  validateInteger(nComponents, 'nComponents', 1);
  const pollMs = options.pollMs ?? 200;
  validateInteger(pollMs, 'pollMs', 1);
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const keys = runKeys(queue);
  for (;;) {
    if (options.signal?.aborted) throw new AbortError(undefined, { cause: options.signal.reason });
    const run = await readRun(redis, queue);
    const done = run === undefined ? 0 : await redis.call(`counting the results of queue '${queue}'`, (c) => c.hLen(keys.results));
    if (run !== undefined && done >= run.jobs) {
      const { spec } = run;
      const binary = redis.binary.withCommandOptions({ timeout: TRANSFER_TIMEOUT_MS });
      const fetch = async (i: number): Promise<Buffer> => {
        const part = (await redis.call(`reading the result of job ${i} of queue '${queue}'`, () => binary.hGet(keys.results, String(i)))) as Buffer | null;
        if (part === null) throw new StreamtoolzError(codes.NO_RESULT, `${redis.url}: queue '${queue}' has no result for job ${i}`);
        return part;
      };
      if (spec.kind === 'kmers')
        return { kind: 'kmers', spec, counts: await mergeKmerPartials(spec, run.jobs, fetch, (i) => `${redis.url}: job ${i} of queue '${queue}'`) };
      const parts: Buffer[] = [];
      for (let i = 0; i < run.jobs; i++) parts.push(await fetch(i));
      const agg = pcaAggregator({ nComponents });
      return {
        kind: 'pca',
        spec,
        pca: agg.result(
          mergeAll(
            agg,
            parts.map((p) => agg.decode(p)),
          ),
        ),
      };
    }
    if (Date.now() >= deadline) {
      const what = run === undefined ? 'was not submitted' : `has ${done} of ${run.jobs} results`;
      throw new StreamtoolzError(codes.NO_RESULT, `${redis.url}: queue '${queue}' ${what} after ${options.timeoutMs} ms`);
    }
    await delay(pollMs);
  }
}
