/**
 * The entry point of every pool thread (see `pool.ts`): loads the user's worker file, then
 * answers task messages `{ id, index, item }` with `{ id, ok, value }` or `{ id, ok: false,
 * error }`, one task at a time, moving typed arrays of the results back (`transfer.ts`).
 *
 * The worker file contract: it exports (as `default`, or under the pool's `exportName`) a
 * function `(item, index) => result` or `=> Promise<result>`; items and results must be
 * structured-cloneable. It may also export `init(workerData)`, awaited once before the
 * first task.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { transferList } from './transfer.js';

/** What the pool passes as `workerData`. */
export interface WorkerBoot {
  /** URL of the worker file. */
  file: string;
  /** Name of the exported function. */
  exportName: string;
  /** The user's `workerData`, given to `init()`. */
  data: unknown;
  /** Move typed arrays of results instead of copying them. */
  transfer: boolean;
}

/** A task message. */
export interface TaskMessage {
  id: number;
  index: number;
  item: unknown;
}

/** A task's answer. */
export type ResultMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** An error as it crosses threads: its class is lost, so the useful fields are kept. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string | undefined;
  code?: unknown;
}

/**
 * An error's fields for the other thread.
 *
 * @example
 * ```ts
 * serializeError(new RangeError('x')); // { name: 'RangeError', message: 'x', stack: '...' }
 * ```
 */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack, code: (err as { code?: unknown }).code };
  return { name: 'Error', message: typeof err === 'string' ? err : `non-error thrown: ${String(err)}` };
}

async function main(port: NonNullable<typeof parentPort>, boot: WorkerBoot): Promise<void> {
  const mod = (await import(boot.file)) as Record<string, unknown>;
  const fn = mod[boot.exportName];
  if (typeof fn !== 'function') throw new TypeError(`${boot.file} does not export a function named '${boot.exportName}'`);
  if (typeof mod.init === 'function') await (mod.init as (data: unknown) => unknown)(boot.data);
  const work = fn as (item: unknown, index: number) => unknown;
  port.on('message', (task: TaskMessage) => {
    void (async () => {
      let reply: ResultMessage;
      try {
        reply = { id: task.id, ok: true, value: await work(task.item, task.index) };
      } catch (err) {
        reply = { id: task.id, ok: false, error: serializeError(err) };
      }
      try {
        port.postMessage(reply, reply.ok && boot.transfer ? transferList(reply.value) : []);
      } catch (err) {
        // A result that cannot be cloned (a function, a class instance with private state...).
        port.postMessage({ id: task.id, ok: false, error: serializeError(err) } satisfies ResultMessage);
      }
    })();
  });
}

if (parentPort !== null) await main(parentPort, workerData as WorkerBoot);
