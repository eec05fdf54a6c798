/**
 * The bytes of one file range read into two reused buffers, taking turns: the next read runs
 * while the consumer works on the current chunk, and reading allocates nothing per chunk.
 * `openRange` (a `createReadStream`) allocates a new 512 KiB buffer per chunk, which piles
 * up until a garbage collection: in a pool thread, which allocates little else, that is
 * tens of MB per thread (the PCA state of 191 MB on 2 threads peaked at 182 MB against 91 MB
 * on one).
 *
 * Only for a consumer that is done with a chunk when it asks for the next one and keeps no
 * view of it (the k-mer scanner, the numeric CSV scanner, which copy what they carry over).
 */
import { open } from 'node:fs/promises';
import type { FileRange } from './split.js';

/**
 * The chunks of `range`, views of two reused buffers: a chunk is valid until the next is asked for.
 *
 * @example
 * ```ts
 * for await (const chunk of readRange({ path: 'x.fa', start: 0, end: 1 << 20, index: 0 })) scanner.scan(chunk);
 * ```
 */
export async function* readRange(range: FileRange, chunkSize = 1 << 19): AsyncGenerator<Buffer> {
  const length = range.end - range.start;
  if (length <= 0) return;
  const handle = await open(range.path, 'r');
  let pending: Promise<{ bytesRead: number }> | undefined;
  try {
    const size = Math.min(chunkSize, length);
    const buffers = length > size ? [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)] : [Buffer.allocUnsafeSlow(size)];
    let position = range.start;
    let turn = 0;
    const read = (buffer: Buffer): Promise<{ bytesRead: number }> => handle.read(buffer, 0, Math.min(size, range.end - position), position);
    pending = read(buffers[0]!);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return; // the file shrank: the scanner's end() reports a cut record
      const chunk = buffers[turn]!.subarray(0, bytesRead);
      position += bytesRead;
      const more = position < range.end;
      if (more) {
        turn = (turn + 1) % buffers.length;
        pending = read(buffers[turn]!);
      }
      yield chunk;
      if (!more) return;
    }
  } finally {
    // A consumer that stopped early leaves a read in flight: let it land before closing.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
