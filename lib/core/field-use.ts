/**
 * Projection pushdown: the stages say which fields of their input items they read, and
 * `pipe()` asks a source that can (a JSON source) to yield only those, so that the fields no
 * stage reads are never built. A stage says it with {@link FieldUse} under `kFields`:
 * `pluck`, `take`, `count`, `countBy` of a field name, and the user-function stages and
 * sinks given `{ fields }` (the fields their function reads). One stage that does not say
 * what it reads, or that keeps whole items (collect, groupBy, a reduceBy fold without init),
 * and nothing is pushed: the results never differ from the unprojected pipe's.
 */
import { codedError, codes } from './errors.js';
import { kFields, kOps } from './symbols.js';
import { received } from './validate.js';

/**
 * What a stage reads of its input items: the top-level fields or dotted paths, and whether
 * it passes the items themselves on (a filter), so that the stages after it read them too.
 *
 * @example
 * ```ts
 * const use: FieldUse = { reads: ['status'], passes: true }; // filter((r) => r.status >= 500, { fields: ['status'] })
 * ```
 */
export interface FieldUse {
  readonly reads: readonly string[];
  readonly passes: boolean;
}

/**
 * Checks the `fields` option of a user-function stage or sink: the fields (dotted paths for
 * nested ones, as `sources.json`'s `fields`) that its function reads of an item.
 *
 * @example
 * ```ts
 * fieldsOption(['status', 'req.path']); // ['status', 'req.path'] (a copy)
 * ```
 */
export function fieldsOption(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((f) => typeof f === 'string' && f !== '' && !f.split('.').includes(''))) {
    throw codedError(
      TypeError,
      codes.INVALID_ARG_VALUE,
      `The "fields" option must be an array of field names or dotted paths such as 'req.path'. ${received(value)}`,
    );
  }
  return Object.freeze([...(value as string[])]);
}

/**
 * Says on `target` (an op or a sink function) what it reads; nothing when `use` is undefined.
 *
 * @example
 * ```ts
 * declareFields(op, { reads: ['status'], passes: true });
 * ```
 */
export function declareFields<T extends object>(target: T, use: FieldUse | undefined): T {
  if (use !== undefined) Object.defineProperty(target, kFields, { value: Object.freeze({ reads: [...use.reads], passes: use.passes }) });
  return target;
}

/**
 * The field a property key names, as a path of the JSON source: a string without a dot or a
 * number; undefined for anything else (a symbol, `'a.b'`, which names a key holding a dot).
 *
 * @example
 * ```ts
 * keyField('status'); // 'status'
 * keyField(0);        // '0'
 * keyField('a.b');    // undefined
 * ```
 */
export function keyField(key: unknown): string | undefined {
  if (typeof key === 'number') return Number.isInteger(key) && key >= 0 ? String(key) : undefined;
  return typeof key === 'string' && key !== '' && !key.includes('.') ? key : undefined;
}

/**
 * The fields read by the stages after a source and by the sink, or undefined when one of them
 * may read anything (then nothing is pushed down).
 *
 * @example
 * ```ts
 * pushedFields([transforms.filter(isError, { fields: ['status'] })], sinks.countBy('path')); // ['status', 'path']
 * ```
 */
export function pushedFields(stages: readonly unknown[], sink: unknown): string[] | undefined {
  const reads = new Set<string>();
  for (const stage of stages) {
    const ops = (stage as { [kOps]?: readonly object[] } | null)?.[kOps];
    if (ops === undefined) return undefined;
    for (const op of ops) {
      const use = (op as { [kFields]?: FieldUse })[kFields];
      if (use === undefined) return undefined;
      for (const f of use.reads) reads.add(f);
      // What comes after reads what this stage made, not the source's records.
      if (!use.passes) return [...reads];
    }
  }
  const use = (sink as { [kFields]?: FieldUse } | null)?.[kFields];
  if (use === undefined) return undefined;
  for (const f of use.reads) reads.add(f);
  return [...reads];
}
