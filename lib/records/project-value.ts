/**
 * The projection of a value already parsed: what the byte scanner gives, computed from
 * `JSON.parse`'s result. Used where bytes are not scanned (the `values` and `path` formats)
 * and for the records the scanner hands back to `JSON.parse`. The rule, here and in the
 * scanner: an object keeps only the wanted keys it has; anything that is not an object
 * (an array, a string, a number, null) is kept whole, so that `r.a.b` reads the same on the
 * projection as on the whole record for every wanted path `a.b`. Knows nothing of streams.
 */
import type { ChunkParser } from '../io/chunk-parser.js';
import type { FieldNode } from './field-paths.js';

/**
 * Sets `target[name] = value` as `JSON.parse` would: an own data property even for
 * `__proto__`, where a plain assignment would change the prototype instead.
 */
export function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  else target[name] = value;
}

/**
 * The wanted fields of `value` (a non-object is returned as it is).
 *
 * @example
 * ```ts
 * projectValue({ a: 1, b: { c: 2, d: 3 } }, compileFields(['b.c'])); // { b: { c: 2 } }
 * projectValue([1, 2], compileFields(['a']));                         // [1, 2]
 * ```
 */
export function projectValue(value: unknown, node: FieldNode): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of node.keys) {
    if (!Object.hasOwn(source, key.name)) continue;
    const v = source[key.name];
    setField(out, key.name, key.child === undefined ? v : projectValue(v, key.child));
  }
  return out;
}

/**
 * A parser whose records are projected after it built them whole (stream-json's, for the
 * `values` and `path` formats): the same records as the scanner gives, without its speed.
 *
 * @example
 * ```ts
 * const parser = projectedParser(new JsonTokenParser('x', 'json(x)', 'values'), compileFields(['a']));
 * ```
 */
export function projectedParser(parser: ChunkParser<unknown>, fields: FieldNode | undefined): ChunkParser<unknown> {
  if (fields === undefined) return parser;
  const project = (out: unknown[], from: number): void => {
    for (let i = from; i < out.length; i++) out[i] = projectValue(out[i], fields);
  };
  return {
    write: (chunk, out) => {
      const from = out.length;
      parser.write(chunk, out);
      project(out, from);
    },
    end: (out) => {
      const from = out.length;
      parser.end(out);
      project(out, from);
    },
  };
}
