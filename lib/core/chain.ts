/**
 * Runs a chain of ops (`lib/core/op.ts`) on one item at a time, in one loop: the engine behind
 * op stages whose ops expand, and the loop every pipe runs on where code generation is refused.
 *
 * Expanding ops (flatMap, kmers...) give iterators that are driven lazily from an explicit
 * stack, never by recursion: when the output function asks to pause (a full readable
 * buffer), the chain keeps its place and `resume()` goes on from there. Memory is therefore
 * bounded by the stack depth (the number of expanding ops), whatever the expansion factor.
 *
 * An op that answers ASYNC, an async iterator, or an output function that returns a promise
 * suspends the chain the same way: `pending` is then set, and once it resolves `resume()`
 * goes on with the settled value where the loop stopped.
 */
import { ASYNC, closeIterator, SKIP, type Op } from './op.js';
import { stageError } from './stage-error.js';
import { Waiting } from './waiting.js';

interface Frame {
  it: Iterator<unknown> | AsyncIterator<unknown>;
  /** True when `next()` returns promises. */
  async: boolean;
  /** The op that the iterator's values are fed into. */
  level: number;
  /** The op that made the iterator, and the index of its input item, for errors. */
  op: Op<unknown, unknown>;
  index: number | undefined;
}

/** What a suspended chain waits for. */
type Wait = { op: Op<unknown, unknown>; level: number; index: number } | { frame: Frame } | { out: true };

/** `out` receives each output; false asks the chain to pause, a promise to wait for it. */
export type Out = (item: unknown) => boolean | Promise<unknown>;

export class Chain {
  readonly ops: readonly Op<unknown, unknown>[];
  readonly #out: Out;
  readonly #counts: number[];
  readonly #stack: Frame[] = [];
  /** Highest index of an op that is done; -1 while none is. */
  #maxDone = -1;
  /** Next op to flush; -1 until flushing starts. */
  #flushLevel = -1;
  #wait: Wait | undefined;
  #waiting: Waiting | undefined;

  constructor(ops: readonly Op<unknown, unknown>[], out: Out) {
    this.ops = ops;
    this.#out = out;
    this.#counts = ops.map(() => 0);
  }

  /** Set while the chain waits for a promise; resolves (never rejects) once it settled. */
  get pending(): Promise<void> | undefined {
    return this.#waiting?.done;
  }

  /** True when no further input can give output (an op such as take is done). */
  get done(): boolean {
    const d = this.#maxDone;
    if (d < 0 || this.#wait !== undefined) return false;
    for (const frame of this.#stack) if (frame.level > d) return false;
    return true;
  }

  /**
   * Feeds one item to the first op. Returns false when it paused with work pending: wait for
   * `pending` if set (else for the consumer), then call `resume()` before feeding more.
   */
  feed(item: unknown): boolean {
    return this.#loop(item, 0, true);
  }

  /** Goes on with pending work. Returns false when it paused again. */
  resume(): boolean {
    if (this.#wait !== undefined) return this.#continue();
    return this.#loop(undefined, 0, false);
  }

  /**
   * Flushes every op in order (the outputs of op l go through ops l+1...). Returns false
   * when it paused: call `flush()` again to go on.
   */
  flush(): boolean {
    if (this.#flushLevel < 0) this.#flushLevel = this.#maxDone + 1;
    const ops = this.ops;
    for (;;) {
      if (!this.resume()) return false;
      if (this.#flushLevel >= ops.length) return true;
      const level = this.#flushLevel++;
      const op = ops[level]!;
      if (op.flush === undefined) continue;
      let it: Iterator<unknown> | undefined;
      try {
        it = op.flush();
      } catch (err) {
        throw stageError(op, undefined, err);
      }
      if (it !== undefined) this.#push(it, level + 1, op, undefined);
    }
  }

  /**
   * Lets go of the iterators still being driven (the stage is torn down, or its consumer has
   * all it needs), so that a generator's `finally` runs and closes what it opened.
   */
  close(): void {
    const stack = this.#stack;
    while (stack.length > 0) closeIterator(stack.pop()!.it);
  }

  #suspend(promise: PromiseLike<unknown>, wait: Wait): false {
    this.#wait = wait;
    this.#waiting = new Waiting(promise);
    return false;
  }

  /** Goes on from where the chain was suspended, once the promise settled. */
  #continue(): boolean {
    const wait = this.#wait!;
    const waiting = this.#waiting!;
    if (!waiting.settled) return false;
    this.#wait = this.#waiting = undefined;
    if ('out' in wait) {
      // The output function's promise says whether to go on, as its boolean would.
      if (waiting.value() === false) return false;
      return this.#loop(undefined, 0, false);
    }
    if ('frame' in wait) {
      const { frame } = wait;
      const next = waiting.value((err) => stageError(frame.op, frame.index, err)) as IteratorResult<unknown>;
      if (next.done !== true) return this.#loop(next.value, frame.level, true);
      this.#stack.pop();
      return this.#loop(undefined, 0, false);
    }
    const { op, level, index } = wait;
    const value = waiting.value((err) => stageError(op, index, err));
    if (op.done && level > this.#maxDone) this.#maxDone = level;
    if (value === SKIP || (op.expands && value === undefined)) return this.#loop(undefined, 0, false);
    if (!op.expands) return this.#loop(value, level + 1, true);
    this.#push(value as Iterator<unknown>, level + 1, op, index);
    return this.#loop(undefined, 0, false);
  }

  #push(it: Iterator<unknown> | AsyncIterator<unknown>, level: number, op: Op<unknown, unknown>, index: number | undefined): void {
    const async = typeof (it as AsyncIterableIterator<unknown>)[Symbol.asyncIterator] === 'function';
    this.#stack.push({ it, async, level, op, index });
  }

  #loop(item: unknown, level: number, hasItem: boolean): boolean {
    const ops = this.ops;
    const n = ops.length;
    const stack = this.#stack;
    let x = item;
    for (;;) {
      if (hasItem) {
        let emit = true;
        for (let l = level; l < n; l++) {
          const op = ops[l]!;
          const index = this.#counts[l]!;
          this.#counts[l] = index + 1;
          let r: unknown;
          try {
            r = op.step(x, index);
          } catch (err) {
            throw stageError(op, index, err);
          }
          if (op.done && l > this.#maxDone) this.#maxDone = l;
          if (r === ASYNC) return this.#suspend(op.pending!, { op, level: l, index });
          if (op.expands) {
            if (r !== undefined && r !== SKIP) this.#push(r as Iterator<unknown>, l + 1, op, index);
            emit = false;
            break;
          }
          if (r === SKIP) {
            emit = false;
            break;
          }
          x = r;
        }
        if (emit) {
          const more = this.#out(x);
          // A full consumer with nothing pending is the stream's business (it holds the
          // write callback); with an iterator pending, we must stop here and keep our place.
          if (more === false) {
            if (stack.length > 0) return false;
          } else if (more !== true) {
            return this.#suspend(more, { out: true });
          }
        }
      }
      const top = stack[stack.length - 1];
      if (top === undefined) return true;
      if (top.level <= this.#maxDone) {
        // Everything this iterator gives would meet a finished op: drop it.
        closeIterator(stack.pop()!.it);
        hasItem = false;
        continue;
      }
      let next: IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
      try {
        next = top.it.next();
      } catch (err) {
        throw stageError(top.op, top.index, err);
      }
      if (top.async) return this.#suspend(next as Promise<IteratorResult<unknown>>, { frame: top });
      if ((next as IteratorResult<unknown>).done === true) {
        stack.pop();
        hasItem = false;
        continue;
      }
      x = (next as IteratorResult<unknown>).value;
      level = top.level;
      hasItem = true;
    }
  }
}
