/**
 * Opening a file a job names, as a worker must: the path comes from Redis, so it is read
 * only when it resolves (symbolic links followed) under one of the roots the worker was
 * started with (`--allow`), only when it is a regular file (a FIFO or a device is refused
 * without blocking: it is opened non-blocking), and only when it still has the size and the
 * bytes it had when the run was submitted.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { toInputError } from '../io/input-error.js';
import type { FilePiece } from '../job/pieces.js';
import { withFileAccess } from '../parallel/split.js';
import type { InputCheck } from './manifest.js';

/**
 * The real paths of the roots a worker may read under (a missing root is an error now).
 *
 * @example
 * ```ts
 * const allow = await allowRoots(['/data/reads']); // ['/mnt/disk1/reads'] if /data is a link
 * ```
 */
export async function allowRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of roots) {
    try {
      out.push(await realpath(r));
    } catch (err) {
      throw toInputError(err, r);
    }
  }
  return out;
}

const under = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * Opens `path` for reading if it is a regular file under one of `allow` (real paths).
 *
 * @example
 * ```ts
 * const { handle, real } = await openAllowed('/data/reads/a.fa', ['/data']);
 * ```
 */
export async function openAllowed(path: string, allow: readonly string[]): Promise<{ handle: FileHandle; real: string }> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    throw toInputError(err, path);
  }
  if (!allow.some((root) => under(real, root))) {
    throw new InputError(path, `is outside the directories this worker may read (${allow.join(', ')}); start the worker with --allow DIR`);
  }
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    throw toInputError(err, path);
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    const kind = st.isFIFO()
      ? 'a FIFO'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : st.isSocket()
          ? 'a socket'
          : st.isDirectory()
            ? 'a directory'
            : 'not a file';
    throw new InputError(path, `is ${kind}, not a regular file: a worker reads regular files only`);
  }
  return { handle, real };
}

/** The byte ranges a piece reads: its CSV header first, when it has one. */
export const pieceRanges = (piece: FilePiece): [number, number][] =>
  piece.headerEnd > 0
    ? [
        [0, piece.headerEnd],
        [piece.start, piece.end],
      ]
    : [[piece.start, piece.end]];

/**
 * Checks that the bytes a piece reads are those submitted: same file size, same SHA-256. A
 * mismatch is one line saying so (the file changed since submit, or this machine has
 * another file at that path).
 *
 * @example
 * ```ts
 * await checkInput(handle, part.piece, part.check);
 * ```
 */
export async function checkInput(handle: FileHandle, piece: FilePiece, check: InputCheck): Promise<void> {
  const { path } = piece;
  const range = { start: piece.start, end: piece.end };
  const st = await handle.stat();
  if (st.size !== check.size) {
    throw new InputError(
      path,
      `has ${st.size} bytes, ${check.size} when the run was submitted: the file changed since, or this machine has another file at this path`,
    );
  }
  if (range.end > st.size) throw new InputError(path, `bytes ${range.start}-${range.end} are past the end of the ${st.size}-byte file`);
  // The very file submitted, not written to since (see InputCheck): its bytes are those hashed.
  if (check.dev === st.dev && check.ino === st.ino && check.ctimeMs === st.ctimeMs) return;
  const sha256 = await hashRanges(handle, path, pieceRanges(piece));
  if (sha256 !== check.sha256) {
    const when = st.mtimeMs !== check.mtimeMs ? ` (modified ${new Date(st.mtimeMs).toISOString()}, after it was submitted)` : '';
    throw new InputError(
      path,
      `bytes ${range.start}-${range.end} are not those submitted${when}: the file changed since, or this machine has another file at this path`,
    );
  }
}

/** SHA-256 (hex) of the bytes of `ranges` of an open file, one after the other. */
async function hashRanges(handle: FileHandle, path: string, ranges: readonly [number, number][]): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const [start, end] of ranges) {
    for (let pos = start; pos < end; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - pos), pos);
      if (bytesRead === 0) throw new InputError(path, `ended at byte ${pos}, before byte ${end}: the file changed while it was read`);
      hash.update(buffer.subarray(0, bytesRead));
      pos += bytesRead;
    }
  }
  return hash.digest('hex');
}

/**
 * SHA-256 of the bytes a piece reads (what submit records).
 *
 * @example
 * ```ts
 * await pieceSha256({ path: '/data/a.fa', start: 0, end: 1 << 20, size, headerEnd: 0 }); // '9f86d0...'
 * ```
 */
export async function pieceSha256(piece: FilePiece): Promise<string> {
  return withFileAccess(piece.path, (_, handle) => hashRanges(handle, piece.path, pieceRanges(piece)));
}
