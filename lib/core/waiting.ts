/**
 * A promise that a loop waits for: how `Chain` and the compiled loop's `Runner` suspend. The
 * loop stops, its host awaits `done` (which never rejects), and the loop goes on with
 * `value()`, which throws what the promise rejected with.
 */
export class Waiting {
  /** Resolves once the promise settled, whichever way. */
  readonly done: Promise<void>;
  #settled = false;
  #failed = false;
  #value: unknown;

  constructor(promise: PromiseLike<unknown>) {
    this.done = Promise.resolve(promise).then(
      (value) => this.#end(false, value),
      (err: unknown) => this.#end(true, err),
    );
  }

  get settled(): boolean {
    return this.#settled;
  }

  /**
   * What the promise resolved with; throws what it rejected with, through `wrap` if given.
   *
   * @example
   * ```ts
   * const value = waiting.value((err) => stageError(op, index, err));
   * ```
   */
  value(wrap?: (err: unknown) => unknown): unknown {
    if (this.#failed) throw wrap === undefined ? this.#value : wrap(this.#value);
    return this.#value;
  }

  #end(failed: boolean, value: unknown): void {
    this.#settled = true;
    this.#failed = failed;
    this.#value = value;
  }
}
