/**
 * Which stage an error of `pipe()` is blamed on. Every stream's 'error' and every error a
 * function stage or the sink throws is recorded with the stage it came from; the error the
 * user catches then names that stage (a StageError), keeps its own code, and is the first
 * real error of the run rather than the AbortError or premature close that Node reports for
 * a stream torn down because of it (a foreign Transform in between reports its teardown first).
 */
import { codes, isLocated, StageError } from './errors.js';
import { isThenable } from './op.js';

/** Where a stage stands, for errors. */
export interface StageInfo {
  name: string;
  position: number;
}

const isAbort = (err: unknown): boolean => err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
const isPrematureClose = (err: unknown): boolean => (err as { code?: string } | null)?.code === codes.PREMATURE_CLOSE;
/** An error that is not the teardown of a stream because of another. */
const isReal = (err: unknown): boolean => !isAbort(err) && !isPrematureClose(err);

/** A stream that closed before its end (reading) or its finish (writing). */
function unfinished(stream: object): boolean {
  const s = stream as { writableFinished?: boolean; readableEnded?: boolean; writable?: unknown; readable?: unknown };
  return ('writableFinished' in s && s.writableFinished === false) || ('readableEnded' in s && s.readableEnded === false);
}

/**
 * The record of one run's failures.
 *
 * @example
 * ```ts
 * const blame = new Blame();
 * blame.watch(stream, { name: 'map(parse)', position: 2 });
 * try { await pipeline(...parts); } catch (err) { throw blame.explain(err, signal?.aborted === true); }
 * ```
 */
export class Blame {
  readonly #origin = new WeakMap<object, StageInfo>();
  #first: unknown;
  #failed = false;
  #closedEarly: StageInfo | undefined;

  /** Notes that the stage at `info` raised `err`, unless an earlier stage already did. */
  record(err: unknown, info: StageInfo): void {
    if (typeof err === 'object' && err !== null && !this.#origin.has(err)) this.#origin.set(err, info);
    if (!this.#failed && isReal(err)) {
      this.#failed = true;
      this.#first = err;
    }
  }

  /**
   * Wraps a function stage or the sink so that what it throws, or its promise or async
   * iterator rejects with, is recorded as the error of the stage at `info`.
   *
   * @example
   * ```ts
   * parts.push(blame.wrap(stage, { name: 'store', position: 4 }));
   * ```
   */
  wrap<F extends (...args: never[]) => unknown>(fn: F, info: StageInfo): F {
    const mark = (err: unknown): never => {
      this.record(err, info);
      throw err;
    };
    return ((...args: Parameters<F>) => {
      let out: unknown;
      try {
        out = fn(...args);
      } catch (err) {
        mark(err);
      }
      if (isThenable(out)) return Promise.resolve(out).catch(mark);
      if (out != null && typeof (out as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
        return (async function* () {
          try {
            yield* out as AsyncIterable<unknown>;
          } catch (err) {
            mark(err);
          }
        })();
      }
      return out;
    }) as F;
  }

  /** Records the errors of `stream`, and whether it is the first to close before its end. */
  watch(stream: NodeJS.EventEmitter, info: StageInfo): void {
    stream.on('error', (err: unknown) => this.record(err, info));
    stream.once('close', () => {
      if (!this.#failed && this.#closedEarly === undefined && unfinished(stream)) this.#closedEarly = info;
    });
  }

  /**
   * The error to give the user for the run's error `err`: the first real error if `err` is
   * only a teardown (and the user did not abort), named after the stage it came from.
   */
  explain(err: unknown, aborted: boolean): unknown {
    const e = !aborted && !isReal(err) && this.#failed ? this.#first : err;
    if (typeof e !== 'object' || e === null) return e;
    if (isPrematureClose(e)) {
      // Not a user stage's fault: the stream that closed early, with Node's own code.
      const where = this.#closedEarly ?? this.#origin.get(e);
      if (where === undefined || e instanceof StageError) return e;
      return new StageError({ stage: where.name, position: where.position }, e, codes.PREMATURE_CLOSE);
    }
    if (isAbort(e)) return e;
    const info = this.#origin.get(e);
    if (e instanceof StageError) return info !== undefined ? e.setPosition(info.position) : e;
    if (isLocated(e) || info === undefined) return e;
    return new StageError({ stage: info.name, position: info.position }, e);
  }
}
