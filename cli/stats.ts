/**
 * `--stats` for every command: a table of the command's phases (what each read or wrote,
 * and its time) and the whole run's wall time, CPU time and peak RSS, on stderr. Commands
 * that run pipes (`pca`) print those pipes' per-stage tables as well; `kmers` and
 * `assemble`, which go from bytes to typed arrays without a pipe, report their phases here.
 */
/** Milliseconds on a monotonic clock (node:perf_hooks is not loaded for it). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** One phase of a command: items and bytes it handled, and its time. */
export interface Phase {
  readonly name: string;
  /** What was counted, e.g. `1793353 k-mers, 1024 distinct`. */
  items: string;
  /** Bytes read or written, when it makes sense. */
  bytes: number | undefined;
  /** Milliseconds from `phase()` to `end()`. */
  ms: number | undefined;
  /** Ends the phase's clock. */
  end(): void;
}

/**
 * The figures of one command run.
 *
 * @example
 * ```ts
 * const count = stats.phase('count');
 * ...;
 * count.items = `${total} k-mers`;
 * count.bytes = bytesRead;
 * count.end();
 * process.stderr.write(stats.format());
 * ```
 */
export class CommandStats {
  readonly command: string;
  readonly #phases: Phase[] = [];
  readonly #start = now();
  readonly #cpu = process.cpuUsage();

  constructor(command: string) {
    this.command = command;
  }

  /** Starts a phase; set its items and bytes and call `end()` when it is done. */
  phase(name: string): Phase {
    const started = now();
    const phase: Phase = {
      name,
      items: '',
      bytes: undefined,
      ms: undefined,
      end() {
        phase.ms ??= now() - started;
      },
    };
    this.#phases.push(phase);
    return phase;
  }

  /** The table, then one line with wall time, CPU time (all threads) and peak RSS. */
  format(): string {
    const wall = now() - this.#start;
    const cpu = process.cpuUsage(this.#cpu);
    const rss = process.resourceUsage().maxRSS * 1024;
    const head = ['phase', 'items', 'bytes', 'ms'];
    const rows = this.#phases.map((p) => [p.name, p.items, p.bytes === undefined ? '' : String(p.bytes), p.ms === undefined ? '' : p.ms.toFixed(1)]);
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]): string =>
      cells
        .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd();
    const out = rows.length > 0 ? [`${this.command}:`, line(head), ...rows.map(line)] : [`${this.command}:`];
    out.push(`wall ${wall.toFixed(1)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms, peak RSS ${(rss / 1e6).toFixed(1)} MB`);
    return `${out.join('\n')}\n`;
  }
}

/**
 * Raw bytes read over all inputs, from an `InputReader`'s progress reports (each gives the
 * bytes read of its own input so far).
 *
 * @example
 * ```ts
 * const read = bytesCounter();
 * const reader = new InputReader(inputs, {}, (p) => read.update(p));
 * ...;
 * phase.bytes = read.total;
 * ```
 */
export function bytesCounter(): { update(p: { index: number; bytesRead: number }): void; readonly total: number } {
  let done = 0;
  let index = -1;
  let current = 0;
  return {
    update(p) {
      if (p.index !== index) {
        done += current;
        index = p.index;
      }
      current = p.bytesRead;
    },
    get total() {
      return done + current;
    },
  };
}
