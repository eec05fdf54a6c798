/**
 * Turns the arguments of `pipe()` into what Node's `pipeline` runs: the source as a
 * Readable, adjacent op stages fused into one Transform, and the ops just before a reducer
 * sink fused into the sink itself, so that the hot loop of a pipe of small functions is
 * one loop over batches of items. Every stage keeps its name and position for errors.
 */
import type { Readable, Writable } from 'node:stream';
import { Chain } from './chain.js';
import { compilable, compileBatchLoop } from './fuse.js';
import { IterableSource } from './from.js';
import type { Op } from './op.js';
import { OpStage } from './op-stage.js';
import { finish, stepper, type ReducerFactory } from './sink.js';
import { kEnableBatches, kName, kOps, kReducer } from './symbols.js';
import type { StatsCollector } from './stats.js';
import { received } from './validate.js';
import { take } from '../../transforms/take.js';
import type { SinkOptions } from './types.js';

/** Where a stage stands, for errors. */
export interface StageInfo {
  name: string;
  position: number;
}

type AnyFn = (source: AsyncIterable<unknown>, options: { signal: AbortSignal }) => unknown;

export interface Plan {
  /** What to hand to Node's `pipeline`, source first; the last is a sink function or a Writable. */
  parts: (Readable | Writable | AnyFn)[];
  /** Every stream among the parts with its name and position, for error attribution. */
  streams: Map<Readable | Writable, StageInfo>;
  /** Function stages and the sink, wrapped so that what they throw is attributed. */
  thrownBy: WeakMap<object, StageInfo>;
  /** True when the last part is a sink function (the pipe resolves with its result). */
  hasSink: boolean;
}

export const isStream = (x: unknown): x is Readable | Writable =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Readable).on === 'function' &&
  (typeof (x as Readable).pipe === 'function' || typeof (x as Writable).write === 'function');

const nameOf = (x: object): string => (x as { [kName]?: string })[kName] ?? ((x as { name?: string }).name || x.constructor?.name || 'stage');

/** The source argument as a Readable. */
function toReadable(source: unknown): Readable {
  if (isStream(source) && typeof (source as Readable).read === 'function') return source as Readable;
  if (typeof source === 'string') {
    throw new TypeError(
      `pipe() got a string as its source: to read a file, use sources.lines(${JSON.stringify(source.length > 40 ? source.slice(0, 40) + '...' : source)})`,
    );
  }
  if (
    source != null &&
    (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  ) {
    return new IterableSource(source as Iterable<unknown>);
  }
  throw new TypeError(`The source of pipe() must be a Readable, an iterable or an async iterable. ${received(source)}`);
}

/** How `pipe()` asks for a plan: metrics, or a run on the first records only. */
export interface PlanOptions {
  stats?: StatsCollector | undefined;
  sample?: number | undefined;
}

export function plan(args: unknown[], options: PlanOptions = {}): Plan {
  const { stats, sample } = options;
  const [first, ...rest] = args;
  const last = rest.pop();
  const thrownBy = new WeakMap<object, StageInfo>();
  const streams = new Map<Readable | Writable, StageInfo>();
  const source = toReadable(first);
  streams.set(source, { name: nameOf(source), position: 1 });
  stats?.row(1, nameOf(source));
  const parts: Plan['parts'] = [source];
  let run: Op<unknown, unknown>[] = [];
  if (sample !== undefined) {
    // sampleRun(n): a take(n) right after the source, which stops reading it once satisfied.
    const op = (take(sample) as unknown as { [kOps]: Op<unknown, unknown>[] })[kOps][0]!;
    op.position = 1;
    run.push(op);
  }
  const fused: OpStage[] = [];

  const flushRun = (): void => {
    if (run.length === 0) return;
    const stage = new OpStage(run);
    stage.managed = true;
    fused.push(stage);
    streams.set(stage, { name: stage[kName], position: run[0]!.position ?? 0 });
    parts.push(stage);
    run = [];
  };

  rest.forEach((stage, i) => {
    const info: StageInfo = { name: '', position: i + 2 };
    const ops = (stage as { [kOps]?: Op<unknown, unknown>[] } | null)?.[kOps];
    if (ops !== undefined) {
      for (const op of ops) {
        op.position ??= info.position;
        run.push(stats === undefined ? op : stats.wrapOp(op, op.position!));
      }
      return;
    }
    flushRun();
    if (typeof stage === 'function') {
      info.name = nameOf(stage);
      stats?.row(info.position, info.name);
      parts.push(wrapFn(stage as AnyFn, info, thrownBy));
    } else if (isStream(stage)) {
      info.name = nameOf(stage);
      stats?.row(info.position, info.name);
      stats?.watchSpill(stage, info.position);
      streams.set(stage, info);
      parts.push(stage);
    } else {
      throw new TypeError(`Stage ${info.position} of pipe() must be a stream or a function. ${received(stage)}`);
    }
  });

  const sinkInfo: StageInfo = { name: '', position: args.length };
  let hasSink = true;
  let fusedSink: FusedSink | undefined;
  if (typeof last === 'function') {
    sinkInfo.name = nameOf(last);
    const make = (last as { [kReducer]?: ReducerFactory<unknown, unknown> })[kReducer];
    if (make !== undefined) {
      const counted = stats === undefined ? make : stats.wrapReducer(make, sinkInfo.position, sinkInfo.name);
      fusedSink = new FusedSink(run, counted, sinkInfo, stats === undefined);
      run = [];
      parts.push(fusedSink.run);
    } else {
      flushRun();
      const fn = last as AnyFn;
      const counted: AnyFn = stats === undefined ? fn : (src, o) => fn(stats.countInto(src, sinkInfo.position, sinkInfo.name), o);
      parts.push(wrapFn(counted, sinkInfo, thrownBy));
    }
  } else if (isStream(last) && typeof (last as Writable).write === 'function') {
    if ((last as { [kOps]?: unknown })[kOps] !== undefined) {
      throw new TypeError(
        `The last argument of pipe() is a transform stage (${nameOf(last)}) whose output nobody reads: end the pipe with a sink such as sinks.collect() or a Writable`,
      );
    }
    flushRun();
    sinkInfo.name = nameOf(last);
    stats?.row(sinkInfo.position, sinkInfo.name);
    streams.set(last, sinkInfo);
    parts.push(last);
    hasSink = false;
  } else {
    throw new TypeError(`The last argument of pipe() must be a sink function or a Writable. ${received(last)}`);
  }

  // The source sends arrays of items when the stage that reads it is one we fused.
  const consumer = parts[1];
  const batchable = (source as { [kEnableBatches]?: () => void })[kEnableBatches];
  if (typeof batchable === 'function' && source.readableFlowing === null && source.readableLength === 0) {
    if (fusedSink !== undefined && consumer === fusedSink.run) {
      batchable.call(source);
      fusedSink.batched = true;
    } else if (consumer instanceof OpStage && fused.includes(consumer)) {
      batchable.call(source);
      consumer.acceptBatches();
    }
  }
  return { parts, streams, thrownBy, hasSink };
}

/** Wraps a function stage or sink so that an error it throws is attributed to it. */
function wrapFn(fn: AnyFn, info: StageInfo, thrownBy: WeakMap<object, StageInfo>): AnyFn {
  const mark = (err: unknown): void => {
    if (typeof err === 'object' && err !== null && !thrownBy.has(err)) thrownBy.set(err, info);
  };
  return (source, options) => {
    let out: unknown;
    try {
      out = fn(source, options);
    } catch (err) {
      mark(err);
      throw err;
    }
    if (out != null && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).catch((err: unknown) => {
        mark(err);
        throw err;
      });
    }
    if (out != null && typeof (out as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      return (async function* () {
        try {
          yield* out as AsyncIterable<unknown>;
        } catch (err) {
          mark(err);
          throw err;
        }
      })();
    }
    return out;
  };
}

/** A reducer sink with the ops before it run in the same loop. */
class FusedSink {
  batched = false;
  readonly #ops: Op<unknown, unknown>[];
  readonly #make: ReducerFactory<unknown, unknown>;
  readonly #info: StageInfo;

  readonly #compile: boolean;

  constructor(ops: Op<unknown, unknown>[], make: ReducerFactory<unknown, unknown>, info: StageInfo, compile: boolean) {
    this.#ops = ops;
    this.#make = make;
    this.#info = info;
    this.#compile = compile;
  }

  readonly run = async (source: AsyncIterable<unknown>, options?: SinkOptions): Promise<unknown> => {
    const reducer = this.#make(options?.signal);
    const info = this.#info;
    const out = stepper(reducer, info);
    if (this.#compile && compilable(this.#ops)) {
      // One compiled loop per batch: see lib/core/fuse.ts. Items not in batches come as batches of one.
      const loop = compileBatchLoop(this.#ops, reducer, info);
      if (this.batched) {
        for await (const batch of source as AsyncIterable<unknown[]>) if (!loop(batch)) break;
      } else {
        const one: unknown[] = [undefined];
        for await (const item of source) {
          one[0] = item;
          if (!loop(one)) break;
        }
      }
      return finish(reducer, info);
    }
    let stopped = false;
    const chain = new Chain(this.#ops, (item) => (stopped = !out(item)) === false);
    const feed = (item: unknown): boolean => (chain.feed(item), !stopped && !chain.done);
    if (this.batched) {
      outer: for await (const batch of source as AsyncIterable<unknown[]>) {
        for (let i = 0; i < batch.length; i++) if (!feed(batch[i])) break outer;
      }
    } else {
      for await (const item of source) if (!feed(item)) break;
    }
    if (!stopped) chain.flush();
    return finish(reducer, info);
  };
}
