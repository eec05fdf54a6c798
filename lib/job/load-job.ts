/**
 * Loading a job module: a file whose default export is a job (`defineJob`). A loaded job
 * knows its module's URL (threads import it again) and its name and content hash (machines
 * run only the modules they were started with, matched by both).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../core/errors.js';
import { toInputError } from '../io/input-error.js';
import { isJob, type Job } from './define-job.js';

/**
 * A job and where it came from.
 *
 * @example
 * ```ts
 * const { job, name, sha256 } = await loadJob('jobs/count-status.js');
 * ```
 */
export interface LoadedJob<R = unknown> {
  job: Job<R>;
  /** The module's file URL. */
  url: string;
  /** The module's file name (`count-status.js`). */
  name: string;
  /** SHA-256 of the module's bytes, hex. */
  sha256: string;
}

/**
 * A module file's name and content hash, without importing it.
 *
 * @example
 * ```ts
 * await moduleIdentity('jobs/count-status.js'); // { name: 'count-status.js', sha256: '3f1c...', url: 'file:///...' }
 * ```
 */
export async function moduleIdentity(module: string | URL): Promise<{ url: string; name: string; sha256: string }> {
  const url = module instanceof URL || /^file:/i.test(module) ? new URL(module) : pathToFileURL(resolve(module));
  const path = fileURLToPath(url);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw toInputError(err, path);
  }
  return { url: url.href, name: basename(path), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Imports a job module (a path, relative to the working directory, or a file URL).
 *
 * @example
 * ```ts
 * const { job, sha256 } = await loadJob('jobs/count-status.js');
 * ```
 */
export async function loadJob<R = unknown>(module: string | URL): Promise<LoadedJob<R>> {
  const id = await moduleIdentity(module);
  let mod: { default?: unknown };
  try {
    mod = (await import(id.url)) as { default?: unknown };
  } catch (err) {
    throw new InputError(fileURLToPath(id.url), `cannot load the job module: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  if (!isJob(mod.default)) throw new InputError(fileURLToPath(id.url), 'is not a job module: its default export must be defineJob({ source, stages, sink })');
  return { job: mod.default as Job<R>, ...id };
}
