/**
 * `sinks.fitPCA`: fits an IncrementalPCA on a stream of rows, in the batches scikit-learn's
 * `IncrementalPCA.fit` would use on the same rows, holding at most two batches in memory.
 * The numbers are the kernel's (`lib/pca/incremental-pca.ts`); this file is the stream end.
 */
import { codes, StageError, StreamtoolzError } from '../lib/core/errors.js';
import { FitBatcher } from '../lib/pca/fit-batcher.js';
import { IncrementalPCA } from '../lib/pca/incremental-pca.js';
import { asMatrix, rowProblem, type ColumnsMatrix, type Matrix } from '../lib/pca/matrix.js';
import { reducerSink, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, copyOptions, type OptionNames, validateBoolean, validateInteger } from '../lib/core/validate.js';

/**
 * Options of {@link fitPCA}.
 *
 * @example
 * ```ts
 * const model = await pipe(sources.csv('data.csv', { numeric: true }), sinks.fitPCA({ nComponents: 2, batchSize: 100, whiten: true }));
 * ```
 */
export interface FitPCAOptions {
  /** Number of components to keep: an integer from 1 to the number of features. */
  nComponents: number;
  /** Rows per batch, at least nComponents. Default 5 × the number of features, as scikit-learn. */
  batchSize?: number | undefined;
  /** Whether the model's `transform` (and `transforms.project`) whitens. Default false. */
  whiten?: boolean | undefined;
}

/**
 * What fitPCA accepts: one row per item, or a block of rows (the numeric CSV fast path:
 * `sources.csv(input, { numeric: 'matrix' })` gives `{ data, rows, columns }` blocks).
 *
 * @example
 * ```ts
 * await pipe([[1, 2], new Float64Array([3, 5]), [4, 4]], sinks.fitPCA({ nComponents: 1 }));
 * ```
 */
export type PcaRow = ArrayLike<number> | Matrix | ColumnsMatrix;

const FIT_PCA_OPTIONS: OptionNames<FitPCAOptions> = { nComponents: true, batchSize: true, whiten: true };

/**
 * A sink that fits incremental PCA on rows (`number[]`, `Float64Array`, or row-major
 * blocks `{ data, rows, cols }` / `{ data, rows, columns }`) and resolves to the fitted {@link IncrementalPCA}. Its
 * attributes equal scikit-learn's `IncrementalPCA(n_components, batch_size, whiten).fit(X)`
 * on the same rows: same default batch size, and a last remainder smaller than nComponents
 * is folded into the previous batch, never dropped.
 *
 * @example
 * ```ts
 * const model = await pipe(sources.csv('iris.csv', { numeric: true }), sinks.fitPCA({ nComponents: 2 }));
 * model.explainedVarianceRatio; // Float64Array [0.92..., 0.05...]
 * ```
 */
export function fitPCA(options: FitPCAOptions): ReducerSink<PcaRow, IncrementalPCA> {
  const opts = copyOptions(checkOptionNames(options, FIT_PCA_OPTIONS, 'sinks.fitPCA()'));
  const { nComponents, batchSize, whiten = false } = opts;
  validateInteger(nComponents, 'nComponents', 1);
  if (batchSize !== undefined) validateInteger(batchSize, 'batchSize', nComponents);
  validateBoolean(whiten, 'whiten');
  const name = `fitPCA(nComponents=${nComponents}${batchSize === undefined ? '' : `, batchSize=${batchSize}`}${whiten ? ', whiten' : ''})`;
  const fail = (index: number | undefined, message: string, code: string = codes.STAGE): StageError =>
    new StageError({ stage: name, index }, new Error(message), code);

  return reducerSink<PcaRow, IncrementalPCA>(name, () => {
    const model = new IncrementalPCA({ nComponents, batchSize, whiten });
    let batcher: FitBatcher | undefined;
    let cols = 0;
    let rows = 0;
    const start = (width: number, index: number): FitBatcher => {
      if (width < nComponents) throw fail(index, `nComponents=${nComponents} is more than the ${width} features of the rows`, codes.NO_RESULT);
      cols = width;
      // Every batch goes through partialFit as scikit-learn's fit would send it.
      return new FitBatcher(width, batchSize ?? 5 * width, nComponents, (b) => model.partialFit(b));
    };
    const run = (index: number, fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        throw err instanceof StageError ? err : new StageError({ stage: name, index }, err, err instanceof StreamtoolzError ? err.code : codes.STAGE);
      }
    };
    return {
      step(item, index) {
        const block = asMatrix(item);
        if (block !== undefined) {
          batcher ??= start(block.cols, index);
          if (block.cols !== cols) throw fail(index, `block has ${block.cols} columns, expected ${cols}`);
          const { data } = block;
          for (let i = 0; i < block.rows * cols; i++) {
            if (!Number.isFinite(data[i]))
              throw fail(index, `row ${Math.floor(i / cols)} of the block: column ${(i % cols) + 1} is ${data[i]}, not a finite number`);
          }
          const b = batcher;
          run(index, () => b.pushRows(data, block.rows));
          rows += block.rows;
          return;
        }
        const row = item as ArrayLike<number>;
        batcher ??= start(typeof row?.length === 'number' ? row.length : 0, index);
        const problem = rowProblem(item, cols);
        if (problem !== undefined) throw fail(index, `row ${problem}`);
        const b = batcher;
        run(index, () => b.push(row));
        rows++;
      },
      result() {
        if (rows < nComponents)
          throw fail(undefined, `${rows} row${rows === 1 ? '' : 's'} is fewer than nComponents=${nComponents}: nothing to fit`, codes.NO_RESULT);
        const b = batcher!;
        run(rows, () => b.finish());
        return model;
      },
    };
  });
}
