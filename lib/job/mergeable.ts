/**
 * A sink's mergeable form: the aggregator (`lib/parallel/aggregator.ts`) that computes the
 * sink's result in pieces, one per byte range, thread or machine, and merges the pieces.
 * Each sink factory attaches it to the sink it makes ({@link mergeable}); `runJob` and the
 * distributed workers look it up ({@link aggregatorOf}).
 */
import { codes, StreamtoolzError } from '../core/errors.js';
import { kName } from '../core/symbols.js';
import type { Aggregator } from '../parallel/aggregator.js';

/**
 * The key of a sink's mergeable form. `Symbol.for`, so that a sink made by another copy of
 * the package's modules (a job module's, when it resolves `streamtoolz` elsewhere than the
 * caller does) is recognised too.
 *
 * @example
 * ```ts
 * typeof sinks.count()[kAggregator]; // 'function'
 * ```
 */
export const kAggregator: unique symbol = Symbol.for('streamtoolz.aggregator') as never;

/** What a sink carries: a function making its aggregator (or throwing why it cannot merge). */
export type MakeAggregator = () => Aggregator<unknown, unknown, unknown>;

/**
 * Attaches `make` to `sink` as its mergeable form and returns the sink.
 *
 * @example
 * ```ts
 * return mergeable(reducerSink('count', ...), () => countAggregator());
 * ```
 */
export function mergeable<S extends object>(sink: S, make: () => Aggregator<any, any, any>): S {
  return Object.defineProperty(sink, kAggregator, { value: make, enumerable: false });
}

/** Why a sink cannot run in pieces: one line naming it. */
export function notMergeable(name: string, why: string): StreamtoolzError {
  return new StreamtoolzError(codes.INVALID_ARG_VALUE, `the sink ${name} cannot merge partial results: ${why}`);
}

const MERGEABLE = 'count, sum, min, max, frequencies, countBy, reduceBy (with a combine function), topk, histogram, sample, countKmers or pca';

/** A sink's display name, also when another copy of the package made it (its own `kName` symbol). */
function sinkName(sink: object): string {
  const own = (sink as { [kName]?: unknown })[kName];
  const key = own === undefined ? Object.getOwnPropertySymbols(sink).find((s) => s.description === kName.description) : kName;
  const name = key === undefined ? undefined : (sink as Record<symbol, unknown>)[key];
  return typeof name === 'string' ? name : (sink as { name?: string }).name || 'anonymous';
}

/**
 * The aggregator of a job's sink, or a one-line error naming the sink when it has none.
 *
 * @example
 * ```ts
 * const agg = aggregatorOf(sinks.countBy('path')); // folds, merges, encodes countBy's Map
 * ```
 */
export function aggregatorOf(sink: unknown): Aggregator<unknown, unknown, unknown> {
  const name = typeof sink === 'function' ? sinkName(sink) : typeof sink;
  const make = typeof sink === 'function' ? (sink as { [kAggregator]?: MakeAggregator })[kAggregator] : undefined;
  if (typeof make !== 'function') throw notMergeable(name, `a job's sink must be one of ${MERGEABLE}`);
  return make();
}
