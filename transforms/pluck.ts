import { codes } from '../lib/core/errors.js';
import type { Op } from '../lib/core/op.js';
import { declareFields, keyField } from '../lib/core/field-use.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { checkOptionNames, type OptionNames, received } from '../lib/core/validate.js';

type Key = string | number | symbol;

/**
 * Options of {@link pluck}.
 *
 * @example
 * ```ts
 * await pipe([{ a: 1 }, {}], transforms.pluck('a', { default: 0 }), sinks.collect()); // [1, 0]
 * ```
 */
export interface PluckOptions<D> {
  /** Returned for an item that lacks the key. Without it, a missing key is an error. */
  default?: D;
}

class PluckOp<T, O> implements Op<T, O> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #keys: Key | readonly Key[];
  readonly #hasDefault: boolean;
  readonly #default: unknown;

  constructor(keys: Key | readonly Key[], options: PluckOptions<unknown>) {
    this.name = `pluck(${Array.isArray(keys) ? `[${keys.map(String).join(', ')}]` : String(keys)})`;
    this.#keys = keys;
    this.#hasDefault = 'default' in options;
    this.#default = options.default;
  }

  step(item: T): O {
    const keys = this.#keys;
    if (!Array.isArray(keys)) return this.#get(item, keys as Key) as O;
    return keys.map((k) => this.#get(item, k)) as O;
  }

  #get(item: unknown, key: Key): unknown {
    if (item !== null && typeof item === 'object' && key in item) return (item as Record<Key, unknown>)[key];
    if (this.#hasDefault) return this.#default;
    throw new Error(`missing key ${String(key)} in ${item === null ? 'null' : typeof item}`);
  }
}

const PLUCK_OPTIONS: OptionNames<PluckOptions<unknown>> = { default: true };

/**
 * Takes one field of each item, or a tuple of fields (toolz `pluck`). A missing field is an
 * error unless a `default` is given.
 *
 * @example
 * ```ts
 * await pipe([{ id: 'a', sequence: 'ACGT' }], transforms.pluck('sequence'), sinks.collect()); // ['ACGT']
 * await pipe([[1, 2, 3]], transforms.pluck([0, 2]), sinks.collect()); // [[1, 3]]
 * ```
 */
export function pluck<T, K extends keyof T>(key: K, options?: PluckOptions<T[K]>): Stage<T, T[K]>;
export function pluck<T, const K extends readonly (keyof T)[]>(keys: K, options?: PluckOptions<unknown>): Stage<T, { [P in keyof K]: T[K[P]] }>;
export function pluck<T>(keys: Key | readonly Key[], options?: PluckOptions<unknown>): Stage<T, unknown> {
  const opts = { ...checkOptionNames(options, PLUCK_OPTIONS, 'transforms.pluck()') };
  const ok = (k: unknown): boolean => typeof k === 'string' || typeof k === 'number' || typeof k === 'symbol';
  if (Array.isArray(keys) ? !keys.every(ok) : !ok(keys)) {
    throw Object.assign(new TypeError(`The "key" argument must be a string, number, symbol or an array of them. ${received(keys)}`), {
      code: codes.INVALID_ARG_TYPE,
    });
  }
  const fields = (Array.isArray(keys) ? keys : [keys]).map(keyField);
  const op = new PluckOp<T, unknown>(keys, opts);
  return opStage(fields.every((f) => f !== undefined) ? declareFields(op, { reads: fields as string[], passes: false }) : op);
}
