/**
 * What spilling an item costs, and whether it can be spilled: items go to disk as JSON, so an
 * item must come back equal. `jsonSize` walks an item once, estimating the heap bytes it holds
 * (what the budget counts) and throwing a TypeError for what JSON would change silently:
 * NaN and ±Infinity (JSON writes null), undefined in arrays, functions, symbols, bigints, and
 * objects that are not plain objects or arrays (a Date comes back a string, a Map an empty
 * object, a class instance loses its class). Properties whose value is undefined are
 * dropped, as JSON.stringify drops them, and -0 comes back 0.
 */
import { codes } from '../core/errors.js';

const MAX_DEPTH = 500;
const OBJECT_PROTO = Object.prototype;

/** Heap bytes of a string of `n` UTF-16 units: header and one byte a unit (most strings are one-byte). */
export const stringSize = (n: number): number => 24 + n;

const NOT_JSON = Symbol('not JSON');

function walk(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return stringSize(v.length);
    case 'number':
      if (v - v !== 0) throw NOT_JSON; // NaN and ±Infinity
      return 16;
    case 'boolean':
      return 8;
    case 'object': {
      if (v === null) return 8;
      if (depth > MAX_DEPTH) throw NOT_JSON;
      if (Array.isArray(v)) {
        let size = 32 + 8 * v.length;
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (x === undefined) throw NOT_JSON;
          size += walk(x, depth + 1);
        }
        return size;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== OBJECT_PROTO && proto !== null) throw NOT_JSON;
      let size = 48;
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        size += 16 + walk(x, depth + 1);
      }
      return size;
    }
    default:
      throw NOT_JSON;
  }
}

/** Where in `v` the first value JSON cannot carry is, and what it is. */
function findBad(v: unknown, path: string, depth: number): string | undefined {
  if (typeof v === 'number') return v - v !== 0 ? `${path || 'the item'} is ${v}` : undefined;
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return undefined;
  if (typeof v !== 'object')
    return `${path || 'the item'} is ${typeof v === 'function' ? 'a function' : typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`}`;
  if (depth > MAX_DEPTH) return `${path || 'the item'} is nested more than ${MAX_DEPTH} deep (or refers to itself)`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = findBad(v[i], `${path}[${i}]`, depth + 1);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== OBJECT_PROTO && proto !== null) return `${path || 'the item'} is a ${(v as object).constructor?.name ?? 'non-plain object'}`;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    const bad = findBad(x, `${path}.${k}`, depth + 1);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/**
 * The estimated heap bytes of a JSON-able value; throws a TypeError (code
 * `ERR_INVALID_ARG_VALUE`) naming the first part of it that JSON would not give back.
 *
 * @example
 * ```ts
 * jsonSize({ id: 1, name: 'x' }); // ~ 100
 * jsonSize({ when: new Date() }); // throws: .when is a Date
 * ```
 */
export function jsonSize(v: unknown): number {
  try {
    return walk(v, 0);
  } catch (err) {
    if (err !== NOT_JSON) throw err;
    const bad = findBad(v, '', 0) ?? 'the item';
    const e = new TypeError(`cannot spill it to disk as JSON: ${bad}; map items to plain objects, arrays, strings, finite numbers, booleans and null first`);
    throw Object.assign(e, { code: codes.INVALID_ARG_VALUE });
  }
}
