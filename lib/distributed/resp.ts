/**
 * A minimal Redis client over `node:net` speaking RESP2: commands are pipelined on one
 * socket and their replies matched in order. It exists because the official `redis` package
 * is not installed here; it does only what the distributed passes need (no pub/sub, no
 * cluster, no reconnection: a lost connection fails every command with one clear line,
 * and the caller decides, as the worker does by exiting and being started again).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { InputError, describe } from '../errors.js';
import { encodeCommand, RespErrorReply, RespParser, type RespReply } from './resp-parser.js';

/** An argument of a command: text, a number, or binary bytes. */
export type RespArg = string | number | Uint8Array;

interface Waiting {
  name: string;
  resolve(value: RespReply): void;
  reject(err: Error): void;
}

/** Where a `redis://host:port/db` URL points. */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
}

/**
 * Parses `redis://host[:port][/db]` (port 6379 and db 0 by default).
 *
 * @example
 * ```ts
 * parseRedisUrl('redis://127.0.0.1:7000/2'); // { host: '127.0.0.1', port: 7000, db: 2 }
 * ```
 */
export function parseRedisUrl(url: string): RedisAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(url, 'not a redis:// URL');
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (u.protocol !== 'redis:' || !u.hostname || !Number.isInteger(db) || db < 0) throw new InputError(url, 'not a redis://host[:port][/db] URL');
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 6379, db };
}

/**
 * One connection to a Redis server.
 *
 * @example
 * ```ts
 * const redis = await RespClient.connect('redis://127.0.0.1:6379');
 * await redis.command('SET', 'greeting', 'hello');
 * String(await redis.command('GET', 'greeting')); // 'hello'
 * await redis.quit();
 * ```
 */
export class RespClient {
  /** The URL, as errors name it. */
  readonly url: string;
  readonly #socket: Socket;
  readonly #parser = new RespParser();
  readonly #waiting: Waiting[] = [];
  #closed: Error | undefined;

  private constructor(url: string, socket: Socket) {
    this.url = url;
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (err) => this.#fail(`connection lost (${describe(err)})`));
    socket.on('close', () => this.#fail('connection closed by the server'));
  }

  /** Connects (and selects the URL's database); rejects with an InputError naming the URL. */
  static async connect(url: string): Promise<RespClient> {
    const { host, port, db } = parseRedisUrl(url);
    const socket = netConnect({ host, port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (err: NodeJS.ErrnoException) => {
        socket.destroy();
        reject(new InputError(url, err.code === 'ECONNREFUSED' ? 'connection refused (is redis-server running?)' : `cannot connect (${describe(err)})`, { cause: err }));
      });
    });
    const client = new RespClient(url, socket);
    if (db !== 0) await client.command('SELECT', db);
    return client;
  }

  /** True once the connection is gone (closed by either side or failed). */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * Sends one command; resolves with its reply. An error reply rejects with an InputError
   * naming the URL and the command, e.g. `redis://...: XACK: NOGROUP No such key`.
   */
  command(...args: RespArg[]): Promise<RespReply> {
    const name = String(args[0]).toUpperCase();
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ name, resolve, reject });
      this.#socket.write(encodeCommand(args));
    });
  }

  /** Says QUIT and waits for the socket to close. */
  async quit(): Promise<void> {
    if (this.#closed) return;
    const closed = new Promise((resolve) => this.#socket.once('close', resolve));
    await this.command('QUIT').catch(() => undefined);
    this.#socket.end();
    await closed;
  }

  /** Closes the socket at once; commands in flight fail. */
  close(): void {
    this.#fail('connection closed by the client');
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#parser.push(chunk);
    let reply: RespReply | undefined;
    try {
      while ((reply = this.#parser.next()) !== undefined) {
        const w = this.#waiting.shift();
        if (w === undefined) continue;
        if (reply instanceof RespErrorReply) w.reject(new InputError(this.url, `${w.name}: ${reply.message}`));
        else w.resolve(reply);
      }
    } catch (err) {
      this.#fail(describe(err));
      this.#socket.destroy();
    }
  }

  #fail(problem: string): void {
    if (this.#closed) return;
    this.#closed = new InputError(this.url, problem);
    for (const w of this.#waiting.splice(0)) w.reject(new InputError(this.url, `${w.name}: ${problem}`));
  }
}
