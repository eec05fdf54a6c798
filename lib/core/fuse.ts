/**
 * Compiles a run of one-to-one ops and a reducer into one specialised loop over a batch of
 * items: the hot path of `pipe()` for pipes of small functions.
 *
 * Why code generation: a shared loop (`lib/core/chain.ts`) calls `op.step` from one call site for
 * every kind of op, which V8 sees as megamorphic and cannot inline; measured here, it cost
 * ~40 ns per item per op. A function made for this one chain has a call site per op, each
 * monomorphic, so V8 inlines the user's functions into the loop (a few ns per item per op).
 * The generated text comes only from the number of ops, never from user input.
 */
import { stageError } from './chain.js';
import { SKIP, type Op } from './op.js';
import { STOP, type Reducer } from './sink.js';

/** Loops over a batch; returns false once the reducer stopped or an op is done. */
export type BatchLoop = (batch: ArrayLike<unknown>) => boolean;

type Factory = (
  ops: readonly Op<unknown, unknown>[],
  reducer: Reducer<unknown, unknown>,
  sink: { name: string; position?: number | undefined },
  SKIP_: symbol,
  STOP_: symbol,
  wrap: typeof stageError,
) => { loop: BatchLoop; index: () => number };

const factories = new Map<number, Factory>();

function factory(n: number): Factory {
  let f = factories.get(n);
  if (f !== undefined) return f;
  const lines: string[] = [];
  for (let l = 0; l < n; l++) lines.push(`const o${l} = ops[${l}]; let c${l} = 0;`);
  lines.push('let idx = 0; let level = 0;');
  lines.push('const loop = function (batch) {');
  lines.push('  const len = batch.length;');
  lines.push('  try {');
  lines.push('    for (let i = 0; i < len; i++) {');
  lines.push('      let x = batch[i]; let r;');
  for (let l = 0; l < n; l++) {
    lines.push(`      level = ${l}; r = o${l}.step(x, c${l}++);`);
    lines.push(`      if (r === SKIP_) { if (o${l}.done) return false; continue; }`);
    lines.push('      x = r;');
  }
  lines.push(`      level = ${n}; r = reducer.step(x, idx); idx++;`);
  lines.push('      if (r === STOP_) return false;');
  for (let l = 0; l < n; l++) lines.push(`      if (o${l}.done) return false;`);
  lines.push('    }');
  lines.push('  } catch (err) {');
  lines.push(`    if (level === ${n}) throw wrap(sink, idx, err);`);
  lines.push('    const op = ops[level];');
  lines.push(`    throw wrap(op, [${Array.from({ length: n }, (_, l) => `c${l}`).join(', ')}][level] - 1, err);`);
  lines.push('  }');
  lines.push('  return true;');
  lines.push('};');
  lines.push('return { loop, index: () => idx };');
  f = new Function('ops', 'reducer', 'sink', 'SKIP_', 'STOP_', 'wrap', lines.join('\n')) as Factory;
  factories.set(n, f);
  return f;
}

/**
 * True when every op is one-to-one with nothing to flush (no iterators to drive), so that a
 * loop can be compiled; other chains run in `Chain`.
 */
export const compilable = (ops: readonly Op<unknown, unknown>[]): boolean => ops.every((op) => !op.expands && op.flush === undefined);

/** Compiles `ops` followed by `reducer` into one batch loop. */
export function compileBatchLoop(
  ops: readonly Op<unknown, unknown>[],
  reducer: Reducer<unknown, unknown>,
  sink: { name: string; position?: number | undefined },
): BatchLoop {
  return factory(ops.length)(ops, reducer, sink, SKIP, STOP, stageError).loop;
}

type FeedFactory = (
  ops: readonly Op<unknown, unknown>[],
  out: (item: unknown) => boolean,
  SKIP_: symbol,
  wrap: typeof stageError,
) => (item: unknown) => boolean;

const feedFactories = new Map<number, FeedFactory>();

function feedFactory(n: number): FeedFactory {
  let f = feedFactories.get(n);
  if (f !== undefined) return f;
  const lines: string[] = [];
  for (let l = 0; l < n; l++) lines.push(`const o${l} = ops[${l}]; let c${l} = 0;`);
  lines.push('let level = 0;');
  lines.push('return function feed(x) {');
  lines.push('  let r;');
  lines.push('  try {');
  for (let l = 0; l < n; l++) {
    lines.push(`    level = ${l}; r = o${l}.step(x, c${l}++);`);
    lines.push('    if (r === SKIP_) return true;');
    lines.push('    x = r;');
  }
  lines.push('  } catch (err) {');
  lines.push(`    throw wrap(ops[level], [${Array.from({ length: n }, (_, l) => `c${l}`).join(', ')}][level] - 1, err);`);
  lines.push('  }');
  lines.push('  out(x);');
  lines.push('  return true;');
  lines.push('};');
  f = new Function('ops', 'out', 'SKIP_', 'wrap', lines.join('\n')) as FeedFactory;
  feedFactories.set(n, f);
  return f;
}

/**
 * The `Chain` interface for one-to-one ops, compiled (see above): what an op stage runs per
 * written item when none of its ops expands. With nothing to drive lazily there is never
 * work pending: a full consumer is the Transform's business, as for any core Transform.
 */
export class CompiledChain {
  readonly ops: readonly Op<unknown, unknown>[];
  readonly feed: (item: unknown) => boolean;

  constructor(ops: readonly Op<unknown, unknown>[], out: (item: unknown) => boolean) {
    this.ops = ops;
    this.feed = feedFactory(ops.length)(ops, out, SKIP, stageError);
  }

  get done(): boolean {
    for (const op of this.ops) if (op.done) return true;
    return false;
  }

  resume(): boolean {
    return true;
  }

  flush(): boolean {
    return true;
  }
}
