/**
 * `sinks.histogram()`: numbers in, equal-width bins out, as numpy's `histogram` (and the
 * seed's `plt.hist(values, bins=25)`) computes them.
 */
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, copyOptions, type OptionNames, validateInteger, validateNumber } from '../lib/core/validate.js';
import { mergeable } from '../lib/job/mergeable.js';
import { histogramAggregator } from '../lib/job/histogram-aggregator.js';

/**
 * Equal-width bins: `counts[i]` values fell in `[edges[i], edges[i + 1])` (the last bin is closed).
 *
 * @example
 * ```ts
 * const { edges, counts, total }: Histogram = await pipe([1, 2, 2, 3], sinks.histogram({ bins: 2 }));
 * ```
 */
export interface Histogram {
  /** bins + 1 increasing bin edges. */
  edges: number[];
  /** Number (or total weight) of values in each bin. */
  counts: number[];
  /** Total number (or weight) of values counted. */
  total: number;
}

/**
 * Options of {@link histogram} and {@link binFrequencies}.
 *
 * @example
 * ```ts
 * await pipe(values, sinks.histogram({ bins: 10, range: [0, 100] }));
 * ```
 */
export interface HistogramOptions {
  /** Number of equal-width bins. Default 25, as in the seed's `plt.hist`. */
  bins?: number | undefined;
  /** The range `[lo, hi]` to bin; values outside are ignored. Default: the values' min and max. */
  range?: readonly [number, number] | undefined;
}

const HISTOGRAM_OPTIONS: OptionNames<HistogramOptions> = { bins: true, range: true };

/**
 * Bins weighted values: `freq` maps a value to how many times it occurs (for k-mers,
 * `KmerCounts.histogram()`: count → number of k-mers). Same edges and same bin for each
 * value as `numpy.histogram(values, bins, range)`.
 *
 * @example
 * ```ts
 * binFrequencies(new Map([[1, 90], [2, 8], [10, 2]]), { bins: 3 });
 * // { edges: [1, 4, 7, 10], counts: [98, 0, 2], total: 100 }
 * ```
 */
export function binFrequencies(freq: ReadonlyMap<number, number>, options?: HistogramOptions): Histogram {
  const opts = copyOptions(checkOptionNames(options, HISTOGRAM_OPTIONS, 'sinks.binFrequencies()'));
  const bins = opts.bins ?? 25;
  validateInteger(bins, 'bins', 1);
  let lo = Infinity;
  let hi = -Infinity;
  if (opts.range !== undefined) {
    [lo, hi] = opts.range;
    validateNumber(lo, 'range[0]');
    validateNumber(hi, 'range[1]', lo);
  } else {
    for (const v of freq.keys()) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === Infinity) [lo, hi] = [0, 1]; // numpy's range for no values
  }
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5]; // numpy widens a zero-width range
  // As numpy.linspace computes them, so that values on an edge fall in the same bin.
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * step + lo);
  edges[bins] = hi;
  const counts = new Array<number>(bins).fill(0);
  let total = 0;
  for (const [v, w] of freq) {
    if (!(v >= lo && v <= hi)) continue;
    let i = Math.min(Math.floor(((v - lo) / (hi - lo)) * bins), bins - 1);
    // Floating point can land a value on the wrong side of an edge: use the edges themselves.
    if (v < edges[i]!) i--;
    else if (i < bins - 1 && v >= edges[i + 1]!) i++;
    counts[i]! += w;
    total += w;
  }
  return { edges, counts, total };
}

/**
 * A sink that bins the numbers it reads into equal-width bins (numpy `histogram`). Without a
 * `range` it must see every value before it knows the bin edges: it keeps one entry per
 * distinct value (few, for k-mer counts), not one per value.
 *
 * @example
 * ```ts
 * const counts = await pipe(sources.fasta('reads.fa'), sinks.countKmers(6));
 * const hist = await pipe(counts.values(), sinks.histogram({ bins: 25 }));
 * writeFileSync('hist.svg', histogramSvg(hist, { title: '6-mer counts' }));
 * ```
 */
export function histogram(options?: HistogramOptions): ReducerSink<number, Histogram> {
  const opts = copyOptions(checkOptionNames(options, HISTOGRAM_OPTIONS, 'sinks.histogram()'));
  binFrequencies(new Map(), opts); // checks the options now, not at the end of the stream
  const sink = reducerSink('histogram', () => {
    const freq = new Map<number, number>();
    return {
      step(value: number) {
        if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`expected a number, got ${typeof value === 'number' ? 'NaN' : typeof value}`);
        freq.set(value, (freq.get(value) ?? 0) + 1);
      },
      result: () => binFrequencies(freq, opts),
    };
  });
  return mergeable(sink, () => histogramAggregator((freq) => binFrequencies(freq, opts)));
}
