/**
 * Runs a plan (`lib/core/plan.ts`) with Node's own `pipeline` and settles it: the sink's
 * result, or the error blamed on the stage it came from (`lib/core/blame.ts`), once every
 * stream has closed, so that no file descriptor outlives the pipe.
 */
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Plan } from './plan.js';
import { isStream } from './stream-kinds.js';
import { kEarlyEnd } from './symbols.js';
import type { PipeOptions } from './types.js';

type SinkFn = (source: AsyncIterable<unknown>, options: { signal: AbortSignal }) => Promise<unknown>;

/**
 * Runs the plan's parts and resolves with the sink's result (nothing for a Writable).
 *
 * @example
 * ```ts
 * return await run(plan(args, { stats }), options);
 * ```
 */
export async function run({ parts, streams, blame, hasSink }: Plan, options: PipeOptions): Promise<unknown> {
  for (const [stream, info] of streams) blame.watch(stream, info);

  // A stage that ended early (take) leaves the stages before it running, and so does a sink
  // that has its answer before the end (first): once everything after them is done, the
  // streams not read to their end are stopped here rather than read to the end.
  let earlyEnd = false;
  let downstreamDone = false;
  const stopUpstream = (): void => {
    if (!downstreamDone) return;
    for (const stream of streams.keys()) {
      if (stream.destroyed) continue;
      if (earlyEnd || (hasSink && (stream as { readableEnded?: boolean }).readableEnded === false)) stream.destroy();
    }
  };
  for (const stream of streams.keys()) {
    stream.once(kEarlyEnd, () => {
      earlyEnd = true;
      stopUpstream();
    });
  }
  const destination = parts[parts.length - 1];
  if (!hasSink && isStream(destination)) {
    destination.once('finish', () => {
      downstreamDone = true;
      stopUpstream();
    });
  }

  let result: unknown;
  let sinkRun: Promise<unknown> | undefined;
  if (hasSink) {
    const sink = parts.pop() as SinkFn;
    parts.push(async (source: AsyncIterable<unknown>, o: { signal: AbortSignal }) => {
      sinkRun = sink(source, o);
      result = await sinkRun;
      downstreamDone = true;
      stopUpstream();
    });
  }
  try {
    await (pipeline as (...a: unknown[]) => Promise<void>)(...parts, options.signal ? { signal: options.signal } : {});
  } catch (err) {
    // Once the sink has its answer (first, take), stopping the streams before it is how the
    // pipe ends: Node's pipeline reports that as an abort or a premature close. Success.
    if (!(downstreamDone && !options.signal?.aborted)) {
      // Node's pipeline settles on the first error; the sink may still be closing its files.
      await sinkRun?.catch(() => {});
      await settle(streams.keys());
      throw blame.explain(err, options.signal?.aborted === true);
    }
  }
  await settle(streams.keys());
  return result;
}

/** Waits until every stream has closed, so that no file descriptor outlives the pipe. */
async function settle(streams: Iterable<unknown>): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const s of streams) {
    if (isStream(s) && !(s as { closed?: boolean }).closed) waits.push(finished(s as Writable).catch(() => {}));
  }
  await Promise.all(waits);
}
