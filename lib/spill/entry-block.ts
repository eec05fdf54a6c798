/**
 * Blocks of keyed entries on disk (the spills of `countBy`, `groupBy`, `reduceBy`...): each
 * entry a tagged key (`key-codec.ts`), the index of the item that first had the key, and
 * the key's state. Firsts, and states that are numbers (counts), go as raw doubles; keys and
 * other states as the UTF-8 text of JSON arrays.
 *
 * Layout: n, key-text bytes, state-text bytes, 0 (uint32 each); firsts (n doubles); states
 * (n doubles, numeric kind only); key text; state text (JSON kind only).
 */

/** Entries in columns. */
export interface Entries<S> {
  keys: string[];
  firsts: ArrayLike<number>;
  states: ArrayLike<S>;
}

const HEAD = 16;

/**
 * The payload of one block.
 *
 * @example
 * ```ts
 * encodeEntries({ keys: ['sa'], firsts: [0], states: [3] }, true);
 * ```
 */
export function encodeEntries<S>(entries: Entries<S>, numeric: boolean): Buffer {
  const n = entries.keys.length;
  const keyText = Buffer.from(JSON.stringify(entries.keys));
  const stateText = numeric ? undefined : Buffer.from(JSON.stringify(Array.from(entries.states)));
  const doubles = numeric ? 2 * n : n;
  const out = Buffer.allocUnsafe(HEAD + 8 * doubles + keyText.length + (stateText?.length ?? 0));
  out.writeUInt32LE(n, 0);
  out.writeUInt32LE(keyText.length, 4);
  out.writeUInt32LE(stateText?.length ?? 0, 8);
  out.writeUInt32LE(0, 12);
  const numbers = new Float64Array(doubles);
  numbers.set(entries.firsts);
  if (numeric) numbers.set(entries.states as ArrayLike<number>, n);
  out.set(new Uint8Array(numbers.buffer), HEAD);
  let at = HEAD + 8 * doubles;
  keyText.copy(out, at);
  at += keyText.length;
  stateText?.copy(out, at);
  return out;
}

/**
 * The entries of one block (`buffer` 8-aligned, as a `RunReader`'s is); the arrays are
 * copies, safe to keep.
 *
 * @example
 * ```ts
 * const block = reader.nextRaw()!;
 * const { keys, firsts, states } = decodeEntries(block.buffer, true);
 * ```
 */
export function decodeEntries<S>(buffer: Buffer, numeric: boolean): Entries<S> {
  const n = buffer.readUInt32LE(0);
  const keyBytes = buffer.readUInt32LE(4);
  const stateBytes = buffer.readUInt32LE(8);
  const firsts = new Float64Array(buffer.buffer.slice(buffer.byteOffset + HEAD, buffer.byteOffset + HEAD + 8 * n));
  let at = HEAD + 8 * n;
  let states: ArrayLike<S>;
  if (numeric) {
    states = new Float64Array(buffer.buffer.slice(buffer.byteOffset + at, buffer.byteOffset + at + 8 * n)) as unknown as ArrayLike<S>;
    at += 8 * n;
  }
  const keys = JSON.parse(buffer.toString('utf8', at, at + keyBytes)) as string[];
  at += keyBytes;
  if (!numeric) states = JSON.parse(buffer.toString('utf8', at, at + stateBytes)) as S[];
  if (keys.length !== n || states!.length !== n) throw new Error('spill file is corrupt: a block of entries does not add up');
  return { keys, firsts, states: states! };
}
