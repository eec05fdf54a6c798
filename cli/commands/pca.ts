/**
 * `streamtoolz pca [--components N] [--batch-size B] [--whiten] [--model FILE.json]
 *  [--project FILE.csv] [--plot FILE.svg] INPUT...`
 *
 * The seed's PCA example end to end. First pass: the numeric CSV scanner turns bytes into
 * row blocks (`lib/pca/numeric-csv-scanner.ts`), which `sinks.fitPCA` fits in scikit-learn's
 * batches. Second pass, only for --project or --plot: the inputs are opened again and each
 * row is projected (`transforms.project`), written as CSV and/or sampled for the scatter.
 * Memory is a few batches and the plot's sample, whatever the input size.
 */
import type { Readable } from 'node:stream';
import { codes, StreamtoolzError } from '../../lib/core/errors.js';
import { InputReader } from '../../lib/io/input-reader.js';
import { assertReopenable, inputName } from '../../lib/io/inputs.js';
import type { IncrementalPCA } from '../../lib/pca/incremental-pca.js';
import type { Matrix } from '../../lib/pca/matrix.js';
import { NumericCsvScanner } from '../../lib/pca/numeric-csv-scanner.js';
import { PointSample, scatterSvg } from '../../lib/plot/scatter-svg.js';
import { pipe } from '../../lib/core/pipe.js';
import { fitPCA } from '../../sinks/fit-pca.js';
import { byteSizeOption, intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { openOutputFile, writeOutputFile } from '../output-file.js';
import { createProgress, type Progress } from '../progress.js';
import { bytesCounter } from '../stats.js';
import { writeOut } from '../write-out.js';

const help = `Usage: streamtoolz pca [--components N] [--batch-size B] [--whiten] [--model FILE.json]
                       [--project FILE.csv] [--plot FILE.svg] [--threads N] INPUT...

Fits incremental PCA on numeric CSV rows (a first line that is not numeric is a header and
is skipped; blank lines are skipped) and writes the model as JSON to stdout, or to --model.
The numbers equal scikit-learn's IncrementalPCA(n_components=N, batch_size=B).fit(X) on
the same rows: batches of B rows, a last remainder smaller than N folded into the batch
before it (never dropped), component signs by scikit-learn's svd_flip.

Options:
  --components N      number of components (default 2, as the seed's streaming_pca)
  --batch-size B      rows per batch, at least N (default 5 x the number of features)
  --whiten            divide projections by the square root of the explained variance
  --model FILE.json   write the model there instead of stdout
  --project FILE.csv  second pass: write each row's coordinates (PC1,PC2,...) as CSV
  --plot FILE.svg     second pass: draw PC1 against PC2 (a sample of up to 5000 rows)
  --threads N         N > 1: the exact PCA instead, scikit-learn's PCA(n_components).fit(X)
                      (to 1e-9), on N threads: one INPUT file, cut into N byte ranges of
                      whole lines, each folded into a mean and scatter matrix, merged.
                      Incremental PCA cannot be split: each batch's update depends on the
                      last. The model's "format" is then "streamtoolz.PCA" (same fields;
                      --batch-size does not apply). Default 1
  --max-line-length BYTES
                      longest line read, e.g. 256M (default 64M): a longer one is an error
                      naming the input and line, never held in memory
  --progress          show a progress bar on stderr even when it is not a terminal
  --stats             on stderr: rows and bytes per pass, the fit pipe's stages, time,
                      CPU and peak RSS
  -h, --help          show this help

INPUT is a path, a glob, an http(s):// URL, or - for stdin (stdin cannot be read twice,
so --project and --plot need a file or URL). gzip is detected from its magic bytes.
Errors are the same at any --threads. Exit codes: 0 success, 1 bad data, input or output,
2 bad usage, 130 SIGINT, 143 SIGTERM; the files of --model, --project and --plot are
written whole or not at all (an interrupted run removes them).
`;

/** What a pass has read so far: rows, the width of the first input's rows, raw bytes. */
interface PassCounts {
  rows: number;
  cols: number;
  bytes: number;
}

/** Row blocks of all inputs, in order; each input has its own scanner (header, lines). */
async function* rowBlocks(inputs: string[], io: CliIO, bar: Progress, counts: PassCounts, maxLineLength: number | undefined): AsyncGenerator<Matrix> {
  const read = bytesCounter();
  const reader = new InputReader(inputs, { signal: io.signal, stdin: io.stdin as Readable }, (p) => {
    read.update(p);
    counts.bytes = read.total;
    bar.update(p.bytesRead, p.totalBytes);
  });
  const ready: Matrix[] = [];
  let scanner: NumericCsvScanner | undefined;
  try {
    for await (const ev of reader.events()) {
      if (ev.kind === 'open') {
        scanner = new NumericCsvScanner(ev.input, (data, rows, cols) => ready.push({ data, rows, cols }), {
          cols: counts.cols || undefined,
          stage: 'pca',
          maxLineLength,
        });
      } else if (ev.kind === 'data') {
        scanner!.write(ev.chunk);
      } else {
        scanner!.end();
        counts.rows += scanner!.rows;
      }
      // Known as soon as the first row is read: the fit may fail on it before the input ends.
      if (counts.cols === 0 && scanner!.cols > 0) counts.cols = scanner!.cols;
      // The scanner's blocks are new arrays each time: safe to hand over as they are.
      while (ready.length > 0) yield ready.shift()!;
    }
  } finally {
    reader.close();
  }
}

/** The model as JSON: one attribute per line, numbers in full (they round-trip exactly). */
function modelJson(state: object): string {
  return `{\n${Object.entries(state as Record<string, unknown>)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n')}\n}\n`;
}

/** Rejects with the signal's reason once it aborts (a pass on threads cannot stop itself). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => {}); // its failure after an abort is not wanted
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/**
 * `--threads N`: the exact PCA of one file from merged per-range states, as JSON and as a
 * model that projects (loaded back from that JSON: the transform is IncrementalPCA's).
 */
async function exactPca(
  path: string,
  options: { nComponents: number; threads: number; whiten: boolean; maxLineLength: number | undefined },
  signal: AbortSignal,
): Promise<{ model: IncrementalPCA; json: string; rows: number }> {
  const { pcaParallel } = await import('../../lib/parallel/parallel-passes.js');
  const { pcaModelJSON } = await import('../../lib/pca/pca-result.js');
  const { modelFromJSON } = await import('../../lib/pca/model-json.js');
  const result = await abortable(
    pcaParallel(path, { nComponents: options.nComponents, threads: options.threads, maxLineLength: options.maxLineLength }),
    signal,
  );
  const state = pcaModelJSON(result, options.whiten);
  return { model: modelFromJSON(state), json: modelJson(state), rows: result.nSamples };
}

/** "Too few rows / features" in the command's terms, the same at any thread count. */
function tooFew(shown: string, counts: PassCounts, nComponents: number, cause: unknown): StreamtoolzError {
  const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const what = counts.cols > 0 && counts.cols < nComponents ? plural(counts.cols, 'feature') : plural(counts.rows, 'row');
  return new StreamtoolzError(codes.NO_RESULT, `${shown}: ${what} for ${plural(nComponents, 'component')}: PCA needs at least as many (see --components)`, {
    cause,
  });
}

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    components: { type: 'string' },
    'batch-size': { type: 'string' },
    whiten: { type: 'boolean' },
    model: { type: 'string' },
    project: { type: 'string' },
    plot: { type: 'string' },
    threads: { type: 'string' },
    'max-line-length': { type: 'string' },
    progress: { type: 'boolean' },
  });
  const maxLineLength = byteSizeOption(values['max-line-length'], '--max-line-length');
  const nComponents = intOption(values.components, '--components', 1) ?? 2;
  const threads = intOption(values.threads, '--threads', 1, 64) ?? 1;
  const batchSize = intOption(values['batch-size'], '--batch-size', 1);
  if (batchSize !== undefined && batchSize < nComponents) throw new UsageError(`--batch-size must be at least --components (${nComponents}), got ${batchSize}`);
  for (const flag of ['model', 'project', 'plot'] as const) if (values[flag] === '') throw new UsageError(`--${flag} needs a file name`);
  if (values.plot !== undefined && nComponents < 2) throw new UsageError('--plot draws the first two components: it needs --components 2 or more');
  if (positionals.length === 0) throw new UsageError('an INPUT is required');
  const inputs = positionals;
  // How the inputs are named in messages and in the plot: URLs without their credentials.
  const shown = inputs.map(inputName).join(', ');
  const second = values.project !== undefined || values.plot !== undefined;
  // Fail before the first pass, not after it, when a second pass is impossible.
  if (second) assertReopenable(inputs, `pca(${shown})`);
  if (threads > 1) {
    if (batchSize !== undefined) throw new UsageError('--batch-size applies to incremental PCA; --threads N computes the exact PCA, which has no batches');
    if (inputs.length !== 1 || inputs[0] === '-' || /^https?:\/\//i.test(inputs[0]!)) {
      throw new UsageError('--threads N needs exactly one INPUT file: it is cut into byte ranges (not stdin, a URL or several inputs)');
    }
  }

  const started = Date.now();
  const progress = values.progress === true || io.stderrIsTTY;
  const counts: PassCounts = { rows: 0, cols: 0, bytes: 0 };
  let bar = createProgress(io, 'pca: fit', progress);
  const fitting = io.stats?.phase(threads > 1 ? `fit (exact PCA, ${threads} threads)` : 'fit');
  let model: IncrementalPCA;
  let json: string;
  try {
    if (threads > 1) {
      let rows: number;
      ({ model, json, rows } = await exactPca(inputs[0]!, { nComponents, threads, whiten: values.whiten === true, maxLineLength }, io.signal));
      counts.rows = rows;
    } else {
      model = await pipe(rowBlocks(inputs, io, bar, counts, maxLineLength), fitPCA({ nComponents, batchSize, whiten: values.whiten === true }), {
        signal: io.signal,
      });
      json = modelJson(model.toJSON());
    }
  } catch (err) {
    // By code, not class: under the test loader (tsx) the parallel modules can hold another
    // copy of the error classes than this one.
    if ((err as { code?: unknown } | null)?.code === codes.NO_RESULT) {
      throw threads > 1
        ? new StreamtoolzError(codes.NO_RESULT, `${shown}: ${(err as Error).message} (see --components)`, { cause: err })
        : tooFew(shown, counts, nComponents, err);
    }
    throw err;
  } finally {
    bar.done();
  }
  if (fitting !== undefined) {
    fitting.items = `${model.nSamplesSeen} rows x ${model.nFeatures} features`;
    fitting.bytes = threads > 1 ? undefined : counts.bytes;
    fitting.end();
  }
  if (values.model !== undefined) await writeOutputFile(values.model, json);
  else await writeOut(io.stdout, json, io.signal);

  if (second) {
    bar = createProgress(io, 'pca: project', progress);
    const projecting = io.stats?.phase('project');
    const sample = values.plot !== undefined ? new PointSample(5000) : undefined;
    // Written under a temporary name and renamed when complete: never a partial CSV.
    const out = values.project !== undefined ? await openOutputFile(values.project) : undefined;
    const again: PassCounts = { rows: 0, cols: model.nFeatures, bytes: 0 };
    let written = 0;
    try {
      const k = model.nComponents;
      const header = `${Array.from({ length: k }, (_, i) => `PC${i + 1}`).join(',')}\n`;
      if (out) await writeOut(out.stream, header, io.signal, out.path);
      written += header.length;
      const xy = new Float64Array(k);
      for await (const block of rowBlocks(inputs, io, bar, again, maxLineLength)) {
        let text = '';
        for (let r = 0; r < block.rows; r++) {
          model.transformRow(block.data.subarray(r * block.cols, (r + 1) * block.cols), xy);
          sample?.add(xy[0]!, xy[1]!);
          if (out) text += `${xy.join(',')}\n`;
        }
        if (out) await writeOut(out.stream, text, io.signal, out.path);
        written += text.length;
      }
      await out?.commit();
    } catch (err) {
      await out?.discard();
      throw err;
    } finally {
      bar.done();
    }
    if (projecting !== undefined) {
      projecting.items = `${again.rows} rows`;
      projecting.bytes = out ? written : again.bytes;
      projecting.end();
    }
    if (sample && values.plot !== undefined) {
      const ratio = model.explainedVarianceRatio;
      const svg = scatterSvg(sample.data(), {
        title: `PCA of ${shown}`,
        subtitle:
          sample.size < sample.seen
            ? `${sample.size.toLocaleString('en')} of ${sample.seen.toLocaleString('en')} rows shown`
            : `${sample.seen.toLocaleString('en')} rows`,
        xLabel: `PC1 (${(ratio[0]! * 100).toFixed(1)}% of variance)`,
        yLabel: `PC2 (${(ratio[1]! * 100).toFixed(1)}% of variance)`,
      });
      await writeOutputFile(values.plot, svg);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const ratios = Array.from(model.explainedVarianceRatio, (r) => r.toFixed(3)).join(', ');
  io.stderr.write(
    `pca: ${model.nSamplesSeen} rows x ${model.nFeatures} features, ${nComponents} component${nComponents === 1 ? '' : 's'} explaining ${ratios} of the variance, in ${seconds} s\n`,
  );
}

/**
 * The `pca` command.
 *
 * @example
 * ```sh
 * streamtoolz pca --components 2 --model iris.json --plot iris.svg iris.csv
 * ```
 */
export const pcaCommand: Command = {
  name: 'pca',
  summary: 'incremental PCA of numeric CSV rows (model as JSON, projections, scatter plot)',
  help,
  run,
};
