/**
 * Chunks as a reader with a reused buffer hands them out (`reuseBuffer`, `readRange`): each
 * chunk is a view of the same Buffer, which is scribbled over before the next one is read
 * into it, so that a consumer that kept a view of an earlier chunk sees garbage.
 */

/** The bytes of `data` in chunks of `size`, each written into one reused Buffer. */
export function* reusedChunks(data: Uint8Array, size: number): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  for (let at = 0; at < data.length; at += size) {
    buffer.fill(0x23); // '#': what a kept view would show instead of the data
    const n = Math.min(size, data.length - at);
    buffer.set(data.subarray(at, at + n));
    yield buffer.subarray(0, n);
  }
}
