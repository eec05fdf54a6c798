import { inspect } from 'node:util';
import { type ASYNC, fnName, isThenable, SKIP } from '../lib/core/op.js';
import type { Stage } from '../lib/core/types.js';
import type { ItemContext } from '../lib/core/user-fn.js';
import { UserFnOp, userStage, userStageOptions, type UserStageOptions } from '../lib/core/user-stage.js';
import { validateFunction, validateInteger } from '../lib/core/validate.js';

class TapOp<T> extends UserFnOp<T, T, unknown> {
  readonly expands = false;

  step(item: T, index: number): T | typeof SKIP | typeof ASYNC {
    let r: unknown;
    try {
      r = this.fn(item, this.context(index));
    } catch (err) {
      return this.call.thrown(this, err, item, index, SKIP, () => item);
    }
    return isThenable(r) ? this.call.later(this, r, item, index, SKIP, () => item) : item;
  }
}

/**
 * Options of the labelled form of {@link tap}.
 *
 * @example
 * ```ts
 * await pipe(src, transforms.tap('row', { n: 3, log: (line) => logger.debug(line) } satisfies TapLogOptions), sinks.count());
 * ```
 */
export interface TapLogOptions {
  /** How many items to log. Default 5. */
  n?: number;
  /** Where lines go. Default stderr. */
  log?: (line: string) => void;
}

/**
 * Calls `fn` on each item for its side effect and passes the item on unchanged: the way to
 * look inside a long pipe (toolz `do`). `fn` gets `(item, { index, signal })`; a promise it
 * returns is awaited before the item goes on; the options are those of `map`. With a label
 * instead of a function, it logs the first `n` items (default 5) to stderr as
 * `label[i]: item`, one line each.
 *
 * @example
 * ```ts
 * await pipe(src, transforms.tap((x, { index }) => { if (index < 3) console.error('parsed', x); }), sinks.count());
 * await pipe(src, transforms.map(parse), transforms.tap('parsed', { n: 3 }), sinks.count());
 * ```
 */
export function tap<T>(fn: (item: T, context: ItemContext) => unknown, options?: UserStageOptions<T>): Stage<T, T>;
export function tap<T>(label: string, options?: TapLogOptions): Stage<T, T>;
export function tap<T>(fnOrLabel: string | ((item: T, context: ItemContext) => unknown), options?: TapLogOptions | UserStageOptions<T>): Stage<T, T> {
  if (typeof fnOrLabel === 'string') {
    const opts = { ...(options as TapLogOptions | undefined) };
    const n = opts.n ?? 5;
    validateInteger(n, 'n', 0);
    const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
    const label = fnOrLabel;
    const logItem = (item: T, { index }: ItemContext): void => {
      if (index < n) log(`${label}[${index}]: ${inspect(item, { breakLength: Infinity, maxArrayLength: 20, maxStringLength: 200 })}`);
    };
    const checked = userStageOptions<T>(undefined, 'transforms.tap()');
    return userStage(new TapOp<T>(`tap(${label})`, logItem, checked), checked, (item) => item, true);
  }
  validateFunction(fnOrLabel, 'fn');
  const opts = userStageOptions(options as UserStageOptions<T> | undefined, 'transforms.tap()');
  return userStage(new TapOp(`tap(${fnName(fnOrLabel)})`, fnOrLabel, opts), opts, (item) => item, true);
}
