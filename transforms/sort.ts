import { addAbortSignal } from 'node:stream';
import { tmpdir } from 'node:os';
import { fnName } from '../lib/core/op.js';
import type { Stage } from '../lib/core/types.js';
import { copyOptions, validateFunction, validateInteger, validateSignal } from '../lib/core/validate.js';
import { END, ExternalSort } from '../lib/spill/external-sort.js';
import { spillConfig, type SpillOptions } from '../lib/spill/memory-option.js';
import type { Merge } from '../lib/spill/run-merge.js';
import { keyFunction, type KeyOption } from '../sinks/key-option.js';
import { DONE, DrainStage, type DrainKernel } from './drain-stage.js';

/**
 * Options of {@link sort}.
 *
 * @example
 * ```ts
 * const options: SortOptions<Event> = { key: (e) => [e.user, e.time], memory: '256MB', tmpdir: '/var/tmp' };
 * ```
 */
export interface SortOptions<T> extends SpillOptions {
  /** The sort key of an item: a function or a property name. Default: the item itself. */
  key?: KeyOption<T, unknown> | undefined;
  /** Compares two keys (or items): negative, zero or positive. Default: see `lib/spill/compare.ts`. */
  compare?: ((a: any, b: any) => number) | undefined;
  /** Aborts: the output is destroyed with an `AbortError` and the temporary files removed. */
  signal?: AbortSignal | undefined;
  /** Readable and writable highWaterMark, in items. Default 16. */
  highWaterMark?: number | undefined;
}

/** The external sort as a stage's kernel: every item is held, and comes out sorted at the end. */
function sortKernel<T>(sorter: ExternalSort<T>): DrainKernel<T, T> {
  let merge: Merge<T> | undefined;
  return {
    get stats() {
      return sorter.stats;
    },
    take(item) {
      sorter.add(item);
      return false;
    },
    end() {
      merge = sorter.finish();
    },
    next() {
      const item = merge!.read();
      return item === END ? DONE : item;
    },
    close: () => sorter.close(),
  };
}

/**
 * Emits its input sorted, once the input has ended. By default numbers go by value (NaN
 * first), strings by code point (the byte order of `LC_ALL=C sort`), arrays element by
 * element; `key` picks what to sort by (a function or a property name) and `compare` how
 * two keys compare. Stable: equal keys keep their input order.
 *
 * With `memory` (bytes, or `'32MB'`), at most that much is held: each full buffer is sorted
 * and written as a run to a temporary folder under `tmpdir` (default `os.tmpdir()`), and the
 * runs are merged k ways at the end. Numbers are sorted by radix as doubles, other items go
 * to disk as JSON (so they must be JSON-able: plain objects, arrays, strings, finite
 * numbers...; the items that come out are equal copies). The temporary files are removed
 * at the end, on an error and on abort. Without `memory` the whole input is held in memory.
 * See docs/memory.md.
 *
 * @example
 * ```ts
 * await pipe([3, 1, 2], transforms.sort(), sinks.collect()); // [1, 2, 3]
 * await pipe(sources.json('events.ndjson'), transforms.sort({ key: 'time', memory: '256MB' }), sinks.writeNdjson('sorted.ndjson'));
 * ```
 */
export function sort<T>(options?: SortOptions<T>): Stage<T, T> {
  const opts = copyOptions(options);
  const key = opts.key === undefined ? undefined : keyFunction(opts.key, 'key');
  if (opts.compare !== undefined) validateFunction(opts.compare, 'compare');
  validateSignal(opts.signal);
  if (opts.highWaterMark !== undefined) validateInteger(opts.highWaterMark, 'highWaterMark', 1);
  const config = spillConfig(opts);
  const parts = [key?.label, opts.compare === undefined ? undefined : `compare=${fnName(opts.compare)}`, config && `memory=${config.memory}`];
  const name = `sort(${parts.filter((p) => p !== undefined).join(', ')})`;
  const sorter = new ExternalSort<T>(config ?? { memory: Infinity, tmpdir: tmpdir() }, { key: key?.fn, compare: opts.compare });
  const stage = new DrainStage<T, T>(name, sortKernel(sorter), { objectMode: true, highWaterMark: opts.highWaterMark ?? 16 });
  if (opts.signal !== undefined) addAbortSignal(opts.signal, stage);
  return stage as unknown as Stage<T, T>;
}
