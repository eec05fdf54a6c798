/**
 * `parallelMap(workerFile, { threads })`: a stage that runs a worker file's function on
 * each item in a pool of worker threads (`lib/parallel/pool.ts`), all cores of one machine.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Transform, type TransformCallback } from 'node:stream';
import { StageError } from '../lib/core/errors.js';
import { resolveWorkerFile, WorkerPool } from '../lib/parallel/pool.js';
import { kName } from '../lib/core/symbols.js';
import type { Stage } from '../lib/core/types.js';
import { checkOptionNames, copyOptions, type OptionNames, validateBoolean, validateInteger, validateSignal, validateString } from '../lib/core/validate.js';

/**
 * Options of {@link parallelMap}.
 *
 * @example
 * ```ts
 * transforms.parallelMap(new URL('./parse-worker.js', import.meta.url), { threads: 4, maxInFlight: 16, exportName: 'parse' });
 * ```
 */
export interface ParallelMapOptions {
  /** Worker threads. Default: the machine's available parallelism. */
  threads?: number | undefined;
  /** Items sent and not yet emitted, at most (this bounds memory). Default 2 × threads. */
  maxInFlight?: number | undefined;
  /** The worker file's export to call. Default 'default'. */
  exportName?: string | undefined;
  /** Given once to the worker file's `init(workerData)`, if it exports one. */
  workerData?: unknown;
  /**
   * Move typed arrays in items and results to the other thread instead of copying them
   * (default true): a sent item's typed arrays are detached in this thread afterwards, so
   * an upstream that reuses its arrays needs `transfer: false`.
   */
  transfer?: boolean | undefined;
  /** Node options of the threads. Default: the process's own. */
  execArgv?: string[] | undefined;
  /** Aborts the stage: it is destroyed with an AbortError and its threads terminated. */
  signal?: AbortSignal | undefined;
}

interface Pending {
  index: number;
  done: boolean;
  ok: boolean;
  value: unknown;
}

/**
 * The stage's Transform; see {@link parallelMap}.
 *
 * @example
 * ```ts
 * const stage = new ParallelMap<number, number>(new URL('./square-worker.js', import.meta.url), { threads: 2 });
 * await pipe([1, 2, 3], stage, sinks.collect()); // [1, 4, 9], in input order
 * ```
 */
export class ParallelMap<I, O> extends Transform implements Stage<I, O> {
  readonly [kName]: string;
  readonly #pool: WorkerPool;
  readonly #maxInFlight: number;
  readonly #pending: Pending[] = [];
  #held: TransformCallback | null = null;
  #flushed: TransformCallback | null = null;
  #index = 0;

  constructor(file: URL, options: ParallelMapOptions & { threads: number }) {
    super({ objectMode: true, highWaterMark: options.threads, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    this[kName] = `parallelMap(${basename(fileURLToPath(file))})`;
    this.#maxInFlight = options.maxInFlight ?? 2 * options.threads;
    this.#pool = new WorkerPool(file, options);
  }

  /** Worker threads running now (0 once the stage has ended or been destroyed). */
  get liveThreads(): number {
    return this.#pool.liveThreads;
  }

  override _transform(item: I, _encoding: BufferEncoding, callback: TransformCallback): void {
    const entry: Pending = { index: this.#index++, done: false, ok: true, value: undefined };
    this.#pending.push(entry);
    this.#pool.run(item, entry.index).then(
      (value) => this.#settle(entry, true, value),
      (err: unknown) => this.#settle(entry, false, err),
    );
    // Backpressure: the next item is accepted only while fewer than maxInFlight are out.
    if (this.#pending.length < this.#maxInFlight) callback();
    else this.#held = callback;
  }

  override _flush(callback: TransformCallback): void {
    if (this.#pending.length === 0) this.#closePool(callback);
    else this.#flushed = callback;
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#pool.close().then(
      () => callback(err),
      (closeErr: unknown) => callback(err ?? (closeErr as Error)),
    );
  }

  #settle(entry: Pending, ok: boolean, value: unknown): void {
    entry.done = true;
    entry.ok = ok;
    entry.value = value;
    if (this.destroyed) return;
    // Results go out in input order: only a finished head of the queue is emitted.
    while (this.#pending.length > 0 && this.#pending[0]!.done) {
      const head = this.#pending.shift()!;
      if (!head.ok || head.value === null || head.value === undefined) {
        const cause = head.ok ? new TypeError(`the worker returned ${head.value}, which would end the stream`) : head.value;
        this.destroy(new StageError({ stage: this[kName], index: head.index }, cause));
        return;
      }
      this.push(head.value);
    }
    const held = this.#held;
    if (held !== null && this.#pending.length < this.#maxInFlight) {
      this.#held = null;
      held();
    }
    const flushed = this.#flushed;
    if (flushed !== null && this.#pending.length === 0) {
      this.#flushed = null;
      this.#closePool(flushed);
    }
  }

  /** Ends the threads before the stage ends, so that none outlives the pipeline. */
  #closePool(callback: TransformCallback): void {
    this.#pool.close().then(
      () => callback(),
      (err: unknown) => callback(err as Error),
    );
  }
}

const PARALLEL_MAP_OPTIONS: OptionNames<ParallelMapOptions> = {
  threads: true,
  maxInFlight: true,
  exportName: true,
  workerData: true,
  transfer: true,
  execArgv: true,
  signal: true,
};

/**
 * Runs the function a worker file exports on every item, in `threads` worker threads,
 * keeping the input order and backpressure (at most `maxInFlight` items out at a time).
 *
 * The worker file (`.js`, or `.ts` under tsx; a `.js` path falls back to its `.ts` source)
 * exports `default` (or `exportName`): `(item, index) => result | Promise<result>`, and
 * optionally `init(workerData)`. Items and results must be structured-cloneable; typed
 * arrays in them (at the top level, or one level down in an array or plain object) are
 * transferred, not copied. A throw in the worker is a StageError naming this stage and the
 * item's index; the threads are terminated when the stage ends, fails or is aborted.
 *
 * @example
 * ```ts
 * // count-worker.ts: export default (range: FileRange) => countRange(range); // Uint8Array
 * const parts = await pipe(
 *   await splitFile('reads.fa', 8, { format: 'fasta' }),
 *   transforms.parallelMap<FileRange, Uint8Array>(new URL('./count-worker.js', import.meta.url), { threads: 4 }),
 *   sinks.collect(),
 * );
 * ```
 */
export function parallelMap<I, O>(workerFile: string | URL, options?: ParallelMapOptions): Stage<I, O> {
  if (!(workerFile instanceof URL)) validateString(workerFile, 'workerFile');
  const opts = copyOptions(checkOptionNames(options, PARALLEL_MAP_OPTIONS, 'transforms.parallelMap()'));
  const threads = opts.threads ?? availableParallelism();
  validateInteger(threads, 'threads', 1, 1024);
  if (opts.maxInFlight !== undefined) validateInteger(opts.maxInFlight, 'maxInFlight', 1);
  if (opts.exportName !== undefined) validateString(opts.exportName, 'exportName');
  if (opts.transfer !== undefined) validateBoolean(opts.transfer, 'transfer');
  validateSignal(opts.signal);
  return new ParallelMap<I, O>(resolveWorkerFile(workerFile), { ...opts, threads });
}
