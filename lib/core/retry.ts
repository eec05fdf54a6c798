/**
 * The `retry` option of the user-function stages: exponential backoff with jitter. Each delay
 * is `minDelay × factor^(attempt − 1)` times a random factor in [1, 2), capped at `maxDelay`,
 * so that many callers failing together do not retry together. The wait ends at once, its
 * timer cleared, when the pipe is aborted.
 */
import { codedError, codes } from './errors.js';
import { received, validateFunction, validateInteger, validateNumber } from './validate.js';

/**
 * The `retry` option.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { attempts: 5, minDelay: 200, maxDelay: 5000, retryIf: (err) => (err as { status?: number }).status !== 404 };
 * await pipe(urls, transforms.map(fetchJson, { concurrency: 8, retry }), sinks.collect());
 * ```
 */
export interface RetryOptions {
  /** Calls in all, the first one included. Default 3. */
  attempts?: number | undefined;
  /** Milliseconds before the second call, and the least delay. Default 100. */
  minDelay?: number | undefined;
  /** The longest delay, in milliseconds. Default 10000. */
  maxDelay?: number | undefined;
  /** How much each delay grows over the one before. Default 2. */
  factor?: number | undefined;
  /** Whether a failure is worth another call. Default: every failure. */
  retryIf?: ((error: unknown, attempt: number) => boolean) | undefined;
}

const KNOWN = ['attempts', 'minDelay', 'maxDelay', 'factor', 'retryIf'];

/** A checked retry policy. */
export class Retry {
  readonly attempts: number;
  readonly #minDelay: number;
  readonly #maxDelay: number;
  readonly #factor: number;
  readonly #retryIf: ((error: unknown, attempt: number) => boolean) | undefined;

  constructor(options: RetryOptions) {
    if (typeof options !== 'object' || options === null) {
      throw codedError(TypeError, codes.INVALID_ARG_TYPE, `The "retry" option must be an object. ${received(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!KNOWN.includes(key)) {
        throw codedError(TypeError, codes.INVALID_ARG_VALUE, `Unknown option "${key}" in "retry"; known options are ${KNOWN.join(', ')}`);
      }
    }
    const { attempts = 3, minDelay = 100, maxDelay = 10_000, factor = 2, retryIf } = options;
    validateInteger(attempts, 'retry.attempts', 1);
    validateNumber(minDelay, 'retry.minDelay', 0, Number.MAX_SAFE_INTEGER);
    validateNumber(maxDelay, 'retry.maxDelay', minDelay, Number.MAX_SAFE_INTEGER);
    validateNumber(factor, 'retry.factor', 1, Number.MAX_SAFE_INTEGER);
    if (retryIf !== undefined) validateFunction(retryIf, 'retry.retryIf');
    this.attempts = attempts;
    this.#minDelay = minDelay;
    this.#maxDelay = maxDelay;
    this.#factor = factor;
    this.#retryIf = retryIf;
  }

  /** True when `attempt` calls have failed and another is allowed for this error. */
  again(error: unknown, attempt: number): boolean {
    return attempt < this.attempts && (this.#retryIf === undefined || this.#retryIf(error, attempt) === true);
  }

  /** Milliseconds to wait after failed call number `attempt` (1-based). */
  delay(attempt: number): number {
    const base = this.#minDelay * this.#factor ** (attempt - 1);
    return Math.min(this.#maxDelay, base * (1 + Math.random()));
  }
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts, clearing the
 * timer. The timer functions are looked up when called, so that a test's fake clock applies.
 *
 * @example
 * ```ts
 * await sleep(retry.delay(attempt), signal);
 * ```
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      globalThis.clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = globalThis.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
