/**
 * Runs a chain of ops (`lib/core/op.ts`) on one item at a time, in one loop: the engine behind
 * every op stage and behind the stages that `pipe()` fuses.
 *
 * Expanding ops (flatMap, kmers...) give iterators that are driven lazily from an explicit
 * stack, never by recursion: when the output function asks to pause (a full readable
 * buffer), the chain keeps its place and `resume()` goes on from there. Memory is therefore
 * bounded by the stack depth (the number of expanding ops), whatever the expansion factor.
 */
import { isLocated, StageError, StreamtoolzError } from './errors.js';
import { SKIP, type Op } from './op.js';

interface Frame {
  it: Iterator<unknown>;
  /** The op that the iterator's values are fed into. */
  level: number;
  /** The op that made the iterator, and the index of its input item, for errors. */
  op: Op<unknown, unknown>;
  index: number | undefined;
}

/** Wraps an error thrown by an op as a StageError naming the op and the item. */
export function stageError(op: { name: string; position?: number | undefined }, index: number | undefined, err: unknown): Error {
  if (err instanceof StageError) return op.position === undefined ? err : err.setPosition(op.position);
  if (isLocated(err)) return err;
  // Our own errors keep their code (NO_RESULT, ...) while gaining the stage's name.
  const code = err instanceof StreamtoolzError ? err.code : undefined;
  return new StageError({ stage: op.name, position: op.position, index }, err, code);
}

export class Chain {
  readonly ops: readonly Op<unknown, unknown>[];
  readonly #out: (item: unknown) => boolean;
  readonly #counts: number[];
  readonly #stack: Frame[] = [];
  /** Highest index of an op that is done; -1 while none is. */
  #maxDone = -1;
  /** Next op to flush; -1 until flushing starts. */
  #flushLevel = -1;

  /** `out` receives each output of the last op; returning false asks the chain to pause. */
  constructor(ops: readonly Op<unknown, unknown>[], out: (item: unknown) => boolean) {
    this.ops = ops;
    this.#out = out;
    this.#counts = ops.map(() => 0);
  }

  /** True when no further input can give output (an op such as take is done). */
  get done(): boolean {
    const d = this.#maxDone;
    if (d < 0) return false;
    for (const frame of this.#stack) if (frame.level > d) return false;
    return true;
  }

  /**
   * Feeds one item to the first op. Returns false when it paused with work pending: call
   * `resume()` before feeding more.
   */
  feed(item: unknown): boolean {
    return this.#loop(item, 0, true);
  }

  /** Goes on with pending work. Returns false when it paused again. */
  resume(): boolean {
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
      if (!this.#loop(undefined, 0, false)) return false;
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
      if (it !== undefined) this.#stack.push({ it, level: level + 1, op, index: undefined });
    }
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
          if (op.expands) {
            if (r !== undefined) stack.push({ it: r as Iterator<unknown>, level: l + 1, op, index });
            emit = false;
            break;
          }
          if (r === SKIP) {
            emit = false;
            break;
          }
          x = r;
        }
        // A full consumer with nothing pending is the stream's business (it holds the
        // write callback); with an iterator pending, we must stop here and keep our place.
        if (emit && !this.#out(x) && stack.length > 0) return false;
      }
      const top = stack[stack.length - 1];
      if (top === undefined) return true;
      if (top.level <= this.#maxDone) {
        // Everything this iterator gives would meet a finished op: drop it.
        stack.pop();
        hasItem = false;
        continue;
      }
      let next: IteratorResult<unknown>;
      try {
        next = top.it.next();
      } catch (err) {
        throw stageError(top.op, top.index, err);
      }
      if (next.done === true) {
        stack.pop();
        hasItem = false;
        continue;
      }
      x = next.value;
      level = top.level;
      hasItem = true;
    }
  }
}
