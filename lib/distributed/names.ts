/**
 * Where a distributed run lives in Redis. The two queues are BullMQ queues under BullMQ's
 * default prefix `bull`, so a BullMQ dashboard (Bull Board, Taskforce) lists them:
 * - `streamtoolz-runs`: one parent job per run (its data is the run's manifest); it waits
 *   for its children, then for `streamtoolz reduce`;
 * - `streamtoolz-parts`: one child job per piece of input, processed by `streamtoolz worker`.
 * Partial results are plain keys beside them, written only by the worker holding the part's lock.
 */

/** BullMQ's key prefix (its default). */
export const PREFIX = 'bull';
/** The queue of the runs' parent jobs. */
export const RUNS_QUEUE = 'streamtoolz-runs';
/** The queue of the parts, one child job per piece. */
export const PARTS_QUEUE = 'streamtoolz-parts';

/** A run's name: what `--queue` takes. */
export const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
/** A run id: its name and a hash of what it computes on which bytes. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_.-]{1,100}-[0-9a-f]{16}$/;

/** The id of part `index` of run `run` (BullMQ job ids may not contain ':'). */
export const partId = (run: string, index: number): string => `${run}.${index}`;
/** Where part `index` of run `run` keeps its partial result. */
export const partialKey = (run: string, index: number): string => `${PREFIX}:streamtoolz:partial:${run}:${index}`;
/** The pattern of all partial keys of a run (or of all runs). */
export const partialPattern = (run = '*'): string => `${PREFIX}:streamtoolz:partial:${run}:*`;
/** Which run of a name was submitted last. */
export const latestKey = (name: string): string => `${PREFIX}:streamtoolz:latest:${name}`;
/** BullMQ's lock key of a job of the parts queue (the worker holding it has its token). */
export const lockKey = (jobId: string): string => `${PREFIX}:${PARTS_QUEUE}:${jobId}:lock`;
