/** The reducer branches of `sinks.all`, stepped in the reading loop. */
import { STOP, type Reducer, type ReducerFactory } from '../sink.js';
import { stageError } from '../stage-error.js';

/** Names a branch's error after the branch, unless it already says where it happened. */
export const branchError = (key: string, index: number | undefined, err: unknown): Error =>
  err instanceof Error && err.name === 'AbortError' ? err : stageError({ name: `all(${key})` }, index, err);

interface Live {
  key: string;
  reducer: Reducer<unknown, unknown>;
}

/** Steps every live reducer branch in the reading loop; reducers that stop are detached. */
export class Reducers {
  readonly #live: Live[];
  readonly all: { key: string; index: number; reducer: Reducer<unknown, unknown> }[];

  constructor(parts: { key: string; index: number; make: ReducerFactory<unknown, unknown> }[], signal: AbortSignal) {
    this.all = parts.map((p) => ({ key: p.key, index: p.index, reducer: p.make(signal) }));
    this.#live = this.all.slice();
  }

  get live(): number {
    return this.#live.length;
  }

  /** One item into every live branch; a promise when a branch's step returned one. */
  step(item: unknown, index: number, from = 0): void | Promise<void> {
    const live = this.#live;
    for (let i = from; i < live.length; i++) {
      const b = live[i]!;
      let r: unknown;
      try {
        r = b.reducer.step(item, index);
      } catch (err) {
        throw branchError(b.key, index, err);
      }
      if (r === STOP) live.splice(i--, 1);
      else if (r !== undefined) return this.#later(r as PromiseLike<unknown>, b, item, index);
    }
  }

  /** Waits for branch `b`'s step, then steps the branches after it. */
  async #later(r: PromiseLike<unknown>, b: Live, item: unknown, index: number): Promise<void> {
    let v: unknown;
    try {
      v = await r;
    } catch (err) {
      throw branchError(b.key, index, err);
    }
    let i = this.#live.indexOf(b);
    if (v === STOP) this.#live.splice(i--, 1);
    await this.step(item, index, i + 1);
  }

  /** Each branch's result, in order; errors name the branch. */
  async results(into: unknown[]): Promise<void> {
    for (const b of this.all) {
      try {
        into[b.index] = await b.reducer.result();
      } catch (err) {
        throw branchError(b.key, undefined, err);
      }
    }
  }
}
