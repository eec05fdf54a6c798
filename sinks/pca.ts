/**
 * `sinks.pca({ nComponents })`: the exact PCA of numeric rows (scikit-learn's
 * `PCA(n_components).fit(X)`), from a mean and scatter matrix folded row by row: memory is
 * p² numbers whatever the number of rows, and the state merges, so a job with this sink
 * runs on threads and machines with the same result.
 */
import { pcaAggregator, type PcaItem } from '../lib/pca/pca-aggregator.js';
import type { PcaResult } from '../lib/pca/pca-result.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, copyOptions, type OptionNames, validateInteger } from '../lib/core/validate.js';
import { mergeable } from '../lib/job/mergeable.js';

/**
 * Options of {@link pca}.
 *
 * @example
 * ```ts
 * sinks.pca({ nComponents: 2 });
 * ```
 */
export interface PcaOptions {
  /** Components to keep: 1 to the number of features. */
  nComponents: number;
}

const PCA_OPTIONS: OptionNames<PcaOptions> = { nComponents: true };

/**
 * A sink resolving to the exact PCA of its rows (`number[]`, `Float64Array` or numeric blocks).
 *
 * @example
 * ```ts
 * const fit = await pipe(sources.csv('x.csv', { numeric: 'matrix' }), sinks.pca({ nComponents: 2 }));
 * fit.explainedVarianceRatio; // Float64Array [0.92..., 0.05...]
 * ```
 */
export function pca(options: PcaOptions): ReducerSink<PcaItem, PcaResult> {
  const { nComponents } = copyOptions(checkOptionNames(options, PCA_OPTIONS, 'sinks.pca()'));
  validateInteger(nComponents, 'nComponents', 1);
  const make = () => pcaAggregator({ nComponents });
  return mergeable(
    reducerSink<PcaItem, PcaResult>(`pca(nComponents=${nComponents})`, () => {
      const agg = make();
      let state = agg.empty();
      return {
        step(item) {
          state = agg.add(state, item);
        },
        result: () => agg.result(state),
      };
    }),
    make,
  );
}
