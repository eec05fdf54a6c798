/**
 * The row-block form the PCA kernels work on: a row-major `Float64Array` with its shape, and
 * the conversion from what callers have (arrays of rows), checking shape and finiteness
 * once, so that the kernels can trust their input.
 */
import { codes, StreamtoolzError } from '../core/errors.js';

/** `rows` rows of `cols` numbers, row-major in `data` (whose length may exceed rows × cols). */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** What the PCA model accepts: rows (`number[]` or `Float64Array`) or a {@link Matrix}. */
export type Rows = readonly ArrayLike<number>[] | Matrix;

/**
 * Error for a bad row: wrong width or a value that is not a finite number.
 *
 * @example
 * ```ts
 * throw badRow(3, 'has 4 values, expected 5');
 * ```
 */
export function badRow(index: number, problem: string): StreamtoolzError {
  return new StreamtoolzError(codes.BAD_RECORD, `row ${index} ${problem}`);
}

/**
 * What is wrong with a row that should hold `cols` finite numbers, or undefined if nothing.
 *
 * @example
 * ```ts
 * rowProblem([1, NaN], 2); // 'column 2 is NaN, not a finite number'
 * ```
 */
export function rowProblem(row: unknown, cols: number): string | undefined {
  if (row === null || typeof row !== 'object' || typeof (row as ArrayLike<number>).length !== 'number') return 'is not an array of numbers';
  const r = row as ArrayLike<unknown>;
  if (r.length !== cols) return `has ${r.length} value${r.length === 1 ? '' : 's'}, expected ${cols}`;
  for (let j = 0; j < cols; j++) {
    const v = r[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `column ${j + 1} is ${typeof v === 'string' ? `'${v}'` : String(v)}, not a finite number`;
  }
  return undefined;
}

/**
 * Checks that one row has `cols` finite numbers; `index` names it in the error.
 *
 * @example
 * ```ts
 * checkRow([1, 2, NaN], 3, 7); // throws "row 7 column 3 is NaN, not a finite number"
 * ```
 */
export function checkRow(row: ArrayLike<number>, cols: number, index: number): void {
  const problem = rowProblem(row, cols);
  if (problem !== undefined) throw badRow(index, problem);
}

/** A block of rows as the numeric CSV source gives them (`columns` instead of `cols`). */
export interface ColumnsMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/**
 * True for a {@link Matrix} (a block of rows), false for an array of rows.
 *
 * @example
 * ```ts
 * isMatrix({ data: new Float64Array(4), rows: 2, cols: 2 }); // true
 * isMatrix([[1, 2], [3, 4]]);                                 // false
 * ```
 */
export function isMatrix(x: unknown): x is Matrix {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as Matrix).rows === 'number' &&
    typeof (x as Matrix).cols === 'number' &&
    (x as Matrix).data instanceof Float64Array
  );
}

/**
 * The block of rows `x` is, in either spelling (`cols`, or `columns` as `sources.csv` with
 * `numeric: 'matrix'` gives it), or undefined when `x` is not a block.
 *
 * @example
 * ```ts
 * asMatrix({ data, rows: 2, columns: 3 }); // { data, rows: 2, cols: 3 }
 * ```
 */
export function asMatrix(x: unknown): Matrix | undefined {
  if (isMatrix(x)) return x;
  const m = x as ColumnsMatrix;
  if (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    typeof m.rows === 'number' &&
    typeof m.columns === 'number' &&
    m.data instanceof Float64Array
  ) {
    return { data: m.data, rows: m.rows, cols: m.columns };
  }
  return undefined;
}

/**
 * Checks `rows` (all of width `cols`, or of the first row's width) and returns them as a
 * {@link Matrix}; a Matrix is checked and returned as is.
 *
 * @example
 * ```ts
 * toMatrix([[1, 2], [3, 4]]); // { data: Float64Array [1, 2, 3, 4], rows: 2, cols: 2 }
 * ```
 */
export function toMatrix(rows: Rows, cols?: number, what = 'input'): Matrix {
  if (isMatrix(rows)) {
    if (cols !== undefined && rows.cols !== cols) throw badRow(0, `has ${rows.cols} values, expected ${cols}`);
    const { data } = rows;
    for (let i = 0; i < rows.rows * rows.cols; i++) {
      if (!Number.isFinite(data[i]!)) throw badRow(Math.floor(i / rows.cols), `column ${(i % rows.cols) + 1} is ${data[i]}, not a finite number`);
    }
    return rows;
  }
  if (!Array.isArray(rows)) throw new TypeError(`${what}: expected an array of rows or a matrix`);
  if (rows.length === 0) throw new StreamtoolzError(codes.NO_RESULT, `${what}: no rows`);
  const width = cols ?? rows[0]!.length;
  const data = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    checkRow(row, width, r);
    for (let j = 0; j < width; j++) data[r * width + j] = row[j]!;
  }
  return { data, rows: rows.length, cols: width };
}
