/**
 * A pool of `worker_threads` running one exported function of a worker file (see
 * `worker-main.ts` for the contract): tasks queue in order and go to the first idle thread,
 * one task per thread at a time. Threads start on demand and are terminated by `close()`.
 *
 * Worker files work from TypeScript sources (tests under the tsx loader) and from compiled
 * JavaScript: a `.js` path that does not exist is taken as its `.ts` source, and when this
 * module or the worker file is TypeScript, each thread loads through tsx's `tsImport`
 * (Node 20 does not pass a `--import` loader on to worker threads).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import { transferList } from './transfer.js';
import type { ResultMessage, SerializedError, TaskMessage, WorkerBoot } from './worker-main.js';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Number of threads. */
  threads: number;
  /** The worker file's export to call. Default 'default'. */
  exportName?: string | undefined;
  /** Given to the worker file's `init(workerData)`, if it exports one. */
  workerData?: unknown;
  /** Move typed arrays in items (and results) instead of copying them. Default true. */
  transfer?: boolean | undefined;
  /** Node options of the threads. Default: the process's own (`process.execArgv`). */
  execArgv?: string[] | undefined;
}

// Runs in each thread as CommonJS: import the entry point, through tsx when it is TypeScript.
const BOOTSTRAP = `const { workerData: b } = require('node:worker_threads');
(b.tsx ? import(b.tsx).then((api) => api.tsImport(b.main, b.main)) : import(b.main));`;

const isTs = (href: string): boolean => /\.[cm]?ts$/.test(new URL(href).pathname);

/**
 * The URL of a worker file given as a path (relative to the working directory), a
 * `file:` URL string or a URL; `x.js` falls back to `x.ts` when only the source exists.
 *
 * @example
 * ```ts
 * resolveWorkerFile(new URL('./count-worker.js', import.meta.url)); // .../count-worker.ts under tsx
 * ```
 */
export function resolveWorkerFile(file: string | URL): URL {
  const url = file instanceof URL ? file : file.startsWith('file:') ? new URL(file) : pathToFileURL(resolvePath(file));
  if (existsSync(url)) return url;
  if (url.pathname.endsWith('.js')) {
    const ts = new URL(url.href.replace(/\.js$/, '.ts'));
    if (existsSync(ts)) return ts;
  }
  throw new InputError(fileURLToPath(url), 'no such worker file');
}

/** The URL of tsx's `tsImport` API (a dev dependency: only TypeScript worker files need it). */
function tsxApi(): string {
  try {
    // The ESM build, found through tsx's package.json: import.meta.resolve does not survive
    // tsx's own transform, and require.resolve would give the CommonJS build.
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: string | { default: string } }> };
    const entry = pkg.exports['./esm/api']!.import;
    return new URL(typeof entry === 'string' ? entry : entry.default, pathToFileURL(pkgPath)).href;
  } catch (err) {
    throw new Error('TypeScript worker files need tsx installed (or compile the worker file to JavaScript)', { cause: err });
  }
}

/** An error from another thread, with its name, code and stack kept. */
function revive(e: SerializedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack !== undefined) err.stack = e.stack;
  if (e.code !== undefined) Object.defineProperty(err, 'code', { value: e.code, enumerable: true });
  return err;
}

interface Task {
  id: number;
  index: number;
  item: unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  task: Task | undefined;
  exited: boolean;
}

/**
 * A fixed-size pool of worker threads.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool(resolveWorkerFile('dist/count-worker.js'), { threads: 2 });
 * try { console.log(await pool.run({ path: 'x.fa', start: 0, end: 1000 }, 0)); }
 * finally { await pool.close(); }
 * ```
 */
export class WorkerPool {
  readonly #file: URL;
  readonly #options: WorkerPoolOptions;
  readonly #threads: Thread[] = [];
  readonly #queue: Task[] = [];
  #nextId = 0;
  #failure: Error | undefined;
  #closed = false;

  constructor(file: URL, options: WorkerPoolOptions) {
    this.#file = file;
    this.#options = { ...options };
  }

  /** Threads started and not yet exited. */
  get liveThreads(): number {
    return this.#threads.filter((t) => !t.exited).length;
  }

  /** Runs the worker function on `item` (its `index` is passed along); resolves with its result. */
  run(item: unknown, index: number): Promise<unknown> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, index, item, resolve, reject });
      this.#dispatch();
    });
  }

  /** Terminates every thread; queued tasks are rejected. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#failAll(new Error('the worker pool was closed'));
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let thread = this.#threads.find((t) => t.task === undefined && !t.exited);
      if (thread === undefined) {
        if (this.#threads.length >= this.#options.threads) return;
        thread = this.#start();
      }
      const task = this.#queue.shift()!;
      thread.task = task;
      const message: TaskMessage = { id: task.id, index: task.index, item: task.item };
      try {
        thread.worker.postMessage(message, this.#options.transfer === false ? [] : transferList(task.item));
      } catch (err) {
        thread.task = undefined;
        task.reject(err as Error); // an item that cannot be cloned fails alone
      }
    }
  }

  #start(): Thread {
    const self = import.meta.url;
    const main = new URL(`./worker-main${isTs(self) ? '.ts' : '.js'}`, self).href;
    const tsx = isTs(self) || isTs(this.#file.href) ? tsxApi() : undefined;
    const boot: WorkerBoot & { main: string; tsx: string | undefined } = {
      file: this.#file.href,
      exportName: this.#options.exportName ?? 'default',
      data: this.#options.workerData,
      transfer: this.#options.transfer !== false,
      main,
      tsx,
    };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: boot,
      ...(this.#options.execArgv === undefined ? {} : { execArgv: this.#options.execArgv }),
    });
    const thread: Thread = { worker, task: undefined, exited: false };
    worker.on('message', (msg: ResultMessage) => {
      const task = thread.task;
      if (task === undefined || task.id !== msg.id) return;
      thread.task = undefined;
      if (msg.ok) task.resolve(msg.value);
      else task.reject(revive(msg.error));
      this.#dispatch();
    });
    worker.on('error', (err) => this.#fail(thread, err));
    worker.on('exit', (code) => {
      thread.exited = true;
      if (!this.#closed) this.#fail(thread, new Error(`worker thread exited with code ${code}`));
    });
    this.#threads.push(thread);
    return thread;
  }

  /** A thread died: its task and everything queued fail, and so does every later run. */
  #fail(thread: Thread, err: Error): void {
    this.#failure ??= err;
    const task = thread.task;
    thread.task = undefined;
    task?.reject(err);
    this.#failAll(err);
  }

  #failAll(err: Error): void {
    for (const task of this.#queue.splice(0)) task.reject(err);
    if (this.#closed) {
      for (const t of this.#threads) {
        const task = t.task;
        t.task = undefined;
        task?.reject(err);
      }
    }
  }
}
