/**
 * Reducing a run: waiting until every part is done (its parent job leaves
 * 'waiting-children'), reading the parts' partials in order and merging them, then removing
 * the run (its jobs and partial keys). The children's return values are read back from Redis,
 * so they are checked: one per part, each naming its own partial key.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { validateInteger } from '../core/validate.js';
import type { KmerCounts } from '../kmer/kmer-counts.js';
import { mergeAll, type Aggregator } from '../parallel/aggregator.js';
import { pcaAggregator } from '../pca/pca-aggregator.js';
import type { PcaResult } from '../pca/pca-result.js';
import { checkManifest, MalformedJob, type Manifest } from './manifest.js';
import { mergeKmerPartials } from './merge-kmer-partials.js';
import { latestKey, partialKey, RUN_ID_PATTERN } from './names.js';
import type { Session } from './session.js';

/** Options of {@link awaitRun}. */
export interface AwaitOptions {
  /** Fail when the run is not done after this long (ms). Default: wait. */
  timeoutMs?: number | undefined;
  /** How often to look (ms). Default 200. */
  pollMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** A run whose parts are all done. */
export interface DoneRun {
  run: string;
  manifest: Manifest;
  /** Reads part `i`'s partial. */
  partial(i: number): Promise<Buffer>;
}

const noResult = (session: Session, message: string): StreamtoolzError => new StreamtoolzError(codes.NO_RESULT, `${session.target.shown}: ${message}`);

/**
 * A run's parent job, or undefined; a parent whose data is not JSON is a one-line error.
 *
 * @example
 * ```ts
 * const parent = await getRun(session, 'reads-3f9c0a12b7e4d5c6');
 * ```
 */
export async function getRun(session: Session, run: string): Promise<import('bullmq').Job | undefined> {
  try {
    return await session.runs().getJob(run);
  } catch (err) {
    if (err instanceof SyntaxError) throw noResult(session, `run ${run}: its manifest is not JSON`);
    throw session.fail(`reading run ${run}`, err);
  }
}

/**
 * The run last submitted under `name`, or `name` itself when it is a run id.
 *
 * @example
 * ```ts
 * await findRun(session, 'reads'); // 'reads-3f9c0a12b7e4d5c6'
 * ```
 */
export async function findRun(session: Session, name: string): Promise<string> {
  if (RUN_ID_PATTERN.test(name) && (await getRun(session, name)) !== undefined) return name;
  const run = await session.redis.get(latestKey(name));
  if (run === null || !RUN_ID_PATTERN.test(run)) throw noResult(session, `no run named '${name}' was submitted`);
  return run;
}

/** Waits `ms`, or less when `signal` aborts; leaves no listener on the signal behind. */
const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Waits until every part of `run` is done; rejects with the first failed part's reason.
 *
 * @example
 * ```ts
 * const done = await awaitRun(session, await findRun(session, 'reads'), { timeoutMs: 60000 });
 * ```
 */
export async function awaitRun(session: Session, run: string, options: AwaitOptions = {}): Promise<DoneRun> {
  const pollMs = options.pollMs ?? 200;
  validateInteger(pollMs, 'pollMs', 1);
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const parent = await getRun(session, run);
    if (parent === undefined) throw noResult(session, `run ${run} does not exist (reduced already?)`);
    const state = await parent.getState();
    // A failed part fails its run (failParentOnFailure): BullMQ marks the parent for a
    // deferred failure and moves it to 'wait'; no processor of ours ever takes it.
    const { failed } = await parent.getDependencies({ failed: {} });
    if (state === 'failed' || parent.deferredFailure !== undefined || (failed?.length ?? 0) > 0) {
      const key = failed?.[0];
      const reason = key === undefined ? undefined : await session.redis.hget(key, 'failedReason');
      const which = key === undefined ? '' : `part ${key.slice(key.lastIndexOf('.') + 1)}: `;
      throw noResult(session, `run ${run} failed: ${which}${session.target.redact(reason ?? parent.failedReason ?? 'a part failed')}`);
    }
    if (state !== 'waiting-children') {
      let manifest: Manifest;
      try {
        manifest = checkManifest(parent.data, run);
      } catch (err) {
        throw noResult(session, `run ${run}: ${(err as Error).message}`);
      }
      const values = await parent.getChildrenValues();
      const keys = new Set<string>();
      for (const v of Object.values(values)) {
        const { index, key } = (v ?? {}) as { index?: unknown; key?: unknown };
        if (typeof index !== 'number' || !Number.isInteger(index) || key !== partialKey(run, index) || index < 0 || index >= manifest.parts.length)
          throw noResult(session, `run ${run}: a part returned ${JSON.stringify(v)?.slice(0, 80)}, not one of its ${manifest.parts.length} partials`);
        keys.add(key);
      }
      if (keys.size !== manifest.parts.length || Object.keys(values).length !== manifest.parts.length)
        throw noResult(session, `run ${run}: ${keys.size} distinct partials for ${manifest.parts.length} parts`);
      return {
        run,
        manifest,
        async partial(i) {
          const bytes = await session.redis.getBuffer(partialKey(run, i));
          if (bytes === null) throw noResult(session, `run ${run}: the partial of part ${i} is missing`);
          return bytes;
        },
      };
    }
    if (Date.now() >= deadline) {
      const counts = await parent.getDependenciesCount();
      throw noResult(
        session,
        `run ${run} has ${counts.processed ?? 0} of ${(counts.processed ?? 0) + (counts.unprocessed ?? 0)} parts done after ${options.timeoutMs} ms`,
      );
    }
    await delay(pollMs, options.signal);
  }
}

/**
 * The merged state of a done run's partials under `agg` (PCA states, job sink states).
 *
 * @example
 * ```ts
 * const result = agg.result(await mergePartials(done, agg));
 * ```
 */
export async function mergePartials<S>(done: DoneRun, agg: Aggregator<S, never, unknown>): Promise<S> {
  const states: S[] = [];
  for (let i = 0; i < done.manifest.parts.length; i++) states.push(agg.decode(await done.partial(i)));
  return mergeAll(agg, states);
}

/**
 * A k-mer run's counts: `lines()` are the bytes `kmers -k K [--canonical]` writes.
 *
 * @example
 * ```ts
 * for (const chunk of (await kmerCountsOf(done)).lines()) process.stdout.write(chunk);
 * ```
 */
export async function kmerCountsOf(done: DoneRun): Promise<KmerCounts> {
  const { spec } = done.manifest;
  if (spec.kind !== 'kmers') throw new MalformedJob(`run ${done.run} is a ${spec.kind} run, not a k-mer run`);
  return mergeKmerPartials(
    spec,
    done.manifest.parts.length,
    (i) => done.partial(i),
    (i) => `part ${i} of run ${done.run}`,
  );
}

/**
 * A PCA run's exact PCA.
 *
 * @example
 * ```ts
 * const pca = await pcaOf(done, 2);
 * ```
 */
export async function pcaOf(done: DoneRun, nComponents: number): Promise<PcaResult> {
  const agg = pcaAggregator({ nComponents });
  return agg.result(await mergePartials(done, agg));
}

/**
 * Removes a run: its jobs, its partial keys and its name's pointer to it.
 *
 * @example
 * ```ts
 * await removeRun(session, done.run, done.manifest.parts.length);
 * ```
 */
export async function removeRun(session: Session, run: string, parts: number): Promise<void> {
  const parent = await getRun(session, run).catch(() => undefined);
  await parent?.remove({ removeChildren: true });
  for (let i = 0; i < parts; i += 1000) {
    const keys = Array.from({ length: Math.min(1000, parts - i) }, (_, j) => partialKey(run, i + j));
    await session.redis.del(...keys);
  }
  const name = run.slice(0, run.lastIndexOf('-'));
  await session.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, latestKey(name), run);
}
