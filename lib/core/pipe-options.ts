/**
 * The names of `pipe()`'s options, for its unknown-option check. Apart from `validate.ts`,
 * which the numeric kernels import and which must not reach the stream types.
 */
import type { PipeOptions } from './types.js';
import type { OptionNames } from './validate.js';

/**
 * Every key of {@link PipeOptions}, checked against it by the compiler.
 *
 * @example
 * ```ts
 * checkOptionNames(options, PIPE_OPTIONS, 'pipe()');
 * ```
 */
export const PIPE_OPTIONS: OptionNames<PipeOptions> = { signal: true, stats: true, sample: true };
