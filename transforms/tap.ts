import { inspect } from 'node:util';
import { fnName, type Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { validateFunction, validateInteger } from '../lib/core/validate.js';

class TapOp<T> implements Op<T, T> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #fn: (item: T, index: number) => unknown;

  constructor(name: string, fn: (item: T, index: number) => unknown) {
    this.name = name;
    this.#fn = fn;
  }

  step(item: T, index: number): T {
    this.#fn(item, index);
    return item;
  }
}

/** Options of the labelled form of {@link tap}. */
export interface TapLogOptions {
  /** How many items to log. Default 5. */
  n?: number;
  /** Where lines go. Default stderr. */
  log?: (line: string) => void;
}

/**
 * Calls `fn` on each item for its side effect and passes the item on unchanged: the way to
 * look inside a long pipe (toolz `do`). With a label instead of a function, it logs the first
 * `n` items (default 5) to stderr as `label[i]: item`, one line each.
 *
 * @example
 * ```ts
 * await pipe(src, transforms.tap((x, i) => { if (i < 3) console.error('parsed', x); }), sinks.count());
 * await pipe(src, transforms.map(parse), transforms.tap('parsed', { n: 3 }), sinks.count());
 * ```
 */
export function tap<T>(fn: (item: T, index: number) => unknown): Stage<T, T>;
export function tap<T>(label: string, options?: TapLogOptions): Stage<T, T>;
export function tap<T>(fnOrLabel: string | ((item: T, index: number) => unknown), options?: TapLogOptions): Stage<T, T> {
  if (typeof fnOrLabel === 'string') {
    const opts = { ...options };
    const n = opts.n ?? 5;
    validateInteger(n, 'n', 0);
    const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
    const label = fnOrLabel;
    return opStage(
      new TapOp<T>(`tap(${label})`, (item, i) => {
        if (i < n) log(`${label}[${i}]: ${inspect(item, { breakLength: Infinity, maxArrayLength: 20, maxStringLength: 200 })}`);
      }),
    );
  }
  validateFunction(fnOrLabel, 'fn');
  return opStage(new TapOp(`tap(${fnName(fnOrLabel)})`, fnOrLabel));
}
