/**
 * The seed's "verbose" pipe: each stage says what it does, which shows that items flow
 * through every stage while the source is still yielding, never all yields first, with the
 * read-ahead bounded by the source's highWaterMark.
 *
 * Run: `node dist/examples/verbose-sum.js [N] [HIGH_WATER_MARK]`
 */
import { pathToFileURL } from 'node:url';
import { from } from '../lib/core/from.js';
import { pipe } from '../lib/core/pipe.js';

type Log = (line: string) => void;

export function* verboseRange(m: number, log: Log): Generator<number> {
  log('range start');
  for (let i = 0; i < m; i++) {
    log(`yielding ${i}`);
    yield i;
  }
  log('range done');
}

export async function* verboseTimes2(it: AsyncIterable<number>, log: Log): AsyncGenerator<number> {
  log('times2 start');
  for await (const i of it) {
    log(`multiplying ${i} by 2`);
    yield i * 2;
  }
  log('times2 done');
}

export async function verboseSum(it: AsyncIterable<number>, log: Log): Promise<number> {
  log('sum start');
  let acc = 0;
  for await (const i of it) {
    log(`adding ${i} to current total ${acc}`);
    acc += i;
  }
  log('sum done');
  return acc;
}

/** `pipe(range, times2, sum)` as in the seed; the source buffers at most `highWaterMark` items. */
export function verbosePipe(m: number, log: Log, highWaterMark = 1): Promise<number> {
  return pipe(
    from(verboseRange(m, log), { highWaterMark }),
    (it: AsyncIterable<number>) => verboseTimes2(it, log),
    (it: AsyncIterable<number>) => verboseSum(it, log),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const m = Number(process.argv[2] ?? 5);
  const s = await verbosePipe(m, (line) => console.log(line), Number(process.argv[3] ?? 1));
  console.log(`the result is ${s}`);
}
