/**
 * Which buffers of a message can be moved to the other thread instead of copied: the
 * typed arrays in a value (the value itself, or one level down in an array or a plain
 * object), when each covers its whole ArrayBuffer. A view of part of a buffer is left to
 * the structured clone (a copy): transferring its buffer would detach bytes the sender did
 * not hand over, such as the rest of Node's shared Buffer pool.
 */

function whole(view: ArrayBufferView): ArrayBuffer | undefined {
  const buf = view.buffer;
  if (!(buf instanceof ArrayBuffer)) return undefined; // SharedArrayBuffers are shared, not moved
  return view.byteOffset === 0 && view.byteLength === buf.byteLength && buf.byteLength > 0 ? buf : undefined;
}

/**
 * The ArrayBuffers of `value` that can be transferred (no duplicates).
 *
 * @example
 * ```ts
 * const batch = { hi: new Uint32Array(1024), lo: new Uint32Array(1024), n: 1000 };
 * worker.postMessage(batch, transferList(batch)); // batch.hi and batch.lo are now detached
 * ```
 */
export function transferList(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      const buf = whole(v);
      if (buf !== undefined) out.add(buf);
    }
  };
  visit(value);
  if (Array.isArray(value)) value.forEach(visit);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(visit);
  return [...out];
}
