/**
 * What a spilling stage tells `--stats`: bytes written to temporary files and sorted runs
 * (or partitions) merged. Read through the stage's `kSpill` getter.
 */

/** Counters of one spilling stage or sink. */
export interface SpillStats {
  /** Bytes written to temporary files. */
  bytesSpilled: number;
  /** Runs (or partition files) written. */
  runsWritten: number;
  /** Runs (or partition files) read back and merged. */
  runsMerged: number;
}

/**
 * Fresh counters.
 *
 * @example
 * ```ts
 * const stats = spillStats(); stats.bytesSpilled += 4096;
 * ```
 */
export function spillStats(): SpillStats {
  return { bytesSpilled: 0, runsWritten: 0, runsMerged: 0 };
}
