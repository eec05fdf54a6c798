/**
 * Compile-time checks: `npm test` compiles this file (tsc, strict), and each
 * `@ts-expect-error` fails the build if the line below it stops being an error. So a wrong
 * stage order that compiles is a failing test. Nothing here runs.
 */
import * as stream from 'node:stream';
import { Transform } from 'node:stream';
import { compose, pipe, pipeWith } from '../../lib/index.js';
import { filter, map, pluck, batch } from '../../transforms/index.js';
import { collect, frequencies, sum } from '../../sinks/index.js';

export async function typeChecks(): Promise<void> {
  const records = [{ id: 'r1', sequence: 'ACGT' }];

  // Types flow from the source through every stage to the sink's result.
  const n: number = await pipe([1, 2, 3], map((x: number) => x * 2), filter((x: number) => x > 2), sum());
  const words: Map<string, number> = await pipe(records, pluck('sequence'), frequencies());
  const batches: number[][] = await pipe([1, 2, 3], batch(2), collect());
  void n, words, batches;

  // @ts-expect-error: sum() needs numbers, the stage before gives strings.
  await pipe([1, 2, 3], map((x: number) => String(x)), sum());

  // @ts-expect-error: the stage takes strings, the source gives numbers.
  await pipe([1, 2, 3], map((s: string) => s.length), sum());

  // @ts-expect-error: stages in the wrong order (toUpperCase needs a string, gets a number).
  await pipe(['a'], map((s: string) => s.length), map((s: string) => s.toUpperCase()), collect());

  // @ts-expect-error: a sink in the middle is not a stage.
  await pipe([1], sum(), map((x: number) => x), collect());

  // @ts-expect-error: pluck of a key the records do not have.
  await pipe(records, pluck('quality'), collect());

  // compose carries the types of its ends.
  const lengths = compose(map((s: string) => s.length), filter((x: number) => x > 1));
  const total: number = await pipe(['ab', 'c'], lengths, sum());
  void total;
  // @ts-expect-error: the composed stage takes strings.
  await pipe([1, 2], lengths, sum());

  // A foreign Transform is untyped (any to any) and fits anywhere.
  await pipe([1, 2], new Transform({ objectMode: true }), map((s: string) => s), collect());

  // So is the Duplex of Node's stream.compose (not declared by @types/node 20).
  const nodeCompose = (stream as unknown as { compose: (...s: unknown[]) => stream.Duplex }).compose;
  const duplex = nodeCompose(new Transform({ objectMode: true }));
  const viaDuplex: number = await pipe([1, 2], duplex, map((x: number) => x), sum());
  void viaDuplex;

  // An async map's output is the awaited value, not a promise.
  const doubled: number = await pipe([1, 2, 3], map(async (x: number) => x * 2), sum());
  void doubled;
  // @ts-expect-error: an async map of strings does not give numbers.
  await pipe(['a'], map(async (s: string) => s), sum());

  // Web streams: a ReadableStream source and a WritableStream destination.
  const fromWeb: number = await pipe(new ReadableStream<number>(), map((x: number) => x + 1), sum());
  void fromWeb;
  await pipe([1, 2], map((x: number) => String(x)), new WritableStream<string>());
  // @ts-expect-error: the WritableStream takes numbers, the stage gives strings.
  await pipe([1, 2], map((x: number) => String(x)), new WritableStream<number>());
}

export async function typeChecksWithOptions(signal: AbortSignal): Promise<void> {
  const records = [{ id: 'r1', sequence: 'ACGT' }];
  const words: Map<string, number> = await pipeWith({ signal })(records, pluck('sequence'), frequencies());
  const batches: number[][] = await pipeWith({ signal })([1, 2, 3], batch(2), collect());
  // A trailing options object is fine where the stages' types are explicit.
  const total: number = await pipe([1, 2, 3], map((x: number) => x * 2), sum(), { signal });
  void words, batches, total;
}
