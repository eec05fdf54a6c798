/**
 * Per-stage metrics for `pipe(..., { stats: true })`: items in and out of every stage, bytes
 * where a stage carries bytes, and the time spent inside each of our stages, so that a long
 * pipe says which stage is slow without adding stages by hand. Off by default: measuring
 * costs a clock read per item per stage and turns off the compiled fast path.
 */
import { performance } from 'node:perf_hooks';
import type { Op } from './op.js';
import { CountedOp } from './counted-op.js';
import { type ReducerFactory, STOP } from './sink.js';
import { kSkipped, kSpill } from './symbols.js';

/**
 * What is known of one stage after a run.
 *
 * @example
 * ```ts
 * await pipe(src, transforms.map(parse), sinks.count(), { stats: (s) => s.stages.forEach((st: StageStats) => console.log(st.name, st.itemsIn, st.ms)) });
 * ```
 */
export interface StageStats {
  position: number;
  name: string;
  /** Items in; undefined where nothing measured it (a foreign stage after a foreign stage). */
  itemsIn: number | undefined;
  itemsOut: number | undefined;
  /** Bytes out, for stages that emit Buffers or strings. */
  bytesOut: number | undefined;
  /** Milliseconds spent inside the stage's own code; undefined for foreign stages. */
  ms: number | undefined;
  /** For a stage or sink with a memory budget (`kSpill`): bytes written to temporary files, runs merged. */
  spill?: { bytesSpilled: number; runsWritten: number; runsMerged: number } | undefined;
  /** Items skipped or sent to a dead letter under an `onError` policy; undefined where none applies. */
  skipped?: number | undefined;
}

/**
 * The report `pipe()` gives to a `stats` callback, or prints.
 *
 * @example
 * ```ts
 * await pipe(src, transforms.map(parse), sinks.count(), { stats: (s: PipeStats) => console.error(`slowest: ${s.slowest?.name}`) });
 * ```
 */
export interface PipeStats {
  stages: StageStats[];
  /** Wall-clock milliseconds of the whole pipe. */
  wallMs: number;
  /** The measured stage with the most time, if any was measured. */
  slowest: StageStats | undefined;
}

/** Collects counts and times while a pipe runs. */
export class StatsCollector {
  readonly #rows = new Map<number, StageStats>();
  readonly #start = performance.now();
  /** Stages and reducers that spill, by row: their counters are read when the report is made. */
  readonly #spills = new Map<number, { [kSpill]?: StageStats['spill'] }>();

  /** Notes a stage (or a reducer) whose spill counters the report shows, if it has any. */
  watchSpill(stage: unknown, position: number): void {
    if (typeof stage === 'object' && stage !== null && kSpill in stage) this.#spills.set(position, stage as { [kSpill]?: StageStats['spill'] });
  }

  /** Where each row's skipped count comes from, read when the report is made. */
  readonly #skippers: { row: StageStats; from: () => number | undefined }[] = [];

  /** The row of a stage, made on first use; rows are keyed by position in the pipe. */
  row(position: number, name: string): StageStats {
    let row = this.#rows.get(position);
    if (row === undefined) {
      row = { position, name, itemsIn: undefined, itemsOut: undefined, bytesOut: undefined, ms: undefined };
      this.#rows.set(position, row);
    } else if (!row.name.split(' | ').includes(name)) {
      row.name = `${row.name} | ${name}`; // ops composed into one stage share its position
    }
    return row;
  }

  /** An op that counts and times the op it wraps (see {@link CountedOp}). */
  wrapOp<I, O>(op: Op<I, O>, position: number): Op<I, O> {
    const row = this.row(position, op.name);
    row.itemsIn ??= 0;
    row.itemsOut ??= 0;
    row.ms ??= 0;
    this.#skippers.push({ row, from: () => op.skipped });
    return new CountedOp(op, row);
  }

  /** A reducer factory that counts and times the reducer it makes. */
  wrapReducer<T, R>(make: ReducerFactory<T, R>, position: number, name: string): ReducerFactory<T, R> {
    const row = this.row(position, name);
    return (signal) => {
      const reducer = make(signal);
      this.watchSpill(reducer, position);
      row.itemsIn = 0;
      row.ms = 0;
      this.#skippers.push({ row, from: () => reducer.skipped });
      return {
        step(item, index) {
          row.itemsIn!++;
          const t0 = performance.now();
          const r = reducer.step(item, index);
          const timed = (): void => void (row.ms! += performance.now() - t0);
          // The loop awaits r itself; this only times it, and must not leave a rejection unhandled.
          if (r === undefined || r === STOP) timed();
          else Promise.resolve(r).then(timed, timed);
          return r;
        },
        result: () => reducer.result(),
      };
    };
  }

  /** Reports the items a stream stage or source skipped (its `kSkipped` getter), if it has one. */
  watchSkipped(stream: object, position: number, name: string): void {
    if (!(kSkipped in stream)) return;
    this.#skippers.push({ row: this.row(position, name), from: () => (stream as { [kSkipped]?: number })[kSkipped] });
  }

  /** Counts the items a sink function reads. */
  countInto<T>(source: AsyncIterable<T>, position: number, name: string): AsyncIterable<T> {
    const row = this.row(position, name);
    row.itemsIn = 0;
    return (async function* () {
      for await (const x of source) {
        row.itemsIn!++;
        yield x;
      }
    })();
  }

  /** The report: unknown counts filled in from the neighbours (what one emits, the next takes). */
  report(): PipeStats {
    for (const [position, stage] of this.#spills) {
      const spill = stage[kSpill];
      const row = this.#rows.get(position);
      if (spill !== undefined && row !== undefined)
        row.spill = { bytesSpilled: spill.bytesSpilled, runsWritten: spill.runsWritten, runsMerged: spill.runsMerged };
    }
    for (const { row, from } of this.#skippers) {
      const n = from();
      if (n !== undefined) row.skipped = (row.skipped ?? 0) + n;
    }
    const stages = [...this.#rows.values()].sort((a, b) => a.position - b.position);
    for (let i = 0; i < stages.length; i++) {
      const s = stages[i]!;
      const prev = stages[i - 1];
      const next = stages[i + 1];
      if (s.itemsIn === undefined && i > 0 && prev?.itemsOut !== undefined) s.itemsIn = prev.itemsOut;
      if (s.itemsOut === undefined && next?.itemsIn !== undefined) s.itemsOut = next.itemsIn;
    }
    let slowest: StageStats | undefined;
    for (const s of stages) if (s.ms !== undefined && (slowest === undefined || s.ms > slowest.ms!)) slowest = s;
    return { stages, wallMs: performance.now() - this.#start, slowest };
  }
}

/**
 * The report as a table, for stderr.
 *
 * @example
 * ```ts
 * await pipe(src, transforms.map(parse), sinks.count(), { stats: (s) => log.write(formatStats(s)) });
 * ```
 */
export function formatStats(stats: PipeStats): string {
  const lastPosition = stats.stages.at(-1)?.position;
  // The skipped column shows only when some stage has an onError policy.
  const skips = stats.stages.some((s) => s.skipped !== undefined);
  const rows = stats.stages.map((s) => [
    String(s.position),
    s.name,
    s.position === 1 ? '' : fmt(s.itemsIn),
    s.position === lastPosition ? '' : fmt(s.itemsOut),
    s.bytesOut === undefined ? '' : String(s.bytesOut),
    s.ms === undefined ? '' : s.ms.toFixed(1),
    ...(skips ? [s.skipped === undefined ? '' : String(s.skipped)] : []),
  ]);
  const head = ['#', 'stage', 'items in', 'items out', 'bytes out', 'ms', ...(skips ? ['skipped'] : [])];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map(line)];
  for (const s of stats.stages) {
    if (s.spill === undefined || s.spill.runsWritten === 0) continue;
    const { bytesSpilled, runsWritten, runsMerged } = s.spill;
    out.push(`spilled: ${s.name} (stage ${s.position}), ${bytesSpilled} bytes in ${runsWritten} runs, ${runsMerged} runs merged`);
  }
  const measured = stats.stages.reduce((t, s) => t + (s.ms ?? 0), 0);
  if (stats.slowest !== undefined && measured > 0) {
    const share = ((stats.slowest.ms! / measured) * 100).toFixed(0);
    out.push(`slowest: ${stats.slowest.name} (stage ${stats.slowest.position}), ${share}% of the time measured in stages; wall ${stats.wallMs.toFixed(1)} ms`);
  } else {
    out.push(`wall ${stats.wallMs.toFixed(1)} ms`);
  }
  return `${out.join('\n')}\n`;
}

const fmt = (n: number | undefined): string => (n === undefined ? '?' : String(n));
