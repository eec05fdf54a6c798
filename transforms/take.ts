import { opStage } from '../lib/core/op-stage.js';
import { TakeOp } from '../lib/core/take-op.js';
import type { Stage } from '../lib/core/types.js';
import { validateInteger } from '../lib/core/validate.js';

/**
 * The first `n` items (toolz `take`). Once they have passed, the stage ends its output and
 * `pipe()` stops reading the source: `take(10)` of a 10 GB file reads one chunk.
 *
 * @example
 * ```ts
 * await pipe(sources.lines('big.txt'), transforms.take(3), sinks.collect());
 * ```
 */
export function take<T>(n: number): Stage<T, T> {
  validateInteger(n, 'n', 0);
  return opStage(new TakeOp<T>(n));
}
