/**
 * The `memory` and `tmpdir` options of the stages that spill: a budget in bytes (a number, or
 * a string with a binary unit as GNU `sort -S` takes it: `'64KB'`, `'32MB'`, `'1.5GB'`) and
 * the folder under which temporary files go.
 */
import { tmpdir as osTmpdir } from 'node:os';
import { codes } from '../core/errors.js';
import { received, validateString } from '../core/validate.js';

/** The smallest budget accepted: below it a run would hold too few items to be worth a file. */
export const MIN_MEMORY = 16 * 1024;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** A memory budget: a number of bytes, or a string such as `'32MB'` (units are powers of 1024). */
export type MemoryOption = number | string;

/** The options every spilling stage takes. */
export interface SpillOptions {
  /** Budget in bytes (or `'32MB'`...); past it, state goes to temporary files. */
  memory?: MemoryOption | undefined;
  /** Folder for temporary files. Default `os.tmpdir()`. */
  tmpdir?: string | undefined;
}

function rangeError(message: string): RangeError {
  return Object.assign(new RangeError(message), { code: codes.OUT_OF_RANGE });
}

/**
 * The budget in bytes, or throws a TypeError or RangeError naming the option.
 *
 * @example
 * ```ts
 * parseMemory('32MB'); // 33554432
 * parseMemory(65536);  // 65536
 * ```
 */
export function parseMemory(value: unknown, name = 'memory'): number {
  let bytes: number;
  if (typeof value === 'number') {
    bytes = value;
  } else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(value);
    if (m === null) {
      const err = new TypeError(`The "${name}" option must be a number of bytes or a size such as '64KB' or '32MB'. ${received(value)}`);
      throw Object.assign(err, { code: codes.INVALID_ARG_VALUE });
    }
    bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  } else {
    const err = new TypeError(`The "${name}" option must be a number of bytes or a size such as '32MB'. ${received(value)}`);
    throw Object.assign(err, { code: codes.INVALID_ARG_TYPE });
  }
  if (!Number.isFinite(bytes) || bytes < MIN_MEMORY || bytes > Number.MAX_SAFE_INTEGER) {
    throw rangeError(`The "${name}" option must be at least ${MIN_MEMORY} bytes (16KB). Received ${JSON.stringify(value)}`);
  }
  return Math.floor(bytes);
}

/** What a spilling stage needs to know: its budget and where its files go. */
export interface SpillConfig {
  memory: number;
  tmpdir: string;
}

/**
 * Checks `{ memory, tmpdir }` of a stage's (already copied) options; `undefined` when the stage
 * has no budget and works in memory.
 *
 * @example
 * ```ts
 * spillConfig({ memory: '64KB' }); // { memory: 65536, tmpdir: os.tmpdir() }
 * ```
 */
export function spillConfig(options: SpillOptions): SpillConfig | undefined {
  if (options.tmpdir !== undefined) validateString(options.tmpdir, 'tmpdir');
  if (options.memory === undefined) return undefined;
  return { memory: parseMemory(options.memory), tmpdir: options.tmpdir ?? osTmpdir() };
}
