/**
 * A worker's heartbeat: while it works on a job, it zeroes the job's idle time in the
 * consumer group every `claimIdleMs / 3` (the {@link HEARTBEAT} script), so that other
 * workers' XAUTOCLAIM, which takes entries idle longer than `claimIdleMs`, leaves a live
 * worker's job alone and takes only the jobs of workers that died or stalled.
 *
 * The beats are timers on the worker's own event loop (not a separate thread), so that a
 * worker that hangs stops beating and loses its job, as a dead one does. That needs the
 * fold to yield, and it does: the folds of `range-jobs.ts` read their range as a file
 * stream and await every chunk (512 KiB), so a timer fires between chunks. The longest
 * synchronous stretches measured on k=21 ranges of the 20 MB benchmark file (canonical,
 * `monitorEventLoopDelay`) are a chunk whose scan fills the sort block and sorts it (2^21
 * k-mers: 0.1 to 0.2 s) and the copy of the packed runs into the stored byte string (under
 * 0.1 s for the 100 MB partial of a 20 MB range); PCA chunks take under 15 ms. Far below the
 * default claim idle time of 30 s (a beat every 10 s). A worker stalled longer than that
 * loses its job to another; both finish it and the STORE script keeps one result, so a
 * stall costs time, not exactness.
 */
import type { RedisLink } from './redis-link.js';
import { GROUP } from './queue.js';
import { HEARTBEAT, runScript } from './scripts.js';

/** Which pending entry a heartbeat keeps: the run's stream, this worker, the entry. */
export interface HeldEntry {
  /** The run's stream key (`runKeys(queue).jobs`). */
  jobs: string;
  consumer: string;
  /** The stream entry id. */
  id: string;
}

/**
 * One beat: zeroes the entry's idle time if it is still pending with `entry.consumer`.
 * Resolves true when refreshed, false when another worker has it or it was acknowledged.
 *
 * @example
 * ```ts
 * await refreshEntry(redis, { jobs: 'reads:jobs', consumer: 'node7', id: '1700000000000-0' }); // true
 * ```
 */
export async function refreshEntry(redis: RedisLink, entry: HeldEntry): Promise<boolean> {
  return (await runScript(redis.client, HEARTBEAT, [entry.jobs], [GROUP, entry.consumer, entry.id])) === 1;
}

/** A running heartbeat. */
export interface Heartbeat {
  /** Beats sent and answered. */
  readonly beats: number;
  /** True once a beat found the entry in another worker's hands (the beats then stop). */
  readonly lost: boolean;
  stop(): void;
}

/**
 * Beats every `everyMs` until stopped or until the entry is found lost (then `onLost` is
 * called once). A beat that fails (Redis away for a moment) is skipped: the next one tries
 * again, and the worker's own next command reports a connection that is gone for good.
 * `everyMs` 0 starts nothing (with a claim idle time of 0 any pending job is claimable).
 *
 * @example
 * ```ts
 * const beat = startHeartbeat(redis, { jobs: keys.jobs, consumer, id: entry.id }, claimIdleMs / 3);
 * try { partial = await countKmersInRange(job); } finally { beat.stop(); }
 * ```
 */
export function startHeartbeat(redis: RedisLink, entry: HeldEntry, everyMs: number, onLost?: () => void): Heartbeat {
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  const state = {
    beats: 0,
    lost: false,
    stop(): void {
      clearInterval(timer);
      timer = undefined;
    },
  };
  const beat = async (): Promise<void> => {
    if (inFlight) return; // a slow reply: no second beat behind it
    inFlight = true;
    try {
      const mine = await refreshEntry(redis, entry);
      if (timer === undefined) return;
      state.beats++;
      if (!mine) {
        state.lost = true;
        state.stop();
        onLost?.();
      }
    } catch {
      // skipped; see above
    } finally {
      inFlight = false;
    }
  };
  if (everyMs >= 1) {
    timer = setInterval(() => void beat(), everyMs);
    // The job's own work keeps the process alive; a forgotten heartbeat must not.
    timer.unref();
  }
  return state;
}
