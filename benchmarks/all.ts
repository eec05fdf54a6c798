/**
 * `sinks.all`: one pass into three sinks against three separate passes over the same file.
 * The sinks: `count()` (lines), `frequencies(second word)` and `reduce(+= line.length)`.
 * Input: the text file of `sources-lines.ts` (made if missing). Cases:
 *
 * - `separate`: three `pipe(lines(file), sink)` one after the other: three reads and splits.
 * - `all`: `pipe(lines(file), all({ ... }))`; every branch is a reducer, so `all` is one and
 *   `pipe()` fuses it (the source sends batches, one `step` per branch per item).
 * - `all-loop`: the same, with a `{ signal }` option, which takes the general path: the
 *   source read item by item, the reducers still stepped in the loop (no promise per branch).
 * - `all-async`: the same three sinks stripped of their reducer, so that each is an async
 *   branch iterating its own ring buffer (a promise per item per branch).
 *
 * Every case returns `lines/distinct words/characters`, and they must agree.
 *
 * Usage: npx tsx benchmarks/all.ts [MB=20] [--runs 5] [--warm] [--only separate,all]
 */
import { fileURLToPath } from 'node:url';
import { isMain } from './support.js';
import { runSourceBenchmark, type SourceBenchmark } from './sources-support.js';
import { bench as linesBench } from './sources-lines.js';

/** The second word of a line: a key with a few distinct values. */
const secondWord = (line: string): string => {
  const a = line.indexOf(' ');
  const b = line.indexOf(' ', a + 1);
  return line.slice(a + 1, b === -1 ? undefined : b);
};
const addLength = (acc: number, line: string): number => acc + line.length;

type Answer = { n: number; words: Map<string, number>; chars: number };
// The harness compares results as JSON: a string carries all three figures.
const answer = (r: Answer): number => `${r.n}/${r.words.size}/${r.chars}` as unknown as number;

async function load() {
  const { pipe } = await import('../lib/core/pipe.js');
  const { lines } = await import('../sources/lines.js');
  const { count, frequencies, reduce } = await import('../sinks/index.js');
  const { all } = await import('../sinks/all.js');
  const make = () => ({ n: count(), words: frequencies(secondWord), chars: reduce(addLength, 0) });
  return { pipe, lines, all, make };
}

export const bench: SourceBenchmark = {
  title: 'sinks.all: one pass into three sinks vs three passes',
  defaultMb: linesBench.defaultMb,
  file: linesBench.file,
  generate: linesBench.generate,
  cases: {
    separate: {
      label: 'three passes, one sink each',
      load: async () => {
        const { pipe, lines, make } = await load();
        return async (path) => {
          const s = make();
          const n = await pipe(lines(path), s.n);
          const words = await pipe(lines(path), s.words);
          const chars = await pipe(lines(path), s.chars);
          return answer({ n, words, chars });
        };
      },
    },
    all: {
      label: 'one pass, all() of three reducers (fused by pipe())',
      baseline: 'separate',
      load: async () => {
        const { pipe, lines, all, make } = await load();
        return async (path) => answer(await pipe(lines(path), all(make())));
      },
    },
    'all-loop': {
      label: 'one pass, all() general loop, reducers stepped in it',
      baseline: 'separate',
      load: async () => {
        const { pipe, lines, all, make } = await load();
        return async (path) => answer(await pipe(lines(path), all(make(), { signal: new AbortController().signal })));
      },
    },
    'all-async': {
      label: 'one pass, all() of three async branches',
      baseline: 'separate',
      load: async () => {
        const { pipe, lines, all, make } = await load();
        const strip =
          <R>(sink: (s: AsyncIterable<string>) => Promise<R>) =>
          (s: AsyncIterable<string>): Promise<R> =>
            sink(s);
        return async (path) => {
          const s = make();
          return answer(await pipe(lines(path), all({ n: strip(s.n), words: strip(s.words), chars: strip(s.chars) })));
        };
      },
    },
  },
};

/**
 * Runs the comparison and prints the table.
 *
 * @example
 * ```ts
 * await main(['20', '--runs', '3']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  await runSourceBenchmark(fileURLToPath(import.meta.url), bench, argv);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
