/**
 * A full garbage collection on demand, for commands that hand large typed arrays from one
 * phase to the next (`assemble`: count table → sorted columns → graph → walk).
 *
 * Why a command needs one: a typed array's memory lives outside the JS heap and is freed
 * only when a major GC finds the array dead, and V8 starts major GCs as the JS heap grows
 * (or as typed-array memory grows 64 MB past the last GC). A command that allocates tens
 * of MB of typed arrays and a few MB of JS objects keeps its dead arrays for as long as
 * chance decides. `assemble` on 68 k reads (k = 31, 200 k distinct k-mers) peaked at 69-70
 * MB when its 6 MB count table happened to be collected before the walk and at 73-75 MB
 * when not (a fifth to a third of the runs). Collected at three phase boundaries (after the
 * count, after the table, after the graph build; the table in 4 segments, see assemble.ts)
 * it peaks at 66.2-67.2 MB over 20 runs, median 66.6 (5 Mb genome at 30x: 315 -> 276 MB).
 * A collection costs 5-7 ms of CPU in the CLI's ~4 MB JS heap, whatever the input size:
 * 4-5% of that 0.4 s run.
 *
 * How: `gc` exists only in contexts created while `--expose-gc` is on, so the flag is on
 * for the creation of one small context and off again (the main context and any later one
 * are unchanged). The dead arrays are swept during the collection: V8 sweeps them on a
 * helper thread by default, which returns their memory some milliseconds later, often
 * after the next phase has allocated.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Less garbage than this is left to V8: a collection costs a few ms in a small heap and
 * tens of ms in a large one (a test run's 100 MB heap: 75 ms).
 */
export const MIN_GARBAGE_BYTES = 1 << 20;

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection, freeing the memory of dead typed arrays before it
 * returns, when `garbageBytes` (about how much typed-array memory has just become garbage)
 * is at least {@link MIN_GARBAGE_BYTES}. Returns whether it collected. Call it where a
 * large structure has just died and the next phase is about to allocate, and make sure
 * nothing refers to it any more: the locals of a function that has returned are gone, but
 * in the function that calls `collectGarbage` a value it passed to an earlier call can
 * live on in an interpreter register even after its variable was set to `undefined`.
 *
 * @example
 * ```ts
 * const columns = await countKmers(inputs); // the count table was local to countKmers
 * collectGarbage(12 * columns.lo.length); // its memory goes back before the graph's arrays are allocated
 * const graph = buildGraph(k, columns);
 * ```
 */
export function collectGarbage(garbageBytes: number): boolean {
  if (!(garbageBytes >= MIN_GARBAGE_BYTES)) return false;
  gc ??= exposedGc();
  setFlagsFromString('--no-concurrent-array-buffer-sweeping');
  try {
    gc();
  } finally {
    setFlagsFromString('--concurrent-array-buffer-sweeping');
  }
  return true;
}

/** `gc` of the main context when node runs with --expose-gc, else of a context made for it. */
function exposedGc(): () => void {
  const global = globalThis as { gc?: unknown };
  if (typeof global.gc === 'function') return global.gc as () => void;
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
