/**
 * `json()`: NDJSON against a hand-written split + `JSON.parse` per line, and a top-level
 * array streamed element by element, against stream-json's StreamArray (memory must stay
 * bounded: compare peak RSS with the input size). Inputs: the same records as NDJSON and as one array,
 * about MB megabytes each, generated into benchmarks/data/.
 *
 * Usage: npx tsx benchmarks/sources-json.ts [MB=50] [--runs 5] [--warm] [--only ndjson-parse,json-array]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isMain } from './support.js';
import { pipeCount, runSourceBenchmark, type SourceBenchmark } from './sources-support.js';

const CHUNK = 512 * 1024;
const arrayFile = (mb: number): string => `benchmarks/data/records-${mb}mb.json`;

/** Writes the same records as NDJSON to `path` and as one array to its `.json` twin. */
async function write(path: string, mb: number): Promise<void> {
  const nd = createWriteStream(path);
  const arr = createWriteStream(arrayFile(mb));
  arr.write('[\n');
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const record = JSON.stringify({ id: i, name: `user${i % 977}`, score: ((i * 7919) % 1000) / 10, tags: ['a', 'b', i % 3 ? 'c' : 'd'], ok: i % 2 === 0 });
    size += record.length + 1;
    const a = arr.write(`${i ? ',\n' : ''}${record}`);
    if (!nd.write(`${record}\n`)) await once(nd, 'drain');
    if (!a) await once(arr, 'drain');
  }
  arr.end('\n]\n');
  nd.end();
  await Promise.all([once(nd, 'finish'), once(arr, 'finish')]);
}

export const bench: SourceBenchmark = {
  title: 'json(): NDJSON lines and the elements of a big array',
  defaultMb: 50,
  file: (mb) => `benchmarks/data/records-${mb}mb.ndjson`,
  generate: (path, mb) => write(path, mb),
  cases: {
    'ndjson-parse': {
      label: 'raw read + Buffer.indexOf + JSON.parse per line',
      load: async () => async (path) => {
        let n = 0;
        let rest: Buffer | undefined;
        for await (const c of createReadStream(path, { highWaterMark: CHUNK })) {
          const chunk = rest ? Buffer.concat([rest, c as Buffer]) : (c as Buffer);
          let start = 0;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
            if (JSON.parse(chunk.toString('utf8', start, i)) !== null) n++;
            start = i + 1;
          }
          rest = start < chunk.length ? chunk.subarray(start) : undefined;
        }
        return n;
      },
    },
    'json-ndjson': {
      label: 'pipe(json(path), count()): NDJSON',
      baseline: 'ndjson-parse',
      load: pipeCount(async () => {
        const { json } = await import('../sources/json.js');
        return (path) => json(path);
      }),
    },
    'stream-json': {
      label: "stream-json's StreamArray.withParser() on the array, in pipeline",
      baseline: 'ndjson-parse',
      load: async () => {
        const StreamArray = (await import('stream-json/streamers/StreamArray.js')).default;
        const { pipeline } = await import('node:stream/promises');
        return async (path) => {
          let n = 0;
          await pipeline(
            createReadStream(path.replace(/\.ndjson$/, '.json'), { highWaterMark: CHUNK }),
            StreamArray.withParser(),
            async (src: AsyncIterable<unknown>) => {
              for await (const _ of src) n++;
            },
          );
          return n;
        };
      },
    },
    'json-array': {
      label: 'pipe(json(path.json), count()): the same records as one array (element scanner + JSON.parse)',
      baseline: 'ndjson-parse',
      load: pipeCount(async () => {
        const { json } = await import('../sources/json.js');
        return (path) => json(path.replace(/\.ndjson$/, '.json'));
      }),
    },
  },
};

/** Runs this benchmark (for `benchmarks/run.ts`): `main(['50', '--runs', '3'])`. */
export function main(argv: string[]): Promise<void> {
  return runSourceBenchmark(fileURLToPath(import.meta.url), bench, argv);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
