/**
 * The `fields` option of the JSON sources compiled once into a tree of keys, so that the
 * byte scanner compares a key's raw bytes with a few candidates instead of decoding it.
 * `['status', 'req.path', 'req.ms']` becomes `status` (whole value) and `req` → `path`,
 * `ms`. A path that is a prefix of another wins: `['req', 'req.path']` keeps all of `req`.
 * Knows nothing of streams.
 */
import { codes } from '../core/errors.js';
import { received } from '../core/validate.js';

/** One wanted key at one level of a record. */
export interface FieldKey {
  /** The key as it reads in `JSON.parse`'s result. */
  readonly name: string;
  /** Its UTF-8 bytes, compared with a key's raw bytes when the key has no escape. */
  readonly bytes: Uint8Array;
  /** `bytes.length`, kept as a plain field: the scanner reads it for every key of every record. */
  readonly size: number;
  /** `bytes[0]` (-1 for the empty key). */
  readonly first: number;
  /** The keys wanted inside this key's object; undefined when the whole value is wanted. */
  child: FieldNode | undefined;
}

/** The keys wanted at one level. */
export interface FieldNode {
  readonly keys: FieldKey[];
}

function fieldsError(message: string, value: unknown): TypeError {
  return Object.assign(new TypeError(`The "fields" option ${message}. ${received(value)}`), { code: codes.INVALID_ARG_VALUE });
}

/**
 * Checks and compiles `fields`: a non-empty array of dotted paths (`'status'`,
 * `'request.path'`), each segment a non-empty key.
 *
 * @example
 * ```ts
 * const root = compileFields(['status', 'req.path']);
 * root.keys.map((k) => k.name); // ['status', 'req']
 * ```
 */
export function compileFields(fields: unknown): FieldNode {
  if (!Array.isArray(fields) || fields.length === 0) throw fieldsError('must be a non-empty array of field paths', fields);
  const root: FieldNode = { keys: [] };
  for (const path of fields as unknown[]) {
    if (typeof path !== 'string' || path === '' || path.split('.').includes('')) {
      throw fieldsError("must hold dotted paths such as 'status' or 'request.path'", path);
    }
    let node = root;
    const segments = path.split('.');
    for (let s = 0; s < segments.length; s++) {
      const name = segments[s] as string;
      const last = s === segments.length - 1;
      let key = node.keys.find((k) => k.name === name);
      if (key === undefined) {
        const bytes = new Uint8Array(Buffer.from(name, 'utf8'));
        key = { name, bytes, size: bytes.length, first: bytes.length > 0 ? (bytes[0] as number) : -1, child: last ? undefined : { keys: [] } };
        node.keys.push(key);
      } else if (last) key.child = undefined;
      // A shorter path already wants the whole value: the longer one adds nothing.
      if (key.child === undefined) break;
      node = key.child;
    }
  }
  return root;
}
