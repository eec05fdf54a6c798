/**
 * The one instance of the JSON kernel (`wasm/json-fields.c`) in this thread: the compiled
 * module, its memory and the views of its tapes. Where WebAssembly SIMD is missing there is
 * none, and the scanners walk the bytes in JavaScript. Knows nothing of streams.
 */
import type { FieldKey } from './field-paths.js';
import { JSON_FIELDS_WASM } from './wasm/json-fields-bytes.js';

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
export interface SliceBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * The one instance of the kernel in this thread, shared by every scanner: a scan runs from
 * `begin` to its last `next` without a pause, so scanners only take turns, each loading its
 * names first. One instance rather than one per scanner: making one costs a fraction of a
 * millisecond and a memory of its own.
 *
 * @example
 * ```ts
 * const kernel = instance(); // null without WebAssembly SIMD
 * kernel?.reserve(1 << 20); // then copy a region of up to 1 MiB to kernel.mem at kernel.base
 * ```
 */
export class Instance {
  readonly exports: KernelExports;
  /** The kernel whose names are loaded. */
  owner: object | undefined;
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
  load(kernel: object, keys: readonly FieldKey[]): void {
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

/**
 * The instance of this thread, or null where WebAssembly SIMD is not available (or the
 * kernel is turned off).
 *
 * @example
 * ```ts
 * if (instance() === null) console.log('the JavaScript walk');
 * ```
 */
export function instance(): Instance | null {
  if (!enabled) return null;
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
