/**
 * The op that `pipe(..., { stats })` puts in place of each op: it counts items in and out and
 * times the op, forwarding everything else (done, signal, a pending result) to the op it wraps.
 */
import { performance } from 'node:perf_hooks';
import { ASYNC, SKIP, type Op, type Settled, type StepResult } from './op.js';
import type { StageStats } from './stats.js';

const sizeOf = (x: unknown): number => (typeof x === 'string' ? Buffer.byteLength(x) : x instanceof Uint8Array ? x.byteLength : 0);

/**
 * Counts and times one op into one row of the stats.
 *
 * @example
 * ```ts
 * const counted = new CountedOp(op, row); // row.itemsIn, itemsOut, bytesOut and ms grow as it runs
 * ```
 */
export class CountedOp<I, O> implements Op<I, O> {
  readonly name: string;
  readonly expands: boolean;
  position?: number | undefined;
  pending?: Promise<Settled<O>> | undefined;
  readonly flush?: () => Iterator<O> | undefined;
  readonly #op: Op<I, O>;
  readonly #row: StageStats;

  constructor(op: Op<I, O>, row: StageStats) {
    this.name = op.name;
    this.expands = op.expands;
    this.position = op.position;
    this.#op = op;
    this.#row = row;
    if (op.flush !== undefined) {
      const flush = op.flush.bind(op);
      this.flush = () => {
        const t0 = performance.now();
        const it = flush();
        this.#row.ms! += performance.now() - t0;
        return it === undefined ? it : (this.#iterator(it) as Iterator<O>);
      };
    }
  }

  get done(): boolean {
    return this.#op.done;
  }

  set done(value: boolean) {
    this.#op.done = value;
  }

  get signal(): AbortSignal | undefined {
    return this.#op.signal;
  }

  set signal(value: AbortSignal | undefined) {
    this.#op.signal = value;
  }

  get skipped(): number | undefined {
    return this.#op.skipped;
  }

  step(item: I, index: number): StepResult<O> {
    const row = this.#row;
    row.itemsIn!++;
    const t0 = performance.now();
    const r = this.#op.step(item, index);
    if (r === ASYNC) {
      // The wait for an async function is time the pipe spent in this stage.
      this.pending = this.#op.pending!.then((v) => {
        row.ms! += performance.now() - t0;
        return this.#output(v) as Settled<O>;
      });
      return ASYNC;
    }
    row.ms! += performance.now() - t0;
    return this.#output(r);
  }

  #output(r: StepResult<O>): StepResult<O> {
    if (this.expands) return r === undefined || r === SKIP ? r : this.#iterator(r as Iterator<O> | AsyncIterator<O>);
    return typeof r === 'symbol' ? r : this.#count(r as O);
  }

  #count(x: O): O {
    const row = this.#row;
    row.itemsOut!++;
    const n = sizeOf(x);
    if (n > 0) row.bytesOut = (row.bytesOut ?? 0) + n;
    return x;
  }

  #iterator(it: Iterator<O> | AsyncIterator<O>): Iterator<O> | AsyncIterator<O> {
    const row = this.#row;
    const timedNext = (): IteratorResult<O> | Promise<IteratorResult<O>> => {
      const t0 = performance.now();
      const r = it.next();
      row.ms! += performance.now() - t0;
      return r;
    };
    const counted = (r: IteratorResult<O>): IteratorResult<O> => {
      if (r.done !== true) this.#count(r.value);
      return r;
    };
    if (typeof (it as AsyncIterableIterator<O>)[Symbol.asyncIterator] === 'function') {
      return {
        next: () => (timedNext() as Promise<IteratorResult<O>>).then(counted),
        [Symbol.asyncIterator]() {
          return this;
        },
      } as AsyncIterableIterator<O>;
    }
    return { next: () => counted(timedNext() as IteratorResult<O>) };
  }
}
