/**
 * Sink states as they travel between threads and machines: JS values turned into JSON that
 * says what each value was (a Map key 3 stays the number 3, `NaN` stays `NaN`), inside a
 * tagged frame (`codec.ts`). The bytes read back may come from Redis, so they are untrusted:
 * decoding parses JSON (never `eval`, never `v8.deserialize`, which can rebuild any host
 * object), checks every tag, and bounds the size and the nesting depth.
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { FrameReader, FrameWriter } from '../parallel/codec.js';

/** The most nesting a decoded value may have: deeper is refused before it can exhaust the stack. */
const MAX_DEPTH = 256;
/** The largest encoded state accepted (bytes): above Redis' largest string (512 MiB). */
const MAX_BYTES = 512 * 1024 * 1024;

type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

const bad = (what: string, problem: string): StreamtoolzError => new StreamtoolzError(codes.BAD_RECORD, `encoded ${what} state: ${problem}`);

/** `value` as JSON-safe data; throws a TypeError naming what cannot travel (a function, a class instance...). */
export function toWire(value: unknown, depth = 0): Wire {
  if (depth > MAX_DEPTH) throw new TypeError(`a value nested deeper than ${MAX_DEPTH} levels cannot be sent between threads or machines`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { $: 'num', v: Object.is(value, -0) ? '-0' : String(value) };
    case 'bigint':
      return { $: 'big', v: value.toString() };
    case 'undefined':
      return { $: 'undef' };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v) => toWire(v, depth + 1));
      if (value instanceof Map) return { $: 'map', v: [...value].map(([k, v]) => [toWire(k, depth + 1), toWire(v, depth + 1)]) };
      if (value instanceof Set) return { $: 'set', v: [...value].map((v) => toWire(v, depth + 1)) };
      if (value instanceof Date) return { $: 'date', v: value.getTime() };
      if (value instanceof Float64Array) return { $: 'f64', v: [...value].map((v) => toWire(v)) };
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(
          `a ${proto?.constructor?.name ?? 'class'} instance cannot be sent between threads or machines: use plain objects, arrays, Maps and primitives`,
        );
      }
      const out: { [key: string]: Wire } = {};
      for (const [k, v] of Object.entries(value)) out[k] = toWire(v, depth + 1);
      // A user's object with a '$' key must not be read back as one of our tags.
      return '$' in out ? { $: 'obj', v: out } : out;
    }
    default:
      throw new TypeError(`a ${typeof value} cannot be sent between threads or machines`);
  }
}

/** The value `toWire` made of it; throws a BAD_RECORD error naming `what` for anything else. */
export function fromWire(w: unknown, what: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw bad(what, `nested deeper than ${MAX_DEPTH} levels`);
  if (w === null || typeof w === 'string' || typeof w === 'boolean' || typeof w === 'number') return w;
  if (Array.isArray(w)) return w.map((v) => fromWire(v, what, depth + 1));
  if (typeof w !== 'object') throw bad(what, `unexpected ${typeof w}`);
  const o = w as Record<string, unknown>;
  if (!('$' in o)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      // Own data properties only: '__proto__' from JSON.parse is an own key, and assigning it would set the prototype.
      Object.defineProperty(out, k, { value: fromWire(v, what, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const v = o.v;
  switch (o.$) {
    case 'num':
      if (v !== 'NaN' && v !== 'Infinity' && v !== '-Infinity' && v !== '0' && v !== '-0') throw bad(what, `bad number ${JSON.stringify(v)?.slice(0, 40)}`);
      return Number(v);
    case 'big':
      if (typeof v !== 'string' || !/^-?\d{1,10000}$/.test(v)) throw bad(what, 'bad bigint');
      return BigInt(v);
    case 'undef':
      return undefined;
    case 'map':
      if (!Array.isArray(v) || !v.every((e) => Array.isArray(e) && e.length === 2)) throw bad(what, 'bad Map entries');
      return new Map((v as [unknown, unknown][]).map(([k, x]) => [fromWire(k, what, depth + 1), fromWire(x, what, depth + 1)]));
    case 'set':
      if (!Array.isArray(v)) throw bad(what, 'bad Set');
      return new Set(v.map((x) => fromWire(x, what, depth + 1)));
    case 'date':
      if (typeof v !== 'number') throw bad(what, 'bad Date');
      return new Date(v);
    case 'f64':
      if (!Array.isArray(v)) throw bad(what, 'bad Float64Array');
      return Float64Array.from(v.map((x) => fromWire(x, what, depth + 1) as number));
    case 'obj': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(what, 'bad object');
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v))
        Object.defineProperty(out, k, { value: fromWire(x, what, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    default:
      throw bad(what, `unknown value tag ${JSON.stringify(o.$)?.slice(0, 40)}`);
  }
}

/**
 * A state as a frame: `tag` (4 ASCII characters) and version, then the state's wire JSON.
 *
 * @example
 * ```ts
 * const bytes = encodeWire('CNTB', new Map([['a', 1]]));
 * decodeWire(bytes, 'CNTB', 'countBy'); // Map { 'a' => 1 }
 * ```
 */
export function encodeWire(tag: string, value: unknown): Uint8Array {
  const json = Buffer.from(JSON.stringify(toWire(value)), 'utf8');
  return new FrameWriter(tag, 1).u32(json.length).bytes(json).finish();
}

/** The value of an {@link encodeWire} frame; `what` names the state in errors. */
export function decodeWire(bytes: Uint8Array, tag: string, what: string): unknown {
  if (!(bytes instanceof Uint8Array)) throw bad(what, 'not bytes');
  if (bytes.length > MAX_BYTES) throw bad(what, `${bytes.length} bytes is more than the ${MAX_BYTES} accepted`);
  const r = new FrameReader(bytes, tag, 1);
  const n = r.u32();
  const json = r.bytes(n);
  r.end();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
  } catch (err) {
    throw bad(what, `not JSON (${(err as Error).message.slice(0, 80)})`);
  }
  return fromWire(parsed, what);
}
