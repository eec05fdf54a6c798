/**
 * A job: a user's pipeline, written once, that runs on one core, on all cores and on many
 * machines (DESIGN.md principle 11). It names a source for one input, the stages, and a
 * sink whose result can be computed in pieces and merged (see `mergeable.ts`).
 */
import type { Readable } from 'node:stream';
import type { Sink, SourceLike, StageLike } from '../core/types.js';
import { codes } from '../core/errors.js';
import { checkOptionNames, type OptionNames, validateBoolean, validateFunction, validateOneOf } from '../core/validate.js';

/**
 * What a job's `source` is given: a path (a whole input, as typed by the user), or a Readable
 * of one piece of a file (whole records; its `path` is the file's, so errors name it).
 *
 * @example
 * ```ts
 * const source = (input: JobInput) => sources.json(input); // a path or a piece, alike
 * ```
 */
export type JobInput = string | Readable;

/**
 * How a file is cut into pieces of whole records: 'lines', 'ndjson' (one record per line),
 * 'csv' (quoted line breaks kept), 'fasta', 'fastq' (4-line), or 'whole' (never cut).
 *
 * @example
 * ```ts
 * defineJob({ format: 'csv', header: true, source: (i) => sources.csv(i, { columns: true }), sink: () => sinks.countBy('kind') });
 * ```
 */
export type JobFormat = 'lines' | 'ndjson' | 'csv' | 'fasta' | 'fastq' | 'whole';

const FORMATS: readonly JobFormat[] = ['lines', 'ndjson', 'csv', 'fasta', 'fastq', 'whole'];

/**
 * What {@link defineJob} takes.
 *
 * @example
 * ```ts
 * const definition: JobDefinition<number> = { source: (i) => sources.lines(i), sink: () => sinks.count() };
 * ```
 */
export interface JobDefinition<R = unknown> {
  /** The records of one input (called once per input or piece): e.g. `(input) => sources.json(input)`. */
  source: (input: JobInput) => SourceLike<any>;
  /** The stages between source and sink, made afresh for each piece. Default: none. */
  stages?: (() => readonly StageLike<any, any>[]) | undefined;
  /** The sink, made afresh for each piece: it must be mergeable (count, sum, countBy, topk...). */
  sink: () => Sink<any, R>;
  /**
   * How files are cut for threads and machines. Default: by their first byte, '>' FASTA,
   * '@' FASTQ, '{' NDJSON, anything else (and gzip, which cannot be cut) whole.
   */
  format?: JobFormat | undefined;
  /** With format 'csv': the first record is a header, given again to every piece. Default false. */
  header?: boolean | undefined;
}

/**
 * A job, as {@link defineJob} makes it (frozen).
 *
 * @example
 * ```ts
 * const job: Job<number> = defineJob({ source: (i) => sources.lines(i), sink: () => sinks.count() });
 * ```
 */
export interface Job<R = unknown> extends Readonly<JobDefinition<R>> {
  readonly [kJob]: true;
}

const DEFINITION_NAMES: OptionNames<JobDefinition> = { source: true, stages: true, sink: true, format: true, header: true };

/** Marks jobs. `Symbol.for`: a job module may load another copy of the package (its built files). */
export const kJob: unique symbol = Symbol.for('streamtoolz.job') as never;

/**
 * Defines a job; a job module exports it as `default`.
 *
 * @example
 * ```ts
 * // count-status.ts
 * import { defineJob, sources, transforms, sinks } from 'streamtoolz';
 * export default defineJob({
 *   source: (input) => sources.json(input),
 *   stages: () => [transforms.filter((r: { status: number }) => r.status >= 500)],
 *   sink: () => sinks.countBy('path'),
 * });
 * // streamtoolz run count-status.js logs/*.ndjson --threads 2
 * ```
 */
export function defineJob<R>(definition: JobDefinition<R>): Job<R> {
  const { source, stages, sink, format, header } = { ...checkOptionNames(definition, DEFINITION_NAMES, 'defineJob()') };
  validateFunction(source, 'source');
  if (stages !== undefined) validateFunction(stages, 'stages');
  validateFunction(sink, 'sink');
  if (format !== undefined) validateOneOf(format, 'format', FORMATS);
  if (header !== undefined) validateBoolean(header, 'header');
  if (header === true && format !== 'csv') {
    throw Object.assign(new TypeError(`The "header" option goes with format 'csv'. Received format ${JSON.stringify(format)}`), {
      code: codes.INVALID_ARG_VALUE,
    });
  }
  return Object.freeze({ source, stages, sink, format, header, [kJob]: true as const });
}

/**
 * Is `value` a job (made by this or another copy of the package)?
 *
 * @example
 * ```ts
 * isJob((await import('./job.js')).default); // true
 * ```
 */
export function isJob(value: unknown): value is Job {
  return typeof value === 'object' && value !== null && (value as { [kJob]?: unknown })[kJob] === true;
}
