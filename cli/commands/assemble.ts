/**
 * `streamtoolz assemble -k K [--min-count C] [--dot FILE] [--svg FILE] READS...`
 *
 * Reads go byte-wise into the k-mer scanner and a count table (no record objects), the
 * counted k-mers become the compact De Bruijn graph, and the assembly goes to stdout as
 * FASTA: one sequence where an Eulerian path exists, otherwise the contigs.
 */
import type { Readable } from 'node:stream';
import { assembleGraph } from '../../lib/debruijn/assemble-graph.js';
import { dotLines } from '../../lib/debruijn/dot.js';
import { fastaChunks } from '../../lib/debruijn/fasta-lines.js';
import { buildGraph, type KmerColumns } from '../../lib/debruijn/build-graph.js';
import type { DeBruijnGraph } from '../../lib/debruijn/graph.js';
import { columnsOf } from '../../lib/debruijn/from-table.js';
import { sortedColumnsOf } from '../../lib/debruijn/sorted-columns.js';
import { codes, StreamtoolzError } from '../../lib/core/errors.js';
import { InputReader } from '../../lib/io/input-reader.js';
import { KmerScanner } from '../../lib/kmer/scanner.js';
import { createKmerTable, type KmerTable } from '../../lib/kmer/table.js';
import { graphSvg } from '../../lib/plot/graph-svg.js';
import { collectGarbage } from '../collect-garbage.js';
import { intOption, parseCommandArgs, UsageError, type CliIO, type Command } from '../command.js';
import { openOutputFile, writeOutputFile } from '../output-file.js';
import { createProgress, type Progress } from '../progress.js';
import { bytesCounter } from '../stats.js';
import { writeOut } from '../write-out.js';

/**
 * Largest k counted in a direct-index table (4^k slots): 512 KB at k = 8. Above, a hash
 * table, whose size follows the data: a direct table at k = 12 takes 128 MB even for a toy.
 */
const DIRECT_MAX_K = 8;

/**
 * Bytes a k-mer takes in the sorted columns (hi, lo, count), and at least in a count table
 * (which holds 2 to 4 times that): the garbage estimate handed to {@link collectGarbage}.
 */
const KMER_BYTES = 12;

/**
 * The count table in 4 segments, not the default 64: a table of 200 k k-mers then has
 * segments of 1.5 MB instead of 96 KB, above glibc's mmap threshold (128 KB, raised to
 * the size of the largest mapped block freed so far: 512 KB once the read buffer goes), so
 * each has a mapping of its own that is unmapped when the table is collected. 96 KB
 * segments live in the malloc heap, which returns freed memory only from its top; in 1 run
 * of 40 to 100 the heap stayed at 2 MB (it could not grow in place, so glibc took other
 * memory that it does not give back) and the table's memory stayed resident after the
 * collection: 78 MB peaks. 160 runs each: 64 segments median 67.7 MB, max
 * 78.5; 4 segments median 68.2, max 69.3. Growing a segment briefly holds a quarter of
 * the table twice, not a 64th: at this size 0.8 MB more, well below the peak.
 */
const SEGMENT_BITS = 2;

const help = `Usage: streamtoolz assemble -k K [--min-count C] [--dot FILE] [--svg FILE] [--threads N] READS...

Builds the De Bruijn graph of the reads' k-mers (nodes are (k-1)-mers, each distinct k-mer
an edge from its prefix to its suffix) and writes the assembly as FASTA to stdout: one
sequence where an Eulerian path exists, otherwise the contigs (maximal non-branching
paths), longest first. When the graph has no Eulerian path, dead-end branches of at most
2k k-mers that are weaker than their sibling (sequencing errors shared by a few reads) are
clipped first. The path walks each distinct k-mer once, as the seed's networkx graph does.

READS are FASTA, FASTQ or one sequence per line (detected from the first byte; gzip from
its magic bytes); each record is a read of one strand (no reverse complements). Case is
folded; k-mers with a character other than A/C/G/T are skipped.

Options:
  -k K              k-mer length, 2 to 31 (required)
  --min-count C     drop k-mers seen fewer than C times (sequencing errors; default 1)
  --dot FILE        also write the graph in Graphviz DOT (edges labelled with counts)
  --svg FILE        also draw the graph on a circle (small graphs only: larger ones get a
                    message on stderr and no picture)
  --line-width N    FASTA line width, 0 for one line per sequence (default 80)
  --threads N       count the k-mers on N worker threads, 1 to 64 (default 1; more than
                    the cores is allowed but only adds overhead): each uncompressed file
                    is cut into N ranges of whole records, counted in parallel and merged;
                    a gzip file is counted whole on one thread, stdin and URLs on the main
                    thread. The graph build and the walk stay on one thread; the assembly
                    is the one of --threads 1.
  --progress        show a progress bar on stderr even when it is not a terminal
  --stats           on stderr: k-mers, graph and sequences per phase, time, CPU and peak RSS
  -h, --help        show this help

READS is a path, a glob, an http(s):// URL, or - for stdin. Reads that are not FASTA,
FASTQ or sequence lines (binary data, an HTML page) are an error. Exit codes: 0 success,
1 bad data, input or output, 2 bad usage, 130 SIGINT, 143 SIGTERM; the --dot and --svg
files are written whole or not at all.
`;

async function run(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    k: { type: 'string', short: 'k' },
    'min-count': { type: 'string' },
    dot: { type: 'string' },
    svg: { type: 'string' },
    'line-width': { type: 'string' },
    threads: { type: 'string' },
    progress: { type: 'boolean' },
  });
  const k = intOption(values.k, '-k', 2, 31);
  if (k === undefined) throw new UsageError('-k is required');
  const minCount = intOption(values['min-count'], '--min-count', 1) ?? 1;
  const width = intOption(values['line-width'], '--line-width', 0) ?? 80;
  const threads = intOption(values.threads, '--threads', 1, 64) ?? 1;
  if (values.dot === '') throw new UsageError('--dot needs a file name');
  if (values.svg === '') throw new UsageError('--svg needs a file name');
  if (positionals.length === 0) throw new UsageError('at least one READS input is required');

  const started = Date.now();
  // Each phase runs in a function of its own and the collections run between them (see
  // collect-garbage.ts): when a phase's function has returned, nothing refers to its data
  // any more, not even an interpreter register of the caller.
  const counting = io.stats?.phase(`count (k=${k}${threads > 1 ? `, ${threads} threads` : ''})`);
  const counted = await countKmers(positionals, k, minCount, threads, values.progress === true, io);
  if (counting !== undefined) {
    counting.items = `${counted.total} k-mers, ${counted.distinct} distinct`;
    counting.bytes = counted.bytesRead;
    counting.end();
  }
  collectGarbage(KMER_BYTES * counted.distinct); // the count table, before the graph's arrays are allocated
  const building = io.stats?.phase('graph');
  const graph = graphOf(k, counted);
  if (building !== undefined) {
    building.items = `${graph.nodeCount} nodes, ${graph.edgeCount} edges`;
    building.end();
  }
  // The columns' k-mers (their counts stay, as the graph's multiplicities), before the
  // walk's arrays are allocated: 1.5 MB off the peak for 200 k k-mers.
  collectGarbage(KMER_BYTES * counted.distinct);
  await assemble(k, graph, { total: counted.total, distinct: counted.distinct, minCount, width, dot: values.dot, svg: values.svg, started }, io);
}

/** The counted k-mers as columns sorted for {@link buildGraph}; `columns` is taken by {@link graphOf}. */
interface Counted {
  columns: KmerColumns | undefined;
  total: number;
  distinct: number;
  /** Raw bytes of the reads. */
  bytesRead: number;
}

/** Counts the inputs' k-mers into a table and copies them out into sorted columns. */
async function countKmers(positionals: string[], k: number, minCount: number, threads: number, progress: boolean, io: CliIO): Promise<Counted> {
  let table: KmerTable;
  let total: number;
  let bytesRead = 0;
  const bar = createProgress(io, 'assemble', progress || io.stderrIsTTY);
  if (threads > 1) {
    try {
      const { countKmersOfInputs } = await import('../../lib/kmer/threads/count-inputs.js');
      // Threads count by hashing (reads repeat their k-mers: few distinct ones) and hand back
      // their distinct k-mers as one sorted run each, which merge linearly and come out
      // sorted, as buildGraph wants them. 5 Mb genome at 30x, 2 threads: 15.1 → 8.4 s wall,
      // 992 → 489 MB against sorted tables, which sort every occurrence (1 thread: 12.1 s).
      const options = {
        k,
        canonical: false,
        asRun: true,
        table: { kind: 'hash' as const, directMaxK: DIRECT_MAX_K },
        threads,
        signal: io.signal,
        stdin: io.stdin as Readable,
      };
      ({ table, total } = await countKmersOfInputs(positionals, {
        ...options,
        onProgress: (done, size) => {
          bytesRead = done;
          bar.update(done, size);
        },
      }));
    } finally {
      bar.done();
    }
  } else {
    table = createKmerTable(k, { directMaxK: DIRECT_MAX_K, segmentBits: SEGMENT_BITS });
    ({ total, bytesRead } = await countOneThread(positionals, k, table, io, bar));
  }
  // The read buffers and the table's outgrown segments (together about the size of the table),
  // before the columns are allocated.
  collectGarbage(KMER_BYTES * table.size);
  // Sorted columns, so that the graph build needs no scratch copy of them (sorted-columns.ts);
  // a sorted table (--threads) lists its k-mers in order already.
  const columns = threads > 1 ? columnsOf(table, minCount) : sortedColumnsOf(table, k, minCount);
  return { columns, total, distinct: table.size, bytesRead };
}

/** The graph of the counted k-mers; takes the columns out of `counted`, so that only the graph keeps what it uses of them. */
function graphOf(k: number, counted: Counted): DeBruijnGraph {
  const columns = counted.columns!;
  counted.columns = undefined;
  return buildGraph(k, columns);
}

/** The one-thread count: every input's bytes through one scanner each, into `table`. */
async function countOneThread(positionals: string[], k: number, table: KmerTable, io: CliIO, bar: Progress): Promise<{ total: number; bytesRead: number }> {
  let total = 0;
  const read = bytesCounter();
  // The scanner keeps nothing of a chunk, so one read buffer can serve them all (less garbage).
  const reader = new InputReader(positionals, { signal: io.signal, stdin: io.stdin as Readable, reuseBuffer: true }, (p) => {
    read.update(p);
    bar.update(p.bytesRead, p.totalBytes);
  });
  try {
    // One scanner per input (shared table): format and line numbers belong to a file.
    let scanner: KmerScanner | undefined;
    for await (const ev of reader.events()) {
      if (ev.kind === 'open') scanner = new KmerScanner(k, table, { input: ev.input });
      else if (ev.kind === 'data') scanner!.scan(ev.chunk);
      else {
        scanner!.end();
        total += scanner!.total;
      }
    }
  } finally {
    reader.close();
    bar.done();
  }
  return { total, bytesRead: read.total };
}

interface AssembleRun {
  total: number;
  distinct: number;
  minCount: number;
  width: number;
  dot: string | undefined;
  svg: string | undefined;
  started: number;
}

/** Writes the assembly of the graph to stdout and the summary to stderr. */
async function assemble(k: number, graph: DeBruijnGraph, run: AssembleRun, io: CliIO): Promise<void> {
  const { total, distinct, minCount, width, started } = run;
  const values = run;
  if (graph.edgeCount === 0) {
    const why =
      distinct === 0
        ? `the reads have no ${k}-mer of A/C/G/T (are they shorter than k?)`
        : `all ${distinct} distinct ${k}-mers were seen fewer than ${minCount} times`;
    throw new StreamtoolzError(codes.NO_RESULT, `nothing to assemble: ${why}`);
  }
  if (values.dot !== undefined) {
    const dot = await openOutputFile(values.dot);
    try {
      for (const line of dotLines(graph)) await writeOut(dot.stream, line, io.signal, dot.path);
      await dot.commit();
    } catch (err) {
      await dot.discard();
      throw err;
    }
  }
  if (values.svg !== undefined) {
    let svg: string | undefined;
    try {
      svg = graphSvg(graph);
    } catch (err) {
      if (!(err instanceof StreamtoolzError)) throw err;
      io.stderr.write(`assemble: ${values.svg} not written: ${err.message}\n`);
    }
    if (svg !== undefined) await writeOutputFile(values.svg, svg);
  }

  const walking = io.stats?.phase('assemble, write FASTA');
  const assembly = assembleGraph(graph);
  let i = 0;
  let bytes = 0;
  for (const s of assembly.sequences) {
    const header = `contig_${++i} length=${s.sequence.length} coverage=${s.coverage.toFixed(1)}`;
    for (const chunk of fastaChunks(header, s.sequence, width)) {
      await writeOut(io.stdout, chunk, io.signal);
      bytes += chunk.length;
    }
  }
  if (walking !== undefined) {
    walking.items = `${assembly.sequences.length} sequence${assembly.sequences.length === 1 ? '' : 's'}`;
    walking.bytes = bytes;
    walking.end();
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const filtered = minCount > 1 ? `, ${graph.edgeCount} seen at least ${minCount} times` : '';
  const clipped = assembly.tipsClipped > 0 ? `; clipped ${assembly.tipsClipped} error tip${assembly.tipsClipped === 1 ? '' : 's'}` : '';
  const result =
    assembly.kind === 'path'
      ? `${assembly.reason === undefined ? '' : `no Eulerian path before clipping (${assembly.reason})${clipped}; `}one Eulerian path of ${assembly.sequences[0]!.sequence.length} bases`
      : `no Eulerian path (${assembly.reason})${clipped}; ${assembly.sequences.length} contigs, longest ${assembly.sequences[0]?.sequence.length ?? 0} bases`;
  io.stderr.write(
    `assemble: k=${k}: ${total} k-mers, ${distinct} distinct${filtered}; graph of ${graph.nodeCount} nodes and ${graph.edgeCount} edges; ${result}; ${seconds} s\n`,
  );
}

/**
 * The `assemble` command.
 *
 * @example
 * ```sh
 * streamtoolz assemble -k 31 --min-count 3 --dot graph.dot reads.fq.gz > contigs.fa
 * ```
 */
export const assembleCommand: Command = {
  name: 'assemble',
  summary: 'De Bruijn assembly of reads: FASTA of the Eulerian path or the contigs',
  help,
  run,
};
