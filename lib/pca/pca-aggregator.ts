/**
 * The mergeable PCA: a {@link PcaState} per part, merged with Chan et al.'s update, and the
 * exact PCA (as scikit-learn's `PCA(n_components).fit(X)`) at the end.
 */
import { asMatrix, type Matrix } from './matrix.js';
import { validateInteger } from '../core/validate.js';
import type { Aggregator } from '../parallel/aggregator.js';
import { FrameReader, FrameWriter } from '../parallel/codec.js';
import { PcaState } from './pca-state.js';
import { pcaResult, type PcaResult } from './pca-result.js';

const TAG = 'PCAS';
const VERSION = 1;

/**
 * What the PCA aggregator folds in: one row, or a block of rows (as `sources.csv` numeric blocks).
 *
 * @example
 * ```ts
 * const state = fold(pcaAggregator({ nComponents: 2 }), [[1, 2, 3], new Float64Array([4, 5, 7])]);
 * ```
 */
export type PcaItem = ArrayLike<number> | Matrix | { data: Float64Array; rows: number; columns: number };

/**
 * Options of {@link pcaAggregator}.
 *
 * @example
 * ```ts
 * const agg = pcaAggregator({ nComponents: 2 });
 * ```
 */
export interface PcaAggregatorOptions {
  /** Components `result()` keeps. */
  nComponents: number;
}

/**
 * PCA as a mergeable aggregator. Encoded as p, n, the mean and the packed lower triangle
 * of the scatter matrix: (p² + 3p)/2 float64 values, however many rows were seen.
 *
 * @example
 * ```ts
 * const agg = pcaAggregator({ nComponents: 2 });
 * const a = fold(agg, rowsOfPart1);
 * const b = agg.decode(bytesFromWorker);
 * const pca = agg.result(agg.merge(a, b)); // components, explainedVariance, ...
 * ```
 */
export function pcaAggregator(options: PcaAggregatorOptions): Aggregator<PcaState, PcaItem, PcaResult> {
  const k = options?.nComponents;
  validateInteger(k, 'nComponents', 1);
  return {
    name: `pca(nComponents=${k})`,
    empty: () => new PcaState(),
    add(state, item) {
      const block = asMatrix(item);
      return block === undefined ? state.addRow(item as ArrayLike<number>) : state.addBlock(block);
    },
    merge: (a, b) => a.merge(b),
    encode: (state) => new FrameWriter(TAG, VERSION).u32(state.p).f64(state.n).f64array(state.mean).f64array(state.packedScatter()).finish(),
    decode(bytes) {
      const r = new FrameReader(bytes, TAG, VERSION);
      const p = r.u32();
      const n = r.f64();
      const mean = r.f64array(p);
      const packed = r.f64array((p * (p + 1)) / 2);
      r.end();
      return p === 0 ? new PcaState() : PcaState.fromParts(n, mean, packed);
    },
    result: (state) => pcaResult(state, k),
  };
}
