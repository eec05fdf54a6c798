/** The reducer branches of `sinks.all`, stepped in the reading loop. */
import { stageError } from '../chain.js';
import { STOP, type Reducer } from '../sink.js';

/** Names a branch's error after the branch, unless it already says where it happened. */
export const branchError = (key: string, index: number | undefined, err: unknown): Error =>
  err instanceof Error && err.name === 'AbortError' ? err : stageError({ name: `all(${key})` }, index, err);

/** Steps every live reducer branch in the reading loop; reducers that stop are detached. */
export class Reducers {
  readonly #live: { key: string; reducer: Reducer<unknown, unknown> }[];
  readonly all: { key: string; index: number; reducer: Reducer<unknown, unknown> }[];

  constructor(parts: { key: string; index: number; make: () => Reducer<unknown, unknown> }[]) {
    this.all = parts.map((p) => ({ key: p.key, index: p.index, reducer: p.make() }));
    this.#live = this.all.slice();
  }

  get live(): number {
    return this.#live.length;
  }

  /** One item into every live branch. */
  step(item: unknown, index: number): void {
    const live = this.#live;
    for (let i = 0; i < live.length; i++) {
      const b = live[i]!;
      let r: void | typeof STOP;
      try {
        r = b.reducer.step(item, index);
      } catch (err) {
        throw branchError(b.key, index, err);
      }
      if (r === STOP) live.splice(i--, 1);
    }
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
