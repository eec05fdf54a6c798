/**
 * Turns the arguments of `pipe()` into what Node's `pipeline` runs: the source as a
 * Readable, adjacent op stages fused into one Transform, and the ops just before a reducer
 * sink fused into the sink itself, so that the hot loop of a pipe of small functions is
 * one loop over batches of items. Every stage keeps its name and position for errors.
 */
import type { Readable, Writable } from 'node:stream';
import { Blame, type StageInfo } from './blame.js';
import { codedError, codes } from './errors.js';
import { FusedSink } from './fused-sink.js';
import { IterableSource } from './from.js';
import type { Op } from './op.js';
import { OpStage } from './op-stage.js';
import type { ReducerFactory } from './sink.js';
import { pushedFields } from './field-use.js';
import { kEnableBatches, kName, kOps, kProjectFields, kReducer } from './symbols.js';
import type { StatsCollector } from './stats.js';
import { received } from './validate.js';
import { isOwn, isStream, nameOf } from './stream-kinds.js';
import { StreamSource } from './stream-source.js';
import { TakeOp } from './take-op.js';
import { isReadableStream, isWritableStream, WebSource, writeToWeb } from './web-streams.js';

type AnyFn = (source: AsyncIterable<unknown>, options: { signal: AbortSignal }) => unknown;

export interface Plan {
  /** What to hand to Node's `pipeline`, source first; the last is a sink function or a Writable. */
  parts: (Readable | Writable | AnyFn)[];
  /** Every stream among the parts with its name and position, for error attribution. */
  streams: Map<Readable | Writable, StageInfo>;
  /** Records the failures of the run: function stages and the sink are wrapped to report theirs. */
  blame: Blame;
  /** True when the last part is a sink function (the pipe resolves with its result). */
  hasSink: boolean;
}

/**
 * The source argument as a Readable. Streams made here are used as they are; a caller's
 * Readable or Web ReadableStream is read through a source that never destroys it.
 */
function toReadable(source: unknown): Readable {
  if (isStream(source) && typeof (source as Readable).read === 'function') {
    return isOwn(source) ? (source as Readable) : new StreamSource(source as Readable, nameOf(source));
  }
  if (isReadableStream(source)) return new WebSource(source);
  if (typeof source === 'string') {
    throw codedError(
      TypeError,
      codes.INVALID_ARG_TYPE,
      `pipe() got a string as its source: to read a file, use sources.lines(${JSON.stringify(source.length > 40 ? source.slice(0, 40) + '...' : source)})`,
    );
  }
  if (
    source != null &&
    (typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  ) {
    return new IterableSource(source as Iterable<unknown>);
  }
  throw codedError(
    TypeError,
    codes.INVALID_ARG_TYPE,
    `The source of pipe() must be a Readable, a ReadableStream, an iterable or an async iterable. ${received(source)}`,
  );
}

/**
 * Projection pushdown: when the source can read only some fields and has not been read yet,
 * and every stage after it says which fields it reads (`field-use.ts`), the source is asked
 * for those.
 */
function pushDown(source: Readable, stages: readonly unknown[], sink: unknown): void {
  const project = (source as { [kProjectFields]?: (fields: readonly string[]) => boolean })[kProjectFields];
  if (typeof project !== 'function' || source.readableFlowing !== null || source.readableLength !== 0) return;
  const fields = pushedFields(stages, sink);
  if (fields !== undefined) project.call(source, fields);
}

/** How `pipe()` asks for a plan: metrics, or a run on the first records only. */
export interface PlanOptions {
  stats?: StatsCollector | undefined;
  sample?: number | undefined;
}

export function plan(args: unknown[], options: PlanOptions = {}): Plan {
  const source = toReadable(args[0]);
  try {
    return planStages(source, args, options);
  } catch (err) {
    // A bad stage: let go of the caller's stream that the source had started to read.
    if (source instanceof StreamSource || source instanceof WebSource) source.destroy();
    throw err;
  }
}

function planStages(source: Readable, args: unknown[], options: PlanOptions): Plan {
  const { stats, sample } = options;
  const [, ...rest] = args;
  const last = rest.pop();
  pushDown(source, rest, last);
  const blame = new Blame();
  const streams = new Map<Readable | Writable, StageInfo>();
  streams.set(source, { name: nameOf(source), position: 1 });
  stats?.row(1, nameOf(source));
  stats?.watchSkipped(source, 1, nameOf(source));
  const parts: Plan['parts'] = [source];
  let run: Op<unknown, unknown>[] = [];
  if (sample !== undefined) {
    // sampleRun(n): a take(n) right after the source, which stops reading it once satisfied.
    const op = new TakeOp<unknown>(sample, `sample(${sample})`);
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
      parts.push(blame.wrap(stage as AnyFn, info));
    } else if (isStream(stage)) {
      info.name = nameOf(stage);
      stats?.row(info.position, info.name);
      stats?.watchSkipped(stage, info.position, info.name);
      stats?.watchSpill(stage, info.position);
      streams.set(stage, info);
      parts.push(stage);
    } else {
      throw codedError(TypeError, codes.INVALID_ARG_TYPE, `Stage ${info.position} of pipe() must be a stream or a function. ${received(stage)}`);
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
      parts.push(blame.wrap(counted, sinkInfo));
    }
  } else if (isWritableStream(last)) {
    flushRun();
    sinkInfo.name = 'WritableStream';
    stats?.row(sinkInfo.position, sinkInfo.name);
    // A sink resolving with nothing: pipe() stops the stages before it once it is done.
    parts.push(blame.wrap(writeToWeb(last), sinkInfo));
  } else if (isStream(last) && typeof (last as Writable).write === 'function') {
    if ((last as { [kOps]?: unknown })[kOps] !== undefined) {
      throw codedError(
        TypeError,
        codes.INVALID_ARG_VALUE,
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
    throw codedError(
      TypeError,
      codes.INVALID_ARG_TYPE,
      `The last argument of pipe() must be a sink function, a Writable or a WritableStream. ${received(last)}`,
    );
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
  return { parts, streams, blame, hasSink };
}
