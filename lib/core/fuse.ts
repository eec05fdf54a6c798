/**
 * Compiles a run of one-to-one ops and a tail (a reducer, or an op stage's push) into one
 * specialised loop over a batch of items: the hot path of `pipe()` for pipes of small functions.
 *
 * Why code generation: a shared loop (`lib/core/chain.ts`) calls `op.step` from one call site for
 * every kind of op, which V8 sees as megamorphic and cannot inline. A function made for this
 * one chain has a call site per op, each monomorphic, so V8 inlines the user's functions into
 * the loop. The generated text comes only from the number of ops, never from user input.
 *
 * An op that answers ASYNC, or a tail that returns a promise, suspends the loop: it returns
 * SUSPENDED, and `from()` later finishes that item from the level after the one that waited.
 * Where code generation is refused (`--disallow-code-generation-from-strings`), `compilable()`
 * is false and every chain runs in `Chain` instead.
 */
import { ASYNC, SKIP, type Op } from './op.js';
import { STOP } from './sink.js';
import { stageError, type StageWhere } from './stage-error.js';

/**
 * What a compiled loop ends with: a reducer's step (which may return STOP or a promise to
 * wait for), or an op stage's push (`quiet`: what it returns is not looked at).
 */
export interface Tail {
  step(item: unknown, index: number): unknown;
  readonly quiet?: boolean;
}

/** The loop went through its batch (or item), and can take more. */
export const MORE = 1;
/** The tail said STOP, or an op is done: no more input is needed. */
export const STOPPED = 0;
/** The loop waits: see {@link Compiled.waiting}. */
export const SUSPENDED = 2;
export type LoopResult = typeof MORE | typeof STOPPED | typeof SUSPENDED;

/** A compiled chain: its loops and where it stopped. */
export interface Compiled {
  /** Runs items `start...` of `batch`. */
  loop(batch: ArrayLike<unknown>, start: number): LoopResult;
  /**
   * Finishes the suspended item: `x` is what level `level - 1` gave, `level` is `ops.length + 1`
   * once the tail has taken it. Returns as `loop` does.
   */
  from(level: number, x: unknown): LoopResult;
  /** After SUSPENDED: the item's place in its batch, the level that waits, and the promise. */
  waiting(): { at: number; level: number; promise: PromiseLike<unknown> };
  /** The 0-based index of the item last given to `level` (the tail is `ops.length`). */
  index(level: number): number;
}

type Factory = (
  ops: readonly Op<unknown, unknown>[],
  tail: Tail,
  tailInfo: StageWhere,
  SKIP_: symbol,
  ASYNC_: symbol,
  STOP_: symbol,
  wrap: typeof stageError,
) => Compiled;

const factories = new Map<string, Factory>();

/**
 * The code of one item through every level, written once and used by both loops: straight
 * through in the batch loop, with a `case` per level in `from()`, which enters it mid-way.
 * `skip` and `suspend` are what the loop does when an op gives no output or waits.
 */
function itemCode(n: number, quiet: boolean, cases: boolean, skip: (l: number) => string, suspend: string): string[] {
  const lines: string[] = [];
  const label = (l: number): string => (cases ? `case ${l}: ` : '');
  for (let l = 0; l < n; l++) {
    lines.push(`${label(l)}level = ${l}; r = o${l}.step(x, c${l}++);`);
    lines.push(`  if (r === SKIP_) { ${skip(l)} }`);
    lines.push(`  if (r === ASYNC_) { promise = o${l}.pending; ${suspend} }`);
    lines.push('  x = r;');
  }
  if (quiet) lines.push(`${label(n)}level = ${n}; tail.step(x, idx); idx++;`);
  else {
    lines.push(`${label(n)}level = ${n}; r = tail.step(x, idx); idx++;`);
    lines.push(`  if (r !== undefined) { if (r === STOP_) return ${STOPPED}; promise = r; ${suspend} }`);
  }
  if (cases) lines.push(`case ${n + 1}:`);
  for (let l = 0; l < n; l++) lines.push(`  if (o${l}.done) return ${STOPPED};`);
  return lines;
}

function factory(n: number, quiet: boolean): Factory {
  const key = `${n}${quiet ? 'q' : ''}`;
  let f = factories.get(key);
  if (f !== undefined) return f;
  const counters = Array.from({ length: n }, (_, l) => `c${l}`);
  const catchCode = [
    '} catch (err) {',
    `  if (level === ${n}) throw wrap(tailInfo, idx, err);`,
    `  throw wrap(ops[level], [${counters.join(', ')}][level] - 1, err);`,
    '}',
  ];
  const lines: string[] = [];
  for (let l = 0; l < n; l++) lines.push(`const o${l} = ops[${l}]; let c${l} = 0;`);
  lines.push('let idx = 0; let level = 0; let at = 0; let promise;');
  // The batch loop: every item from the first level, straight through.
  lines.push('const loop = function (batch, start) {', '  const len = batch.length; let r;', '  try {', '  for (let i = start; i < len; i++) {');
  lines.push('    let x = batch[i];');
  lines.push(...itemCode(n, quiet, false, (l) => `if (o${l}.done) return ${STOPPED}; continue;`, `at = i; return ${SUSPENDED};`));
  lines.push('  }', ...catchCode, `  return ${MORE};`, '};');
  // One item from a given level on, after a suspension.
  lines.push('const from = function (first, x) {', '  let r;', '  try {', '    switch (first) {');
  lines.push(...itemCode(n, quiet, true, (l) => `return o${l}.done ? ${STOPPED} : ${MORE};`, `return ${SUSPENDED};`));
  lines.push('    }', ...catchCode, `  return ${MORE};`, '};');
  lines.push(
    'return {',
    '  loop, from,',
    '  waiting: () => ({ at, level, promise }),',
    `  index: (l) => (l === ${n} ? idx : [${counters.join(', ')}][l]) - 1,`,
    '};',
  );
  f = new Function('ops', 'tail', 'tailInfo', 'SKIP_', 'ASYNC_', 'STOP_', 'wrap', lines.join('\n')) as Factory;
  factories.set(key, f);
  return f;
}

let codeGeneration: boolean | undefined;

/** False where `new Function` is refused (`node --disallow-code-generation-from-strings`). */
export function canGenerateCode(): boolean {
  if (codeGeneration === undefined) {
    try {
      codeGeneration = new Function('return true')() === true;
    } catch {
      codeGeneration = false;
    }
  }
  return codeGeneration;
}

/**
 * True when every op is one-to-one with nothing to flush (no iterators to drive) and code can
 * be generated, so that a loop can be compiled; other chains run in `Chain`.
 */
export const compilable = (ops: readonly Op<unknown, unknown>[]): boolean => ops.every((op) => !op.expands && op.flush === undefined) && canGenerateCode();

/**
 * Compiles `ops` followed by `tail` into one batch loop.
 *
 * @example
 * ```ts
 * const c = compile(ops, reducer, { name: 'sum', position: 4 });
 * if (c.loop(batch, 0) === SUSPENDED) { const { at, level, promise } = c.waiting(); ... }
 * ```
 */
export function compile(ops: readonly Op<unknown, unknown>[], tail: Tail, tailInfo: StageWhere): Compiled {
  return factory(ops.length, tail.quiet === true)(ops, tail, tailInfo, SKIP, ASYNC, STOP, stageError);
}
