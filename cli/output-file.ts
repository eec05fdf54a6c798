/**
 * The files a command writes besides stdout (`--model`, `--project`, `--hist`, `--dot`...):
 * complete or absent, never a silent partial file. Each is written under a temporary name
 * in its own directory and renamed into place once complete; a failure or an interrupt
 * removes the temporary file. A path that is not a regular file (`/dev/stdout`, a FIFO) is
 * written directly: there is nothing to rename over it, or to remove.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { outputError } from './output-error.js';

/** Where to write `path` first: a temporary name beside it, or the path itself when it is no regular file. */
async function stagingPath(path: string): Promise<string> {
  const info = await lstat(path).catch(() => undefined);
  if (info !== undefined && !info.isFile()) return path;
  return join(dirname(path), `.${basename(path)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
}

/**
 * Writes `data` to `path` whole: under a temporary name, then renamed.
 *
 * @example
 * ```ts
 * await writeOutputFile('model.json', json);
 * ```
 */
export async function writeOutputFile(path: string, data: string | Uint8Array): Promise<void> {
  const file = await openOutputFile(path);
  try {
    await new Promise<void>((resolve, reject) => {
      file.stream.once('error', reject);
      file.stream.end(data, resolve);
    });
    await file.commit();
  } catch (err) {
    await file.discard();
    throw outputError(path, err);
  }
}

/** An output file being written: its stream, then `commit()` or `discard()`. */
export interface OutputFile {
  readonly path: string;
  readonly stream: WriteStream;
  /** Ends the stream, waits until it is closed and renames the file into place. */
  commit(): Promise<void>;
  /** Destroys the stream and removes what was written; safe to call at any time, and twice. */
  discard(): Promise<void>;
}

/**
 * Opens `path` for writing under a temporary name.
 *
 * @example
 * ```ts
 * const out = await openOutputFile('proj.csv');
 * try { out.stream.write('PC1,PC2\n'); await out.commit(); } catch (err) { await out.discard(); throw err; }
 * ```
 */
export async function openOutputFile(path: string): Promise<OutputFile> {
  const staging = await stagingPath(path);
  const stream = createWriteStream(staging);
  // Errors are taken by commit() and by the writers' own waits: never uncaught.
  stream.on('error', () => {});
  let settled = false;
  return {
    path,
    stream,
    async commit() {
      if (!stream.writableFinished) {
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(resolve);
        });
      }
      if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
      if (stream.errored) throw outputError(path, stream.errored);
      if (staging !== path) await rename(staging, path).catch((err: unknown) => Promise.reject(outputError(path, err)));
      settled = true;
    },
    async discard() {
      if (settled) return;
      settled = true;
      stream.destroy();
      if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
      if (staging !== path) await rm(staging, { force: true });
    },
  };
}
