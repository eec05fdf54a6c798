/**
 * What the distributed commands share: the `--redis` options, the session they open, the
 * job module check, and how they write results.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { toInputError } from '../../lib/io/input-error.js';
import { openSession, type Session } from '../../lib/distributed/session.js';
import type { Manifest } from '../../lib/distributed/manifest.js';
import type { LoadedJob } from '../../lib/job/load-job.js';
import { UsageError } from '../command.js';

/** The options every distributed command takes. */
export const redisOptions = {
  redis: { type: 'string' },
  'redis-ca': { type: 'string' },
} as const;

/** Help lines of {@link redisOptions}. */
export const redisHelp = `  --redis URL       redis[s]://[[user][:password]@]host[:port][/db] (required)
  --redis-ca FILE   with rediss://: trust the CA certificate(s) in FILE (PEM)`;

/**
 * Opens the session of `--redis URL` (and `--redis-ca FILE`).
 *
 * @example
 * ```ts
 * const session = await sessionOf(values, 'streamtoolz submit');
 * ```
 */
export async function sessionOf(values: { redis?: string | undefined; 'redis-ca'?: string | undefined }, command: string): Promise<Session> {
  if (values.redis === undefined) throw new UsageError('--redis URL is required');
  let ca: Buffer | undefined;
  if (values['redis-ca'] !== undefined) {
    try {
      ca = await readFile(values['redis-ca']);
    } catch (err) {
      throw toInputError(err, values['redis-ca']);
    }
  }
  return openSession(values.redis, { command, ca });
}

/**
 * Checks that `job` is the module a job run was submitted with (same name and content).
 *
 * @example
 * ```ts
 * sameModule(manifest, loaded, run);
 * ```
 */
export function sameModule(manifest: Manifest, job: LoadedJob | undefined, run: string): LoadedJob {
  const { spec } = manifest;
  if (spec.kind !== 'job') throw new UsageError(`run ${run} is a ${spec.kind} run, not a job run: leave out --job`);
  if (job === undefined) throw new UsageError(`run ${run} runs the job module ${spec.module.name}: give it with --job FILE`);
  if (job.name !== spec.module.name || job.sha256 !== spec.module.sha256) {
    throw new UsageError(
      `run ${run} runs ${spec.module.name} (sha256 ${spec.module.sha256.slice(0, 12)}...), not ${job.name} (sha256 ${job.sha256.slice(0, 12)}...)`,
    );
  }
  return job;
}

/** Writes a chunk, waiting for 'drain' when the stream asks for it. */
export async function write(out: NodeJS.WritableStream, chunk: Uint8Array | string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}
