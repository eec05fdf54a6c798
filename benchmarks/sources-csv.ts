/**
 * Numeric CSV (the PCA input): our numeric parser (`csv(path, { numeric: true })`, the goal
 * 150 MB/s or more) against csv-parse with casting (what the issue measured: 3.3 s for
 * 93 MB), csv-parse without casting, and a raw read. Input: 1 M rows × 10 columns of
 * random doubles with a header, about 93 MB, generated into benchmarks/data/.
 *
 * Usage: npx tsx benchmarks/sources-csv.ts [MB=93] [--runs 5] [--warm] [--only raw,numeric-pipe]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isMain } from './support.js';
import { pipeCount, runSourceBenchmark, type SourceBenchmark } from './sources-support.js';

const CHUNK = 512 * 1024;

export const bench: SourceBenchmark = {
  title: 'csv(): numeric CSV rows',
  defaultMb: 93,
  file: (mb) => `benchmarks/data/numeric-${mb}mb.csv`,
  generate: async (path, mb) => {
    // Like numpy.savetxt(fmt='%.6f') of standard normals, one header row: ~9.3 bytes/field.
    const out = createWriteStream(path);
    out.write('c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n');
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const rows = Math.round((mb * 1e6) / 93);
    for (let r = 0; r < rows; r++) {
      const fields: string[] = [];
      for (let c = 0; c < 10; c++) fields.push(((rand() - 0.5) * 4).toFixed(6));
      if (!out.write(`${fields.join(',')}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  },
  cases: {
    raw: {
      label: 'raw read (512 KiB chunks), counting newlines',
      load: async () => async (path) => {
        let n = 0;
        for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }))
          for (let i = (chunk as Buffer).indexOf(10); i !== -1; i = (chunk as Buffer).indexOf(10, i + 1)) n++;
        return n - 1;
      },
    },
    'csv-parse-cast': {
      label: 'csv-parse({ cast: true, from_line: 2 }) in pipeline',
      load: async () => {
        const { parse } = await import('csv-parse');
        const { pipeline } = await import('node:stream/promises');
        return async (path) => {
          let n = 0;
          await pipeline(createReadStream(path, { highWaterMark: CHUNK }), parse({ cast: true, from_line: 2 }), async (src: AsyncIterable<number[]>) => {
            for await (const _ of src) n++;
          });
          return n;
        };
      },
    },
    'csv-strings': {
      label: "pipe(csv(path, { from_line: 2 }), count()): csv-parse's engine, string fields",
      baseline: 'csv-parse-cast',
      load: pipeCount(async () => {
        const { csv } = await import('../sources/csv.js');
        return (path) => csv(path, { from_line: 2 });
      }),
    },
    'numeric-iter': {
      label: 'for await (const row of csv(path, { numeric: true })): Float64Array rows',
      baseline: 'csv-parse-cast',
      load: async () => {
        const { csv } = await import('../sources/csv.js');
        return async (path) => {
          let n = 0;
          for await (const _ of csv(path, { numeric: true })) n++;
          return n;
        };
      },
    },
    'matrix-iter': {
      label: "for await (const m of csv(path, { numeric: 'matrix' })): a Float64Array matrix per chunk",
      baseline: 'csv-parse-cast',
      load: async () => {
        const { csv } = await import('../sources/csv.js');
        return async (path) => {
          let n = 0;
          for await (const m of csv(path, { numeric: 'matrix' })) n += m.rows;
          return n;
        };
      },
    },
    'numeric-pipe': {
      label: 'pipe(csv(path, { numeric: true }), count()): Float64Array rows, batched',
      baseline: 'csv-parse-cast',
      load: pipeCount(async () => {
        const { csv } = await import('../sources/csv.js');
        return (path) => csv(path, { numeric: true });
      }),
    },
  },
};

/** Runs this benchmark (for `benchmarks/run.ts`): `main(['20', '--runs', '3'])`. */
export function main(argv: string[]): Promise<void> {
  return runSourceBenchmark(fileURLToPath(import.meta.url), bench, argv);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
