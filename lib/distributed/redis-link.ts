/**
 * One connection to Redis through the official client (node-redis), with the policy a
 * distributed run needs and errors that say where (`redis://host:6379: storing job 3: ...`).
 *
 * The policy, because node-redis by default reconnects forever and queues commands while
 * offline, which would leave a worker waiting silently on a server that is gone:
 * - The first connection is not retried: a wrong URL or a stopped server fails at once.
 * - A connection lost later is made again with a short backoff (50 ms doubling to 1 s) for
 *   at most `reconnectMs` (default 10 s) after the loss; then the link gives up for good and
 *   every step fails with one line naming the URL and the step (exit 1 in the CLI).
 * - No offline queue: a command sent while disconnected fails at once, and {@link call}
 *   waits for the new connection and does the step again. Every step of a run can be done
 *   twice (reads, claims that land in this worker's own pending list, the STORE script), so
 *   a lost reply costs nothing but the retry.
 * - A command waits at most 5 s for its reply (node-redis' default), a transfer of a partial
 *   result {@link TRANSFER_TIMEOUT_MS}: a server that stops answering without closing the
 *   connection is an error, not a hang.
 * - {@link close} destroys the socket (node-redis' advice since QUIT is deprecated): no
 *   socket is left open, after success or failure.
 *
 * node-redis is imported when the first link is made, so commands that never talk to Redis
 * do not load it (~0.1 s of CPU and ~20 MB at start-up).
 */
import type { RedisClientType } from 'redis';
import { describe, InputError } from '../core/errors.js';
import { validateInteger, validateString } from '../core/validate.js';

/** The node-redis client a link drives. */
export type RedisClient = RedisClientType;

/** How long a command that carries a partial result may take (ms): tens of MB on a slow network. */
export const TRANSFER_TIMEOUT_MS = 120_000;

/** Options of {@link RedisLink.connect}. */
export interface RedisLinkOptions {
  /** How long (ms) to keep trying to reconnect after the connection is lost; 0: fail at once. Default 10000. */
  reconnectMs?: number | undefined;
}

/** The URL with its password hidden, as errors and logs show it. */
function shown(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/** The one-line reason a connection attempt failed. */
function connectProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is redis-server running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  return describe(err);
}

/**
 * A connection to Redis with a bounded reconnect policy and one-line errors.
 *
 * @example
 * ```ts
 * const redis = await RedisLink.connect('redis://127.0.0.1:6379', { reconnectMs: 5000 });
 * try {
 *   await redis.call('saying hello', (c) => c.set('greeting', 'hello'));
 * } finally {
 *   redis.close();
 * }
 * ```
 */
export class RedisLink {
  /** The URL as errors name it (password hidden). */
  readonly url: string;
  /** The node-redis client (strings for replies). */
  readonly client: RedisClient;
  /** The same connection, with bulk-string replies as Buffers (binary partial results). */
  readonly binary: RedisClient;
  readonly #reconnectMs: number;
  readonly #module: typeof import('redis');
  #connections = 0;
  #lostAt: number | undefined;
  #lastError: unknown;
  #gaveUp: string | undefined;

  private constructor(url: string, reconnectMs: number, module: typeof import('redis')) {
    this.url = shown(url);
    this.#reconnectMs = reconnectMs;
    this.#module = module;
    try {
      this.client = module.createClient({
        url,
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries) => this.#retryIn(retries) },
      }) as unknown as RedisClient;
    } catch (err) {
      throw new InputError(this.url, `not a redis[s]://[[user][:password]@]host[:port][/db] URL (${describe(err)})`, { cause: err });
    }
    this.binary = this.client.withTypeMapping({ [module.RESP_TYPES.BLOB_STRING]: Buffer }) as unknown as RedisClient;
    // node-redis emits 'error' for every failed attempt and throws if nobody listens.
    this.client.on('error', (err: unknown) => (this.#lastError = err));
    this.client.on('ready', () => {
      this.#connections++;
      this.#lostAt = undefined;
    });
    // Emitted when the strategy gives up, with the last connection error, before commands fail.
    this.client.on('terminated', (cause: unknown) => {
      const last = cause ?? this.#lastError;
      const why = last === undefined ? '' : ` (${describe(last)})`;
      this.#gaveUp = this.#reconnectMs === 0 ? `connection lost${why}` : `connection lost${why}, not back within ${this.#reconnectMs} ms`;
    });
  }

  /** Connects; rejects with an InputError naming the URL when the server cannot be reached. */
  static async connect(url: string, options: RedisLinkOptions = {}): Promise<RedisLink> {
    validateString(url, 'url');
    const reconnectMs = options.reconnectMs ?? 10_000;
    validateInteger(reconnectMs, 'reconnectMs', 0);
    const link = new RedisLink(url, reconnectMs, await import('redis'));
    try {
      await link.client.connect();
    } catch (err) {
      link.close();
      throw new InputError(link.url, `connecting: ${connectProblem(err)}`, { cause: err });
    }
    return link;
  }

  /** Connections made so far: it grows when a lost connection is made again (steps may need redoing). */
  get connections(): number {
    return this.#connections;
  }

  /** True while the link can still send commands (connected, or reconnecting within its budget). */
  get open(): boolean {
    return this.client.isOpen;
  }

  /**
   * Does one step of a run: `fn` sends its commands; an error reply, a timeout or a
   * connection that is gone for good rejects with one line `URL: doing: problem`. When the
   * connection is lost and made again within the budget, `fn` runs again: steps must be
   * safe to repeat.
   */
  async call<T>(doing: string, fn: (client: RedisClient) => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await fn(this.client);
      } catch (err) {
        if (err instanceof this.#module.ErrorReply) throw new InputError(this.url, `${doing}: ${describe(err)}`, { cause: err });
        if (err instanceof this.#module.TimeoutError)
          throw new InputError(this.url, `${doing}: no reply in time (is the server overloaded or unreachable?)`, { cause: err });
        await this.#reconnected(doing, err);
      }
    }
  }

  /** Closes the connection (at once: commands still in flight fail). */
  close(): void {
    this.#gaveUp ??= 'connection closed by the client';
    this.client.destroy();
  }

  /** Resolves when the lost connection is back; rejects when the link gave up or was closed. */
  async #reconnected(doing: string, cause: unknown): Promise<void> {
    if (this.client.isReady) return;
    if (this.client.isOpen) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.client.off('ready', done);
          this.client.off('terminated', done);
          this.client.off('end', done);
          resolve();
        };
        this.client.on('ready', done);
        this.client.on('terminated', done);
        this.client.on('end', done);
      });
      if (this.client.isReady) return;
    }
    throw new InputError(this.url, `${doing}: ${this.#gaveUp ?? `connection lost (${describe(cause)})`}`, { cause });
  }

  /** node-redis' reconnect strategy: a delay (ms), or false to give up. */
  #retryIn(retries: number): number | false {
    // Never connected: the URL or the server is wrong, and waiting will not fix it.
    if (this.#connections === 0) return false;
    this.#lostAt ??= Date.now();
    const left = this.#lostAt + this.#reconnectMs - Date.now();
    return left <= 0 ? false : Math.min(left, 50 * 2 ** Math.min(retries, 5), 1000);
  }
}
