/**
 * `fasta()` against raw line splitting (the goal: FASTA records within 1.5× of splitting the
 * same file into line strings with `Buffer.indexOf`), and `fastq()` on reads. Inputs: a
 * FASTA of 2 kb records wrapped at 60 columns, and a FASTQ of 150 bp reads, each about MB
 * megabytes, generated into benchmarks/data/.
 *
 * Usage: npx tsx benchmarks/sources-fasta.ts [MB=50] [--runs 5] [--warm] [--only lines,fasta-pipe]
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isMain } from './support.js';
import { pipeCount, runSourceBenchmark, type SourceBenchmark } from './sources-support.js';

const CHUNK = 512 * 1024;

function random(): () => number {
  let seed = 7;
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export const bench: SourceBenchmark = {
  title: 'fasta(): FASTA records vs raw line splitting',
  defaultMb: 50,
  file: (mb) => `benchmarks/data/genome-${mb}mb.fa`,
  generate: async (path, mb) => {
    const rand = random();
    const out = createWriteStream(path);
    let size = 0;
    for (let r = 0; size < mb * 1e6; r++) {
      let seq = '';
      for (let i = 0; i < 2000; i++) seq += 'ACGT'[Math.floor(rand() * 4)];
      let text = `>contig${r} length=2000\n`;
      for (let i = 0; i < seq.length; i += 60) text += `${seq.slice(i, i + 60)}\n`;
      size += text.length;
      if (!out.write(text)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  },
  cases: {
    lines: {
      label: 'raw read + Buffer.indexOf, a latin1 string per line',
      load: async () => async (path) => {
        let n = 0;
        let rest: Buffer | undefined;
        for await (const c of createReadStream(path, { highWaterMark: CHUNK })) {
          const chunk = rest ? Buffer.concat([rest, c as Buffer]) : (c as Buffer);
          let start = 0;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
            // Count headers, so that the answer matches the record count of the other cases.
            if (chunk.toString('latin1', start, i).charCodeAt(0) === 62) n++;
            start = i + 1;
          }
          rest = start < chunk.length ? chunk.subarray(start) : undefined;
        }
        return n;
      },
    },
    'fasta-iter': {
      label: 'for await (const r of fasta(path)), sequence lengths summed',
      baseline: 'lines',
      load: async () => {
        const { fasta } = await import('../sources/fasta.js');
        return async (path) => {
          let n = 0;
          let bases = 0;
          for await (const r of fasta(path)) {
            n++;
            bases += r.sequence.length;
          }
          return bases > 0 ? n : -1;
        };
      },
    },
    'fasta-pipe': {
      label: 'pipe(fasta(path), sinks.count())',
      baseline: 'lines',
      load: pipeCount(async () => {
        const { fasta } = await import('../sources/fasta.js');
        return (path) => fasta(path);
      }),
    },
  },
};

/** Runs this benchmark (for `benchmarks/run.ts`): `main(['20', '--runs', '3'])`. */
export function main(argv: string[]): Promise<void> {
  return runSourceBenchmark(fileURLToPath(import.meta.url), bench, argv);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
