/**
 * A Transform that runs ops: the stream form of every per-item stage. It honours
 * backpressure inside one-to-many ops: when `push()` returns false in the middle of an
 * expansion it keeps its place (the write callback is held) and goes on in `_read()`. An op
 * waiting for a promise holds the write callback the same way, until the promise settles.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { Chain } from './chain.js';
import { CompiledChain } from './compiled-chain.js';
import { AbortError } from './errors.js';
import { compilable } from './fuse.js';
import { nullItem } from './from.js';
import type { Op } from './op.js';
import { stageError } from './stage-error.js';
import { kEarlyEnd, kIn, kName, kOps, kOut, kSkipped } from './symbols.js';
import type { Stage } from './types.js';

/**
 * Options of an op stage.
 *
 * @example
 * ```ts
 * const stage = opStage(myOp, { highWaterMark: 64 });
 * ```
 */
export interface OpStageOptions {
  /** Readable and writable highWaterMark, in items. Default 16. */
  highWaterMark?: number | undefined;
}

const FEED = 0;
const PUMP = 1;
const FLUSH = 2;
type Step = typeof FEED | typeof PUMP | typeof FLUSH;

/** The types an op stage carries for the compiler (see `lib/core/types.ts`). */
export interface OpStage<I, O> {
  readonly [kIn]?: (item: I) => void;
  readonly [kOut]?: () => O;
}

/**
 * The Transform behind every op stage (see the file's header). Made by {@link opStage}, by
 * the stage factories, and by `pipe()`/`compose()` when they fuse ops.
 *
 * @example
 * ```ts
 * const stage = new OpStage<number, number>([{ name: 'double', expands: false, done: false, step: (x) => (x as number) * 2 }]);
 * ```
 */
// biome-ignore lint/correctness/noUnusedVariables: I and O are phantom types, carried by the interface of the same name
export class OpStage<I = unknown, O = unknown> extends Transform {
  readonly [kOps]: readonly Op<unknown, unknown>[];
  readonly [kName]: string;
  readonly #chain: Chain | CompiledChain;
  /** Aborts the ops' signal when the stage is torn down. */
  readonly #controller = new AbortController();
  /** The write (or flush) callback held while the consumer is full mid-expansion, or an op waits. */
  #pending: TransformCallback | null = null;
  #waiting = false;
  #flushing = false;
  #ended = false;
  /** In batch mode (set by `pipe()`) each written chunk is an array of items. */
  #batchedInput = false;
  #batch: readonly unknown[] | null = null;
  #batchPos = 0;
  #discarded = 0;
  #busy = false;
  #wantRead = false;
  /** Set by `pipe()` for the stages it runs: see `#discard`. */
  managed = false;

  constructor(ops: readonly Op<unknown, unknown>[], options?: OpStageOptions) {
    const hwm = options?.highWaterMark;
    super({ objectMode: true, ...(hwm === undefined ? {} : { highWaterMark: hwm }) });
    this[kOps] = ops;
    this[kName] = ops.map((op) => op.name).join(' | ');
    for (const op of ops) op.signal = this.#controller.signal;
    const out = (item: unknown): boolean => {
      if (item === null) throw stageError(ops[ops.length - 1]!, undefined, nullItem());
      return this.push(item);
    };
    this.#chain = compilable(ops) ? new CompiledChain(ops, out) : new Chain(ops, out);
  }

  /** Items the ops skipped under their `onError` policy. */
  get [kSkipped](): number | undefined {
    let skipped: number | undefined;
    for (const op of this[kOps]) if (op.skipped !== undefined) skipped = (skipped ?? 0) + op.skipped;
    return skipped;
  }

  /** Called by `pipe()` when the upstream source sends arrays of items. */
  acceptBatches(): void {
    this.#batchedInput = true;
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#chain.done) return this.#discard(callback);
    if (this.#batchedInput) {
      this.#batch = chunk as readonly unknown[];
      this.#batchPos = 0;
      return this.#run(PUMP, undefined, callback);
    }
    this.#run(FEED, chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#ended) return callback();
    this.#flushing = true;
    this.#run(FLUSH, undefined, callback);
  }

  override _read(size: number): void {
    if (this.#busy) {
      // push() can make the consumer read at once, re-entering here mid-step: remember it.
      this.#wantRead = true;
      return;
    }
    if (this.#waiting) return; // the settled promise goes on
    const callback = this.#pending;
    if (callback === null) return super._read(size);
    this.#pending = null;
    this.#run(this.#flushing ? FLUSH : PUMP, undefined, callback);
    // If that finished the held write, Transform may now hold its own callback (its buffer is
    // full) waiting for a _read that will not come if this one pushed nothing (the Readable
    // still counts it as reading). Release it now: the consumer did ask for data.
    if (this.#pending === null) super._read(size);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#controller.abort(err ?? new AbortError());
    if (this.#chain instanceof Chain) this.#chain.close();
    callback(err);
  }

  /**
   * Runs one step (feed an item, go on with pending work, or flush); while it paused but the
   * consumer asked for more meanwhile, goes on. A step code rather than a closure: this runs
   * once per item, and a closure per item is measurable.
   */
  #run(step: Step, item: unknown, callback: TransformCallback): void {
    this.#busy = true;
    this.#wantRead = false;
    let more: boolean;
    try {
      more = step === FEED ? this.#chain.feed(item) : step === PUMP ? this.#pump() : this.#chain.flush();
      while (!more && this.#wantRead && this.#chain.pending === undefined) {
        this.#wantRead = false;
        more = this.#flushing ? this.#chain.flush() : this.#pump();
      }
    } catch (err) {
      this.#busy = false;
      return callback(err as Error);
    }
    this.#busy = false;
    this.#settle(more, callback);
  }

  /** Goes on with pending work, then with the rest of the current batch. */
  #pump(): boolean {
    if (!this.#chain.resume()) return false;
    const batch = this.#batch;
    if (batch !== null) {
      while (this.#batchPos < batch.length && !this.#chain.done) {
        if (!this.#chain.feed(batch[this.#batchPos++])) return false;
      }
      this.#batch = null;
    }
    return true;
  }

  #settle(more: boolean, callback: TransformCallback): void {
    if (!more) {
      this.#pending = callback;
      const pending = this.#chain.pending;
      if (pending !== undefined) {
        this.#waiting = true;
        void pending.then(() => this.#settled());
      }
      return;
    }
    if (this.#chain.done) return this.#discard(callback);
    callback();
  }

  /** An op's promise settled: go on where the chain stopped. */
  #settled(): void {
    this.#waiting = false;
    const callback = this.#pending;
    if (this.destroyed || callback === null) return;
    this.#pending = null;
    this.#run(this.#flushing ? FLUSH : PUMP, undefined, callback);
  }

  /**
   * Input after the ops are done (take is satisfied). Inside `pipe()` (managed) the output
   * ends now and the write is held: the stages before stop on backpressure until `pipe()`
   * destroys them once the sink is done. In a plain Node pipeline a Transform that ends
   * early makes `pipeline` reject (Node destroys its unfinished writable side), so the rest
   * of the input is read and dropped, yielding to the event loop now and then so that a
   * synchronous source cannot starve everything else, and the output ends with the input.
   */
  #discard(callback: TransformCallback): void {
    if (!this.managed) {
      if (++this.#discarded % 256 === 0) setImmediate(callback);
      else callback();
      return;
    }
    this.#endEarly();
  }

  /** take(n) is satisfied: end the readable side now rather than after the whole input. */
  #endEarly(): void {
    if (this.#ended || this.#flushing) return;
    this.#ended = true;
    this.push(null);
    this.emit(kEarlyEnd);
  }
}

/**
 * Wraps an op as a real object-mode Transform (see {@link OpStage}).
 *
 * @example
 * ```ts
 * const double = opStage<number, number>({ name: 'double', expands: false, done: false, step: (x) => x * 2 });
 * await pipeline(Readable.from([1, 2, 3]), double, async (src) => { for await (const x of src) console.log(x); });
 * ```
 */
export function opStage<I, O>(op: Op<I, O>, options?: OpStageOptions): Stage<I, O> {
  return new OpStage<I, O>([op as Op<unknown, unknown>], options);
}
