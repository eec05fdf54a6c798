/**
 * The WebAssembly kernel of the JSON field scanner (`wasm/json-fields.c`): it checks NDJSON
 * lines, or one record, as JSON.parse would and says where the wanted top-level fields are,
 * so that only their values are built here. Used where WebAssembly SIMD is available (Node
 * 16.4 and later); elsewhere `JsonFieldScanner` walks the bytes in JavaScript, with the same
 * results. Knows nothing of streams.
 */
import type { FieldKey, FieldNode } from './field-paths.js';
import { setField } from './project-value.js';
import { JSON_FIELDS_WASM } from './wasm/json-fields-bytes.js';

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

/** The longest region given to the kernel at once; longer records are walked in JavaScript. */
export const MAX_REGION = 8 << 20;

interface KernelExports {
  memory: { buffer: ArrayBuffer };
  line_tape(): number;
  ent_tape(): number;
  num_tape(): number;
  key_table(): number;
  key_lengths(): number;
  max_keys(): number;
  key_bytes(): number;
  set_keys(n: number): void;
  reserve(capacity: number): number;
  begin(length: number, lines: number): void;
  next(): number;
}

/** What this module uses of the WebAssembly global (not in the ES2023 and Node typings). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** Node's direct decoders skip `toString`'s argument handling. */
interface SliceBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** Builds a wanted object value from its bytes (the JavaScript walk, for nested fields). */
export type ObjectProjector = (buf: Buffer, start: number, node: FieldNode) => Record<string, unknown>;

/**
 * The one instance of the kernel in this thread, shared by every scanner: a scan runs from
 * `begin` to its last `next` without a pause, so scanners only take turns, each loading its
 * names first. One instance rather than one per scanner: making one costs a fraction of a
 * millisecond and a memory of its own.
 */
class Instance {
  readonly exports: KernelExports;
  /** The kernel whose names are loaded. */
  owner: JsonKernel | undefined;
  #buffer: ArrayBuffer | undefined;
  mem!: SliceBuffer;
  lines!: Int32Array;
  ents!: Int32Array;
  nums!: Float64Array;
  capacity = 0;
  base = 0;

  constructor(exports: KernelExports) {
    this.exports = exports;
    this.reserve(1 << 16);
  }

  /** Room for regions of `length` bytes. */
  reserve(length: number): void {
    if (length <= this.capacity) return;
    const capacity = Math.min(MAX_REGION, Math.max(length, 2 * this.capacity));
    const base = this.exports.reserve(capacity);
    if (base === 0) throw new RangeError(`the JSON kernel could not grow its memory to ${capacity} bytes`);
    this.base = base;
    this.capacity = capacity;
    this.views();
  }

  /** Views of the memory, made again when it has grown. */
  views(): void {
    const exports = this.exports;
    const buffer = exports.memory.buffer;
    if (buffer === this.#buffer) return;
    this.#buffer = buffer;
    this.mem = Buffer.from(buffer) as SliceBuffer;
    // The tapes' sizes are LINES_CAP and ENTS_CAP of json-fields.c.
    this.lines = new Int32Array(buffer, exports.line_tape(), 2 * 4096);
    this.ents = new Int32Array(buffer, exports.ent_tape(), 3 * 8192);
    this.nums = new Float64Array(buffer, exports.num_tape(), 8192);
  }

  /** Loads the names of `kernel`'s top-level keys. */
  load(kernel: JsonKernel, keys: readonly FieldKey[]): void {
    const exports = this.exports;
    const lengths = new Uint32Array(exports.memory.buffer, exports.key_lengths(), keys.length);
    let at = exports.key_table();
    keys.forEach((key, k) => {
      lengths[k] = key.size;
      this.mem.set(key.bytes, at);
      at += key.size;
    });
    exports.set_keys(keys.length);
    this.owner = kernel;
  }
}

let shared: Instance | null | undefined;
let enabled = true;

/** The instance of this thread, or null where WebAssembly SIMD is not available. */
function instance(): Instance | null {
  if (shared === undefined) {
    shared = null;
    const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    try {
      const bytes = Buffer.from(JSON_FIELDS_WASM, 'base64');
      if (wasm?.validate(bytes)) shared = new Instance(new wasm.Instance(new wasm.Module(bytes), {}).exports as KernelExports);
    } catch {
      // No WebAssembly (or one without SIMD, or a policy forbidding it): the JavaScript walk.
    }
  }
  return shared;
}

/**
 * Turns the kernel off (or on again) for the scanners made after the call: the tests run
 * both walks on the same records. Not part of the public API.
 *
 * @example
 * ```ts
 * useJsonKernel(false); // new scanners walk the bytes in JavaScript
 * ```
 */
export function useJsonKernel(on: boolean): void {
  enabled = on;
}

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
    const shared = enabled ? instance() : null;
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
