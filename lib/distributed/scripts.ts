/**
 * The Lua scripts that make the Redis side atomic, and how to run them: EVALSHA first (the
 * script is sent once per server), EVAL when the server answers NOSCRIPT (a restarted
 * server has forgotten its script cache).
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-link.js';

/** A Lua script and its SHA-1, as EVALSHA names it. */
export interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * Submits a run once: the consumer group, every job and the run's description in one
 * step, or nothing when the run exists already (a producer started twice adds no job twice).
 * KEYS: meta, jobs. ARGV: group, spec, job count, then one JSON job each. Returns 1 when
 * submitted, 0 when the run was there.
 */
export const SUBMIT = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('XGROUP', 'CREATE', KEYS[2], ARGV[1], '0', 'MKSTREAM')
for i = 4, #ARGV do redis.call('XADD', KEYS[2], '*', 'job', ARGV[i]) end
redis.call('HSET', KEYS[1], 'spec', ARGV[2], 'jobs', ARGV[3])
return 1
`);

/**
 * Stores a job's partial result only if none is stored for that job yet, and acknowledges
 * the stream entry, in one atomic step: at-least-once delivery, exactly-once in the result.
 * A worker that dies before this step leaves the entry pending (another claims it); one that
 * finishes a job someone else finished already changes nothing but the acknowledgement.
 * KEYS: results, jobs. ARGV: group, entry id, job index, partial bytes. Returns 1 when the
 * partial was stored, 0 for a duplicate.
 */
export const STORE = script(`
local stored = redis.call('HSETNX', KEYS[1], ARGV[3], ARGV[4])
redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
return stored
`);

/**
 * A worker's heartbeat on the job it works on: if the entry is still pending with this
 * consumer, XCLAIM it to the same consumer with min-idle-time 0, which zeroes its idle time
 * (no IDLE option means idle 0) without counting a delivery (JUSTID), so XAUTOCLAIM in
 * other workers passes it by. If another worker took the entry over (or it was
 * acknowledged), nothing changes: a bare XCLAIM would steal it back.
 * KEYS: jobs. ARGV: group, consumer, entry id. Returns 1 when refreshed, 0 when not ours.
 */
export const HEARTBEAT = script(`
local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
if #mine == 0 then return 0 end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1
`);

/** An argument of a script: text, a number, or bytes. */
export type ScriptArg = string | number | Uint8Array;

const toArg = (a: ScriptArg): string | Buffer =>
  typeof a === 'number' ? String(a) : typeof a === 'string' ? a : Buffer.isBuffer(a) ? a : Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Runs a script by SHA, sending its source when the server does not have it.
 *
 * @example
 * ```ts
 * const stored = await runScript(redis.client, STORE, [results, jobs], [group, id, 3, partial]);
 * ```
 */
export async function runScript(client: RedisClient, s: Script, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
  const call = { keys: [...keys], arguments: args.map(toArg) };
  try {
    return await client.evalSha(s.sha, call);
  } catch (err) {
    if (!/^NOSCRIPT/.test((err as Error).message)) throw err;
    return client.eval(s.source, call);
  }
}
