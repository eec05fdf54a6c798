/**
 * `streamtoolz kmers -k K [--canonical] [--per-line] [--top N] [--hist FILE.svg] INPUT...`
 *
 * The fast path end to end: each input's (gunzipped) bytes go straight into the k-mer
 * scanner, which parses FASTA/FASTQ/lines itself and packs k-mers into typed arrays; no
 * record object and no string is made per k-mer until the output is formatted.
 */
import type { Readable } from 'node:stream';
import { InputReader } from '../../lib/io/input-reader.js';
import { KmerCounts } from '../../lib/kmer/kmer-counts.js';
import { KmerScanner } from '../../lib/kmer/scanner.js';
import { DIRECT_MAX_K, DirectKmerTable } from '../../lib/kmer/direct-table.js';
import type { KmerTable } from '../../lib/kmer/table.js';
import { byteSizeOption, intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { createProgress, type Progress } from '../progress.js';
import { bytesCounter } from '../stats.js';
import { writeOut } from '../write-out.js';

const help = `Usage: streamtoolz kmers -k K [--canonical] [--per-line] [--top N] [--hist FILE.svg] [--threads N] INPUT...

Counts the k-mers of FASTA, FASTQ or one-sequence-per-line inputs (detected from the first
byte; gzip detected from its magic bytes) and writes KMER<TAB>COUNT lines to stdout,
in lexicographic order.

As jellyfish and KMC count: a record's sequence is its lines joined, case is folded, and
k-mers with a character other than A/C/G/T are skipped.

Options:
  -k K              k-mer length, 1 to 31 (required)
  --canonical       count a k-mer and its reverse complement together, under the smaller
                    of the two (jellyfish count -C)
  --per-line        the seed's toolz semantics: every line not starting with '>' is a
                    sequence on its own, right-stripped, counted as is (no case folding,
                    no N skipping; --canonical applies to upper-case A/C/G/T k-mers only,
                    and k-mers with other characters are listed after the others)
  --top N           write only the N most frequent k-mers, by decreasing count
  --hist FILE.svg   also draw the histogram of k-mer counts (25 bins, as plt.hist)
  --threads N       count on N worker threads, 1 to 64 (default 1; more than the cores is
                    allowed but only adds overhead). Each uncompressed file is cut into N
                    ranges of whole records, counted in parallel and merged: the output is
                    byte for byte the one of --threads 1, errors included. A gzip file
                    cannot be cut: it is counted whole on one thread (several gzip inputs
                    run side by side); stdin and URLs are read on the main thread.
                    Not with --per-line.
  --max-line-length BYTES
                    with --per-line: the longest line, e.g. 256M (default 64M); a longer
                    one is an error naming the input and line
  --progress        show a progress bar on stderr even when it is not a terminal
  --stats           on stderr: k-mers and bytes per phase, time, CPU and peak RSS
  -h, --help        show this help

An input that is not FASTA, FASTQ or sequence lines (binary data, an HTML page, a
compressed format other than gzip) is an error, as jellyfish's "Unsupported format".
Exit codes: 0 success, 1 bad data, input or output, 2 bad usage, 130 SIGINT, 143 SIGTERM;
an interrupted --hist file is removed, never left partial.

INPUT is a path, a glob, an http(s):// URL, or - for stdin.
`;

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    k: { type: 'string', short: 'k' },
    canonical: { type: 'boolean' },
    'per-line': { type: 'boolean' },
    top: { type: 'string' },
    hist: { type: 'string' },
    threads: { type: 'string' },
    'max-line-length': { type: 'string' },
    progress: { type: 'boolean' },
  });
  const k = intOption(values.k, '-k', 1, 31);
  const maxLineLength = byteSizeOption(values['max-line-length'], '--max-line-length');
  if (k === undefined) throw new UsageError('-k is required');
  const top = intOption(values.top, '--top', 1);
  if (values.hist === '') throw new UsageError('--hist needs a file name');
  if (positionals.length === 0) throw new UsageError('at least one INPUT is required');
  const canonical = values.canonical === true;
  const perLine = values['per-line'] === true;
  const threads = intOption(values.threads, '--threads', 1, 64) ?? 1;
  if (perLine && threads > 1) {
    throw new UsageError(
      '--per-line cannot be combined with --threads N > 1: its k-mers with other characters than A/C/G/T are kept as strings, which the threads do not merge',
    );
  }

  // 'sorted' iterates in lexicographic order: the output order (a hash table's is not). The
  // tables for large k are loaded only when needed: module loading shows in a short run.
  let table: KmerTable = k <= DIRECT_MAX_K ? new DirectKmerTable(k) : (await import('../../lib/kmer/table.js')).createKmerTable(k, { kind: 'sorted' });
  const bar = createProgress(io, 'kmers', values.progress === true || io.stderrIsTTY);
  const started = Date.now();
  const counting = io.stats?.phase(`count (k=${k}${canonical ? ', canonical' : ''}${perLine ? ', per line' : ''}${threads > 1 ? `, ${threads} threads` : ''})`);
  let total = 0;
  let extra: ReadonlyMap<string, number> | undefined;
  let inputs = 0;
  let bytesRead = 0;
  if (threads > 1) {
    try {
      const { countKmersOfInputs } = await import('../../lib/kmer/threads/count-inputs.js');
      const counted = await countKmersOfInputs(positionals, {
        k,
        canonical,
        table: { kind: 'sorted' },
        threads,
        signal: io.signal,
        stdin: io.stdin as Readable,
        onProgress: (done, size) => {
          bytesRead = done;
          bar.update(done, size);
        },
      });
      ({ table, total } = counted);
      inputs = counted.inputs;
    } finally {
      bar.done();
    }
  } else {
    ({ total, extra, inputs, bytesRead } = await countOneThread(positionals, { k, canonical, perLine, maxLineLength }, table, io, bar));
  }
  const counts = new KmerCounts(k, canonical, table, total, extra);
  if (counting !== undefined) {
    counting.items = `${inputs} input${inputs === 1 ? '' : 's'}: ${counts.total} k-mers, ${counts.size} distinct`;
    counting.bytes = bytesRead;
    counting.end();
  }
  await output(counts, k, canonical, top, values.hist, io);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  io.stderr.write(`kmers: k=${k}: ${counts.size} distinct, ${counts.total} total k-mers from ${inputs} input${inputs === 1 ? '' : 's'} in ${seconds} s\n`);
}

/** The one-thread count: every input's bytes through one scanner each, into `table`. */
async function countOneThread(
  positionals: string[],
  how: { k: number; canonical: boolean; perLine: boolean; maxLineLength: number | undefined },
  table: KmerTable,
  io: CliIO,
  bar: Progress,
): Promise<{ total: number; extra: ReadonlyMap<string, number> | undefined; inputs: number; bytesRead: number }> {
  const { k, canonical, perLine } = how;
  const read = bytesCounter();
  // The scanner keeps nothing of a chunk, so one read buffer can serve them all (less garbage).
  const reader = new InputReader(positionals, { signal: io.signal, stdin: io.stdin as Readable, reuseBuffer: true, readAhead: true }, (p) => {
    read.update(p);
    bar.update(p.bytesRead, p.totalBytes);
  });
  let total = 0;
  let extra: ReadonlyMap<string, number> | undefined;
  let inputs = 0;
  try {
    // One scanner per input (shared table): format, line numbers and a cut last record
    // belong to a file, not to the concatenation of all of them.
    let finish: (() => void) | undefined;
    const perLineCounter = perLine
      ? new (await import('../../lib/kmer/per-line.js')).PerLineCounter(k, canonical, table, { maxLineLength: how.maxLineLength })
      : undefined;
    let scanner: KmerScanner | undefined;
    for await (const ev of reader.events()) {
      if (ev.kind === 'open') {
        inputs++;
        if (perLineCounter !== undefined) perLineCounter.nextInput(ev.input);
        else {
          const s = new KmerScanner(k, table, { canonical, input: ev.input });
          scanner = s;
          finish = () => {
            s.end();
            total += s.total;
          };
        }
      } else if (ev.kind === 'data') {
        if (perLineCounter !== undefined) perLineCounter.write(ev.chunk);
        else scanner!.scan(ev.chunk);
      } else {
        finish?.();
        finish = undefined;
      }
    }
    if (perLineCounter !== undefined) {
      perLineCounter.end();
      total = perLineCounter.total;
      extra = perLineCounter.extra;
    }
  } finally {
    reader.close();
    bar.done();
  }
  return { total, extra, inputs, bytesRead: read.total };
}

/** Writes the counts (all, or the --top N) to stdout, and the --hist picture. */
async function output(counts: KmerCounts, k: number, canonical: boolean, top: number | undefined, hist: string | undefined, io: CliIO): Promise<void> {
  const writing = io.stats?.phase('write KMER<TAB>COUNT');
  let lines = 0;
  let bytes = 0;
  if (top !== undefined) {
    const best = counts.top(top);
    const text = best.map(([kmer, count]) => `${kmer}\t${count}\n`).join('');
    await writeOut(io.stdout, text, io.signal);
    lines = best.length;
    bytes = Buffer.byteLength(text);
  } else {
    // Each chunk checks the signal: an interrupted output stops here, not after 700 MB.
    for (const chunk of counts.lines(1 << 18)) {
      await writeOut(io.stdout, chunk, io.signal);
      bytes += chunk.length;
    }
    lines = counts.size;
  }
  if (writing !== undefined) {
    writing.items = `${lines} lines`;
    writing.bytes = bytes;
    writing.end();
  }
  if (hist !== undefined) {
    // Loaded only when asked for: module loading is a visible part of a short run.
    const { binFrequencies } = await import('../../sinks/histogram.js');
    const { histogramSvg } = await import('../../lib/plot/histogram-svg.js');
    const bins = binFrequencies(counts.histogram(), { bins: 25 });
    const title = `${k}-mer count frequencies${canonical ? ' (canonical)' : ''}`;
    const { writeOutputFile } = await import('../output-file.js');
    await writeOutputFile(hist, histogramSvg(bins, { title, xLabel: 'count', yLabel: 'number of k-mers' }));
  }
}

/**
 * The `kmers` command.
 *
 * @example
 * ```sh
 * streamtoolz kmers -k 21 --canonical --top 10 --hist counts.svg 'reads/*.fq.gz'
 * ```
 */
export const kmersCommand: Command = {
  name: 'kmers',
  summary: 'count k-mers of FASTA/FASTQ/sequence files (KMER<TAB>COUNT)',
  help,
  run,
};
