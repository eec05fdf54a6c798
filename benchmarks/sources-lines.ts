/**
 * `lines()` against a raw read and hand-written `Buffer.indexOf` splitting (the goal: within
 * 1.2× of the latter), and against split2. Input: text lines of varied length (about 45
 * bytes), generated into benchmarks/data/.
 *
 * Usage: npx tsx benchmarks/sources-lines.ts [MB=20] [--runs 5] [--warm] [--only raw,indexof,lines-pipe]
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMain } from './support.js';
import { pipeCount, runSourceBenchmark, type SourceBenchmark } from './sources-support.js';

const CHUNK = 512 * 1024;

export const bench: SourceBenchmark = {
  title: 'lines(): splitting a text file into lines',
  defaultMb: 20,
  file: (mb) => `benchmarks/data/lines-${mb}mb.txt`,
  generate: (path, mb) => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'ünïcode', '42', '3.14159'];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < mb * 1e6; i++) {
      const n = 3 + (i % 9);
      let line = `${i}`;
      for (let j = 0; j < n; j++) line += ` ${words[(i * 7 + j * 3) % words.length]}`;
      parts.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    writeFileSync(path, `${parts.join('\n')}\n`);
  },
  cases: {
    raw: {
      label: 'raw read (512 KiB chunks), no splitting',
      load: async () => async (path) => {
        let n = 0;
        for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }))
          for (let i = (chunk as Buffer).indexOf(10); i !== -1; i = (chunk as Buffer).indexOf(10, i + 1)) n++;
        return n;
      },
    },
    indexof: {
      label: 'raw read + Buffer.indexOf, a string per line',
      load: async () => async (path) => {
        let n = 0;
        let rest: Buffer | undefined;
        for await (const c of createReadStream(path, { highWaterMark: CHUNK })) {
          const chunk = rest ? Buffer.concat([rest, c as Buffer]) : (c as Buffer);
          let start = 0;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
            if (chunk.toString('utf8', start, i).length >= 0) n++;
            start = i + 1;
          }
          rest = start < chunk.length ? chunk.subarray(start) : undefined;
        }
        return n;
      },
    },
    split2: {
      label: 'split2 in pipeline',
      baseline: 'indexof',
      load: async () => {
        const split2 = (await import('split2')).default;
        const { pipeline } = await import('node:stream/promises');
        return async (path) => {
          let n = 0;
          await pipeline(createReadStream(path, { highWaterMark: CHUNK }), split2(), async (src: AsyncIterable<string>) => {
            for await (const _ of src) n++;
          });
          return n;
        };
      },
    },
    'lines-iter': {
      label: 'for await (const line of lines(path))',
      baseline: 'indexof',
      load: async () => {
        const { lines } = await import('../sources/lines.js');
        return async (path) => {
          let n = 0;
          for await (const _ of lines(path)) n++;
          return n;
        };
      },
    },
    'lines-pipe': {
      label: 'pipe(lines(path), sinks.count())',
      baseline: 'indexof',
      load: pipeCount(async () => {
        const { lines } = await import('../sources/lines.js');
        return (path) => lines(path);
      }),
    },
  },
};

/** Runs this benchmark (for `benchmarks/run.ts`): `main(['20', '--runs', '3'])`. */
export function main(argv: string[]): Promise<void> {
  return runSourceBenchmark(fileURLToPath(import.meta.url), bench, argv);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
