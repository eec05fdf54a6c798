/**
 * The progress of distributed runs: for each run in the runs queue, parts done of total,
 * bytes done, the rate since it was submitted and the time left at that rate.
 */
import type { Session } from './session.js';

/** One run's progress. */
export interface RunStatus {
  run: string;
  state: string;
  done: number;
  total: number;
  /** Bytes of the parts done, of all parts (from the manifest). */
  bytesDone: number;
  bytes: number;
  /** Seconds since submit. */
  elapsed: number;
  /** Parts per second since submit. */
  rate: number;
  /** Seconds left at that rate (undefined before the first part is done). */
  eta: number | undefined;
}

/**
 * The runs of the runs queue, newest first.
 *
 * @example
 * ```ts
 * for (const s of await runStatus(session)) console.log(formatStatus(s));
 * ```
 */
export async function runStatus(session: Session, now = Date.now()): Promise<RunStatus[]> {
  const ids = await session.runs().getRanges(['waiting-children', 'wait', 'failed'], 0, 99, false);
  const out: RunStatus[] = [];
  for (const id of ids) {
    // One by one: a run whose data is not JSON is skipped, not the end of the listing.
    const job = await session
      .runs()
      .getJob(id)
      .catch(() => undefined);
    if (job?.id === undefined) continue;
    const counts = await job.getDependenciesCount();
    const done = counts.processed ?? 0;
    const total = done + (counts.unprocessed ?? 0) + (counts.failed ?? 0);
    const parts = (job.data as { parts?: { piece?: { start?: number; end?: number } }[] })?.parts;
    const sizes = Array.isArray(parts) ? parts.map((p) => Math.max(0, Number(p?.piece?.end) - Number(p?.piece?.start)) || 0) : [];
    const bytes = sizes.reduce((a, b) => a + b, 0);
    const processed = Object.keys((await job.getDependencies({ processed: {} })).processed ?? {});
    let bytesDone = 0;
    for (const key of processed) bytesDone += sizes[Number(key.slice(key.lastIndexOf('.') + 1))] ?? 0;
    const elapsed = Math.max(0.001, (now - job.timestamp) / 1000);
    const rate = done / elapsed;
    const left = bytes - bytesDone;
    out.push({
      run: job.id,
      state: await job.getState(),
      done,
      total,
      bytesDone,
      bytes,
      elapsed,
      rate,
      eta: bytesDone > 0 ? (left / bytesDone) * elapsed : undefined,
    });
  }
  return out;
}

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
const secs = (s: number): string =>
  s < 60 ? `${s.toFixed(0)} s` : s < 3600 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${(s / 3600).toFixed(1)} h`;

/**
 * One line of status.
 *
 * @example
 * ```ts
 * formatStatus(s); // 'reads-3f9c0a12b7e4d5c6: 6/16 parts done (75.0 MB of 200.0 MB), 0.40 parts/s, ETA 25 s'
 * ```
 */
export function formatStatus(s: RunStatus): string {
  const what =
    s.state === 'failed' ? 'failed' : s.done === s.total ? 'all parts done, waiting for reduce' : `ETA ${s.eta === undefined ? 'unknown' : secs(s.eta)}`;
  return `${s.run}: ${s.done}/${s.total} parts done (${mb(s.bytesDone)} of ${mb(s.bytes)}), ${s.rate.toFixed(2)} parts/s over ${secs(s.elapsed)}, ${what}`;
}
