import { addAbortSignal } from 'node:stream';
import type { Stage } from '../lib/core/types.js';
import { copyOptions, validateBoolean, validateSignal } from '../lib/core/validate.js';
import { LineSort } from '../lib/spill/line-sort.js';
import { spillConfig, type SpillOptions } from '../lib/spill/memory-option.js';
import { DONE, DrainStage, type DrainKernel } from './drain-stage.js';

/**
 * Options of {@link sortLines}.
 *
 * @example
 * ```ts
 * const options: SortLinesOptions = { numeric: true, memory: '32MB' }; // sort -g -S 32M
 * ```
 */
export interface SortLinesOptions extends SpillOptions {
  /** Order lines by the number they start with, as `sort -g` does. Default false: byte order, as `LC_ALL=C sort`. */
  numeric?: boolean | undefined;
  /** Aborts: the stage is destroyed with an `AbortError` and the temporary files removed. */
  signal?: AbortSignal | undefined;
}

/** The line sort as a stage's kernel: chunks in, chunks of sorted lines out at the end. */
function linesKernel(sorter: LineSort): DrainKernel<Buffer, Buffer> {
  return {
    get stats() {
      return sorter.stats;
    },
    take(chunk) {
      sorter.write(chunk);
      return false;
    },
    end: () => sorter.end(),
    next: () => sorter.read() ?? DONE,
    close: () => sorter.close(),
  };
}

/**
 * Sorts lines of text as bytes, the way GNU `sort` does: bytes in (a file's chunks, from
 * `sources.openBytes` or any byte stream), the same lines out, sorted and each ending in a
 * newline. By default in byte order (`LC_ALL=C sort`); `numeric: true` orders by the number
 * each line starts with (`sort -g`: lines that do not start with a number first, then NaN,
 * then by value). Stable, like `sort -s`: equal keys keep their input order.
 *
 * The fast path for big files of lines: no string or object per line, keys sorted by radix.
 * With `memory` (bytes, or `'32MB'`) sorted runs go to a temporary folder under `tmpdir` and
 * are merged at the end; the files are removed at the end, on an error and on abort. For
 * items (objects, numbers, strings) use `transforms.sort`. See docs/memory.md.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * await pipe(sources.openBytes('numbers.txt'), transforms.sortLines({ numeric: true, memory: '32MB' }), createWriteStream('sorted.txt'));
 * ```
 */
export function sortLines(options?: SortLinesOptions): Stage<Buffer, Buffer> {
  const opts = copyOptions(options);
  if (opts.numeric !== undefined) validateBoolean(opts.numeric, 'numeric');
  validateSignal(opts.signal);
  const config = spillConfig(opts);
  const parts = [opts.numeric ? 'numeric' : undefined, config && `memory=${config.memory}`];
  const name = `sortLines(${parts.filter((p) => p !== undefined).join(', ')})`;
  const stage = new DrainStage(name, linesKernel(new LineSort(config, opts.numeric ? 'numeric' : 'bytes')), {
    readableHighWaterMark: 1 << 20,
    writableHighWaterMark: 1 << 20,
  });
  if (opts.signal !== undefined) addAbortSignal(opts.signal, stage);
  return stage as unknown as Stage<Buffer, Buffer>;
}
