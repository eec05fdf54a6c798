/**
 * Writing a command's output, chunk by chunk, so that an interrupt or a failed output stops
 * it: each write waits for `drain` when the stream is full, and gives way to the event loop
 * when it is not (stdout to a file is written synchronously and never fills: a loop of
 * writes would never let a SIGINT in).
 */
import { outputError } from './output-error.js';

/** Bytes written without a wait before the event loop gets a turn: ~0.3 ms of writing to a file. */
const YIELD_BYTES = 1 << 18;
let sinceYield = 0;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes `chunk` to `out` and returns once it may be written to again; throws the signal's
 * reason once it is aborted, and an output error (one line naming `name`) when `out` fails.
 *
 * @example
 * ```ts
 * for (const chunk of counts.lines(1 << 18)) await writeOut(io.stdout, chunk, io.signal);
 * ```
 */
export async function writeOut(out: NodeJS.WritableStream, chunk: string | Uint8Array, signal: AbortSignal, name = 'stdout'): Promise<void> {
  signal.throwIfAborted();
  const errored = (out as { errored?: Error | null }).errored;
  if (errored) throw outputError(name, errored);
  if (out.write(chunk)) {
    sinceYield += chunk.length;
    if (sinceYield >= YIELD_BYTES) {
      sinceYield = 0;
      await yieldToEvents();
    }
  } else await drained(out as NodeJS.WritableStream & NodeJS.EventEmitter, signal, name);
  signal.throwIfAborted();
}

/** Resolves on `drain`; rejects on the stream's error or the signal's abort. */
function drained(out: NodeJS.WritableStream & NodeJS.EventEmitter, signal: AbortSignal, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: unknown): void => {
      out.off('drain', onDrain);
      out.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onDrain = (): void => done();
    const onError = (err: unknown): void => done(outputError(name, err));
    const onAbort = (): void => done(signal.reason);
    out.on('drain', onDrain);
    out.on('error', onError);
    signal.addEventListener('abort', onAbort);
  });
}
