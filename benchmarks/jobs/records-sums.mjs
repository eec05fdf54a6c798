// The CSV job of benchmarks/records.ts, as a user writes it: the sums of the columns of a
// numeric CSV with a header, one matrix of rows per block.
import { defineJob, sinks, sources } from 'streamtoolz';

/** Adds the rows of a matrix to `sums`. */
function addRows(sums, m) {
  for (let i = 0; i < m.rows * m.columns; i += m.columns) for (let c = 0; c < m.columns; c++) sums[c] += m.data[i + c];
  return sums;
}

export default defineJob({
  format: 'csv',
  header: true,
  source: (input) => sources.csv(input, { numeric: 'matrix', header: true }),
  // One accumulator (under one key), merged across pieces by adding.
  sink: () =>
    sinks.reduceBy(
      () => 'sums',
      addRows,
      () => new Float64Array(10),
      {
        combine: (a, b) => a.map((x, c) => x + b[c]),
      },
    ),
});
