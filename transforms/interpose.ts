import type { Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import { codes } from '../lib/core/errors.js';
import type { Stage } from '../lib/core/types.js';
import { received } from '../lib/core/validate.js';
import { FewIterator } from './few-iterator.js';

class InterposeOp<T, S> implements Op<T, T | S> {
  readonly name = 'interpose';
  readonly expands = true;
  done = false;
  readonly #sep: S;
  readonly #out = new FewIterator<T | S>();
  #started = false;

  constructor(sep: S) {
    this.#sep = sep;
  }

  step(item: T): Iterator<T | S> {
    if (this.#started) return this.#out.set(this.#sep, item);
    this.#started = true;
    return this.#out.set(item);
  }
}

/**
 * `sep` between every two items (toolz `interpose`): `a, sep, b, sep, c`. An empty input
 * gives nothing (toolz 0.12 raises StopIteration there). `sep` cannot be `null`, which
 * would end a Node stream.
 *
 * @example
 * ```ts
 * await pipe(['a', 'b', 'c'], transforms.interpose(','), sinks.collect()); // ['a', ',', 'b', ',', 'c']
 * ```
 */
export function interpose<T, S = T>(sep: S): Stage<T, T | S> {
  if (sep === null) {
    const err = new TypeError(`The "sep" argument must not be null (null ends a Node stream). ${received(sep)}`);
    throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
  }
  return opStage(new InterposeOp<T, S>(sep));
}
