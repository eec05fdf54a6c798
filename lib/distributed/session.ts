/**
 * A connection to Redis for the distributed commands: BullMQ (an optional peer dependency,
 * imported only here) and its Redis client, ioredis, for the few keys of our own. Every
 * error that leaves a session names the URL with its password hidden.
 */
import { InputError, StreamtoolzError, codes } from '../core/errors.js';
import { PARTS_QUEUE, RUNS_QUEUE } from './names.js';
import { parseRedisUrl, type RedisTarget } from './redis-url.js';

type Bullmq = typeof import('bullmq');
type IORedis = import('ioredis').Redis;

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** The command, for the message when bullmq is missing. */
  command?: string | undefined;
  /** PEM of a CA to trust for rediss:// (a private CA). Default: the system's. */
  ca?: string | Buffer | undefined;
  /** How long (ms) to wait for the first connection. Default 10000. */
  connectTimeoutMs?: number | undefined;
}

/**
 * Imports an optional peer dependency; when it is missing, one line saying which packages to install.
 *
 * @example
 * ```ts
 * const bullmq = await importPeer<typeof import('bullmq')>('bullmq', 'streamtoolz worker');
 * ```
 */
export async function importPeer<T>(name: string, command: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' || (err as { code?: string }).code === 'MODULE_NOT_FOUND') {
      throw new StreamtoolzError(codes.INPUT, `${command} needs the optional package '${name}': npm install bullmq ioredis`);
    }
    throw err;
  }
}

/**
 * A session: the BullMQ module, the connection options, and one ioredis client of our own.
 *
 * @example
 * ```ts
 * const s = await openSession('redis://127.0.0.1:6379');
 * try { await s.redis.ping(); } finally { await s.close(); }
 * ```
 */
export interface Session {
  readonly bullmq: Bullmq;
  readonly target: RedisTarget;
  /** Our own client (partials, pointers). */
  readonly redis: IORedis;
  /** A new ioredis connection, as BullMQ's Workers need (`maxRetriesPerRequest: null`). */
  connection(): IORedis;
  /** The runs queue (parents), made once. */
  runs(): import('bullmq').Queue;
  /** The parts queue (children), made once. */
  parts(): import('bullmq').Queue;
  /** An Error for a failed step, one line naming the URL and the step, no password. */
  fail(doing: string, err: unknown): InputError;
  close(): Promise<void>;
}

/**
 * Connects to Redis (the first connection is checked now: a wrong URL or password fails here).
 *
 * @example
 * ```ts
 * const s = await openSession(url, { command: 'streamtoolz submit' });
 * ```
 */
export async function openSession(url: string, options: SessionOptions = {}): Promise<Session> {
  const target = parseRedisUrl(url);
  const command = options.command ?? 'streamtoolz';
  const bullmq = await importPeer<Bullmq>('bullmq', command);
  const { Redis } = await importPeer<typeof import('ioredis')>('ioredis', command);
  const base = {
    host: target.host,
    port: target.port,
    db: target.db,
    username: target.username,
    password: target.password,
    ...(target.tls ? { tls: options.ca === undefined ? {} : { ca: options.ca } } : {}),
    connectTimeout: options.connectTimeoutMs ?? 10000,
    // Reconnect forever with a short backoff: a Redis restart must not end a worker.
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
    maxRetriesPerRequest: null,
    lazyConnect: true,
  };
  const clients: IORedis[] = [];
  const fail = (doing: string, err: unknown): InputError => {
    const why = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return new InputError(target.shown, `${doing}: ${target.redact(why)}`);
  };
  const make = (): IORedis => {
    const c = new Redis(base);
    // Connection errors are retried; ioredis would print them if nobody listened.
    c.on('error', () => {});
    clients.push(c);
    return c;
  };
  const redis = make();
  // What went wrong is told on 'error' (a refused password, a certificate); the command's
  // rejection only says that the connection closed.
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => (lastError ??= err));
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = options.connectTimeoutMs ?? 10000;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${limit} ms`)), limit)));
    await Promise.race([redis.connect().then(() => redis.ping()), late]);
  } catch (err) {
    redis.disconnect();
    const e = (lastError ?? err) as { code?: string; message?: string };
    const why = e.code === 'ECONNREFUSED' ? 'connection refused (is redis-server running?)' : (e.message ?? String(err));
    throw fail('connecting', why);
  } finally {
    clearTimeout(timer);
  }
  let runs: import('bullmq').Queue | undefined;
  let parts: import('bullmq').Queue | undefined;
  const queues: import('bullmq').Queue[] = [];
  const queue = (name: string): import('bullmq').Queue => {
    const q = new bullmq.Queue(name, { connection: make() });
    q.on('error', () => {});
    queues.push(q);
    return q;
  };
  return {
    bullmq,
    target,
    redis,
    connection: make,
    runs: () => (runs ??= queue(RUNS_QUEUE)),
    parts: () => (parts ??= queue(PARTS_QUEUE)),
    fail,
    async close() {
      await Promise.allSettled(queues.map((q) => q.close()));
      for (const c of clients) c.disconnect();
    },
  };
}
