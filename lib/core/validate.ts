/**
 * Option checks that throw at once, as Node's `validateInteger` does, with a message naming
 * the option and the value received:
 * `The "k" option must be an integer from 1 to 31. Received 40`.
 */
import { codes } from './errors.js';

/** A `TypeError` or `RangeError` carrying a Node-style `code`. */
function argError<E extends TypeError | RangeError>(Ctor: new (m: string) => E, code: string, message: string): E {
  const err = new Ctor(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true });
  return err;
}

/** How a received value is shown in an option error. */
export function received(value: unknown): string {
  if (value === undefined || value === null) return `Received ${value}`;
  if (typeof value === 'function') return `Received function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name ? `Received an instance of ${name}` : 'Received an object';
  }
  let shown = typeof value === 'string' ? `'${value}'` : String(value);
  if (shown.length > 40) shown = `${shown.slice(0, 37)}...`;
  return `Received type ${typeof value} (${shown})`;
}

function receivedNumber(value: unknown): string {
  return typeof value === 'number' ? `Received ${value}` : received(value);
}

/** `value` must be an integer in [min, max]. */
export function validateInteger(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? min === 0
          ? 'a non-negative integer'
          : min === 1
            ? 'a positive integer'
            : `an integer >= ${min}`
        : `an integer from ${min} to ${max}`;
    const Ctor = typeof value === 'number' ? RangeError : TypeError;
    const code = typeof value === 'number' ? codes.OUT_OF_RANGE : codes.INVALID_ARG_TYPE;
    throw argError(Ctor, code, `The "${name}" option must be ${range}. ${receivedNumber(value)}`);
  }
}

/** `value` must be a finite number in [min, max]. */
export function validateNumber(value: unknown, name: string, min = -Infinity, max = Infinity): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    const Ctor = typeof value === 'number' ? RangeError : TypeError;
    const code = typeof value === 'number' ? codes.OUT_OF_RANGE : codes.INVALID_ARG_TYPE;
    throw argError(Ctor, code, `The "${name}" option must be a number from ${min} to ${max}. ${receivedNumber(value)}`);
  }
}

/** `value` must be a function. */
export function validateFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw argError(TypeError, codes.INVALID_ARG_TYPE, `The "${name}" argument must be a function. ${received(value)}`);
  }
}

/** `value` must be one of `allowed`. */
export function validateOneOf<T>(value: unknown, name: string, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(', ');
    throw argError(TypeError, codes.INVALID_ARG_VALUE, `The "${name}" option must be one of ${list}. ${received(value)}`);
  }
}

/** `value` must be a boolean. */
export function validateBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw argError(TypeError, codes.INVALID_ARG_TYPE, `The "${name}" option must be a boolean. ${received(value)}`);
  }
}

/** `value` must be a string (non-empty unless `allowEmpty`). */
export function validateString(value: unknown, name: string, allowEmpty = false): asserts value is string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw argError(TypeError, codes.INVALID_ARG_TYPE, `The "${name}" option must be a${allowEmpty ? '' : ' non-empty'} string. ${received(value)}`);
  }
}

/** `value` must be undefined or an AbortSignal. */
export function validateSignal(value: unknown, name = 'signal'): asserts value is AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw argError(TypeError, codes.INVALID_ARG_TYPE, `The "${name}" option must be an AbortSignal. ${received(value)}`);
  }
}

/** Copies an options argument (never mutating the caller's object), rejecting non-objects. */
export function copyOptions<T extends object>(options: T | undefined, name = 'options'): Partial<T> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw argError(TypeError, codes.INVALID_ARG_TYPE, `The "${name}" argument must be an object. ${received(options)}`);
  }
  return { ...options };
}

/**
 * The option names a function accepts, as an object whose keys the compiler checks against
 * the options type: a name missing from it, or one the type does not have, is a compile
 * error, so the list cannot drift from the type.
 *
 * @example
 * ```ts
 * const BATCH_OPTIONS: OptionNames<BatchOptions> = { remainder: true, maxWait: true };
 * ```
 */
export type OptionNames<T> = { readonly [K in keyof Required<T> & string]: true };

/** More accepted names, listed in messages under one label (csv-parse's many options). */
export interface MoreOptionNames {
  names: Readonly<Record<string, true>>;
  label: string;
}

/**
 * Throws when `options` has a key that is not in `known`: a misspelt option is an error,
 * not silently ignored. The `TypeError` (code `ERR_STREAMTOOLZ_UNKNOWN_OPTION`) names the
 * option, the function, the closest known name and the known ones. Anything that is not a
 * plain options object is left to the other checks. Returns `options`.
 *
 * @example
 * ```ts
 * checkOptionNames({ stat: true }, PIPE_OPTIONS, 'pipe()');
 * // TypeError: Unknown option "stat" for pipe(); did you mean "stats"? Known options: "signal", "stats", "sample".
 * ```
 */
export function checkOptionNames<T>(options: T, known: Readonly<Record<string, true>>, where: string, more?: MoreOptionNames): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key) || (more !== undefined && Object.hasOwn(more.names, key))) continue;
    const names = Object.keys(known);
    const guess = closest(key, more === undefined ? names : [...names, ...Object.keys(more.names)]);
    const hint = guess === undefined ? '.' : `; did you mean "${guess}"?`;
    const list = names.map((n) => `"${n}"`).join(', ');
    const also = more === undefined ? '' : `, or ${more.label}`;
    const err = argError(TypeError, codes.UNKNOWN_OPTION, `Unknown option "${key}" for ${where}${hint} Known options: ${list}${also}.`);
    throw Object.assign(err, { option: key, known: names });
  }
  return options;
}

/** The known name nearest to `name` (ignoring case, `_` and `-`), if it is near enough to be a typo. */
function closest(name: string, names: readonly string[]): string | undefined {
  const fold = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
  const target = fold(name);
  // A typo is a few edits: one in short names, about a third of the letters in long ones.
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(target.length / 3)) + 1;
  for (const candidate of names) {
    const d = editDistance(target, fold(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(substitute, (previous[j] as number) + 1, (row[j - 1] as number) + 1));
    }
    previous = row;
  }
  return previous[b.length] as number;
}
