// The CSV job of benchmarks/records.ts, as a user writes it: the sums of the columns of a
// numeric CSV with a header, one matrix of rows per block. (test/job/projected-pieces.spec.ts
// checks its sums against csv-parse's values.)
import { defineJob, sinks, sources } from 'streamtoolz';

/** Adds the rows of a matrix to `sums` (made at the first matrix, as wide as it is). */
function addRows(sums, m) {
  sums ??= new Float64Array(m.columns);
  for (let i = 0; i < m.rows * m.columns; i += m.columns) for (let c = 0; c < m.columns; c++) sums[c] += m.data[i + c];
  return sums;
}

/** Two pieces' sums added (a piece without rows has none). */
const addSums = (a, b) => (a === null ? b : b === null ? a : a.map((x, c) => x + b[c]));

export default defineJob({
  format: 'csv',
  header: true,
  source: (input) => sources.csv(input, { numeric: 'matrix', header: true }),
  // One accumulator, under one key, merged across pieces by adding.
  sink: () =>
    sinks.reduceBy(
      () => 'sums',
      addRows,
      () => null,
      { combine: addSums },
    ),
});
