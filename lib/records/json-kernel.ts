/**
 * The WebAssembly kernel of the JSON field scanner (`wasm/json-fields.c`): it checks NDJSON
 * lines, or one record, as JSON.parse would and says where the wanted top-level fields are,
 * so that only their values are built here. Used where WebAssembly SIMD is available (Node
 * 16.4 and later); elsewhere `JsonFieldScanner` walks the bytes in JavaScript, with the same
 * results. Knows nothing of streams.
 */
import type { FieldKey, FieldNode } from './field-paths.js';
import { type Instance, instance } from './json-kernel-instance.js';
import { setField } from './project-value.js';

/** Line codes of the kernel's line tape (a code >= 0 is the line's number of fields). */
export const LINE_BLANK = -1;
export const LINE_SLOW = -2;

/** Kinds of a value in the entry tape: see json-fields.c. */
const ASCII = 1;
const UTF8 = 2;
const NUMBER = 4;
const NUMBER_TEXT = 5;
const TRUE = 6;
const FALSE = 7;
const NULL = 8;
const OBJECT = 9;
const INT = 11;

/** Builds a wanted object value from its bytes (the JavaScript walk, for nested fields). */
export type ObjectProjector = (buf: Buffer, start: number, node: FieldNode) => Record<string, unknown>;

/**
 * A name the kernel can compare as bytes: no lone surrogate (UTF-8 cannot hold one) and no
 * U+FFFD, which the decoder also makes of bytes that are not UTF-8.
 */
const comparable = (name: string): boolean => Buffer.from(name).toString() === name && !name.includes('\ufffd');

/**
 * A constructor of plain objects (their prototype is Object.prototype, as a literal's), one
 * per kernel: V8 sizes the objects a constructor makes to the fields they get (slack
 * tracking), where `{}` always reserves room for four. With one field a record takes 32
 * bytes instead of 56, and the young generation fills half as fast.
 */
function recordClass(): new () => Record<string, unknown> {
  const Record = function (this: object) {} as unknown as new () => Record<string, unknown>;
  Record.prototype = Object.prototype;
  return Record;
}

/**
 * The kernel for one set of fields: regions go into the shared instance's memory, and the
 * records are built from the tapes it writes.
 *
 * @example
 * ```ts
 * const kernel = JsonKernel.create(compileFields(['status']), projectObjectAt);
 * if (kernel) {
 *   const bytes = Buffer.from('{"status":200}\n{"status":404}\n');
 *   bytes.copy(kernel.region(bytes.length), kernel.base);
 *   kernel.begin(bytes.length, true);
 *   kernel.next(); // 2 lines; kernel.build(0, kernel.lines[1]) is { status: 200 }
 * }
 * ```
 */
export class JsonKernel {
  readonly #instance: Instance;
  readonly #keys: readonly FieldKey[];
  readonly #projectObject: ObjectProjector;
  /** Regions scanned so far: how a test sees that the kernel was used. */
  regions = 0;
  /** Makes the records: plain objects, see {@link recordClass}. */
  readonly #Record = recordClass();

  private constructor(instance: Instance, keys: readonly FieldKey[], projectObject: ObjectProjector) {
    this.#instance = instance;
    this.#keys = keys;
    this.#projectObject = projectObject;
  }

  /**
   * A kernel for `fields`, or undefined where WebAssembly SIMD is missing, the kernel is
   * turned off, or a top-level name is one it cannot compare (see {@link comparable}).
   */
  static create(fields: FieldNode, projectObject: ObjectProjector): JsonKernel | undefined {
    const shared = instance();
    if (shared === null) return undefined;
    const keys = fields.keys;
    const bytes = keys.reduce((n, k) => n + k.size, 0);
    if (keys.length > shared.exports.max_keys() || bytes > shared.exports.key_bytes() || !keys.every((k) => comparable(k.name))) return undefined;
    return new JsonKernel(shared, keys, projectObject);
  }

  /** Where regions start in the memory. */
  get base(): number {
    return this.#instance.base;
  }

  /** Per line of the last {@link next}: its end (relative to {@link base}) and its code. */
  get lines(): Int32Array {
    return this.#instance.lines;
  }

  /** Makes room for a region of `length` bytes (at most {@link MAX_REGION}); returns the memory to copy it into, at {@link base}. */
  region(length: number): Buffer {
    this.#instance.reserve(length);
    return this.#instance.mem;
  }

  /** Starts on the region of `length` bytes at {@link base}: NDJSON lines, or one record. */
  begin(length: number, lines: boolean): void {
    const instance = this.#instance;
    if (instance.owner !== this) instance.load(this, this.#keys);
    this.regions++;
    instance.exports.begin(length, lines ? 1 : 0);
  }

  /** Scans the next lines of the region into {@link lines}; returns how many (0 when done). */
  next(): number {
    return this.#instance.exports.next();
  }

  /** The record of `count` entries from entry `first` of the last {@link next}. */
  build(first: number, count: number): Record<string, unknown> {
    const out = new this.#Record();
    const { mem, ents, nums, base } = this.#instance;
    for (let e = first; e < first + count; e++) {
      const head = ents[3 * e] as number;
      const key = this.#keys[head & 255] as FieldKey;
      const start = base + (ents[3 * e + 1] as number);
      const end = base + (ents[3 * e + 2] as number);
      let value: unknown;
      switch (head >> 8) {
        case INT:
          value = ents[3 * e + 2];
          break;
        case ASCII:
          value = mem.latin1Slice(start, end);
          break;
        case UTF8:
          value = mem.utf8Slice(start, end);
          break;
        case NUMBER:
          value = nums[e];
          break;
        case NUMBER_TEXT:
          value = Number(mem.latin1Slice(start, end));
          break;
        case TRUE:
          value = true;
          break;
        case FALSE:
          value = false;
          break;
        case NULL:
          value = null;
          break;
        case OBJECT:
          value = key.child === undefined ? JSON.parse(mem.utf8Slice(start, end)) : this.#projectObject(mem, start, key.child);
          break;
        default:
          // A string with escapes (3), or an array: JSON.parse builds it.
          value = JSON.parse(mem.utf8Slice(start, end));
      }
      // A store of its own rather than setField's: with a few names it stays a fast one.
      if (key.name === '__proto__') setField(out, key.name, value);
      else out[key.name] = value;
    }
    return out;
  }
}
