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
