/**
 * `transforms.project(model)`: the second pass of the seed's PCA example. Each row becomes
 * its coordinates on the model's components (whitened if the model was fitted with
 * `whiten`), as scikit-learn's `transform` computes them.
 */
import { codes, StreamtoolzError } from '../lib/core/errors.js';
import type { Op } from '../lib/core/op.js';
import { opStage, type OpStageOptions } from '../lib/core/op-stage.js';
import { IncrementalPCA } from '../lib/pca/incremental-pca.js';
import { asMatrix, rowProblem, type ColumnsMatrix, type Matrix } from '../lib/pca/matrix.js';
import type { Stage } from '../lib/core/types.js';
import { checkOptionNames, type OptionNames, received } from '../lib/core/validate.js';
import type { PcaRow } from '../sinks/fit-pca.js';

class ProjectOp implements Op<PcaRow, Float64Array | Matrix> {
  readonly name: string;
  readonly expands = false;
  done = false;
  readonly #model: IncrementalPCA;

  constructor(model: IncrementalPCA) {
    this.name = `project(nComponents=${model.nComponents})`;
    this.#model = model;
  }

  step(item: PcaRow): Float64Array | Matrix {
    const model = this.#model;
    const n = model.nFeatures;
    const block = asMatrix(item);
    if (block !== undefined) {
      // A block in, a block out: rows × nComponents, for the numeric fast path.
      if (block.cols !== n) throw new RangeError(`block has ${block.cols} columns, expected ${n}`);
      const k = model.nComponents;
      const out = new Float64Array(block.rows * k);
      for (let r = 0; r < block.rows; r++) {
        const row = block.data.subarray(r * n, (r + 1) * n);
        const problem = rowProblem(row, n);
        if (problem !== undefined) throw new RangeError(`row ${r} of the block: ${problem}`);
        model.transformRow(row, out.subarray(r * k, (r + 1) * k));
      }
      return { data: out, rows: block.rows, cols: k };
    }
    const problem = rowProblem(item, n);
    if (problem !== undefined) throw new RangeError(`row ${problem}`);
    return model.transformRow(item as ArrayLike<number>);
  }
}

const OP_STAGE_OPTIONS: OptionNames<OpStageOptions> = { highWaterMark: true };

/**
 * Projects each row (`number[]` or `Float64Array`) on a fitted model's components, giving
 * a `Float64Array` of `nComponents` coordinates; a block `{ data, rows, cols }` gives a
 * block of `rows` × `nComponents` (type it `project<Matrix>(model)`). A row of the wrong width or with a non-finite value is
 * a StageError naming the row.
 *
 * @example
 * ```ts
 * const model = await pipe(sources.csv('x.csv', { numeric: true }), sinks.fitPCA({ nComponents: 2 }));
 * const xy = await pipe(sources.csv('x.csv', { numeric: true }), transforms.project(model), sinks.collect());
 * ```
 */
export function project<R extends PcaRow = ArrayLike<number>>(
  model: IncrementalPCA,
  options?: OpStageOptions,
): Stage<R, R extends Matrix | ColumnsMatrix ? Matrix : Float64Array> {
  if (!(model instanceof IncrementalPCA)) {
    const err = new TypeError(`The "model" argument must be an IncrementalPCA. ${received(model)}`);
    throw Object.assign(err, { code: codes.INVALID_ARG_TYPE });
  }
  checkOptionNames(options, OP_STAGE_OPTIONS, 'transforms.project()');
  if (!model.fitted) throw new StreamtoolzError(codes.INVALID_ARG_VALUE, 'The "model" argument must be a fitted IncrementalPCA: fit it first (sinks.fitPCA)');
  return opStage(new ProjectOp(model), options) as Stage<PcaRow, unknown> as Stage<R, R extends Matrix | ColumnsMatrix ? Matrix : Float64Array>;
}
