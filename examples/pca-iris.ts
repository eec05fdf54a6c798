/**
 * The seed's PCA example on the iris data: fit incremental PCA in one streaming pass over
 * the CSV (batches of 100 rows, as the seed's `streaming_pca`), then re-open the CSV and
 * project every row on the two components in a second pass, and plot them coloured by
 * species. No pass holds the file: the fit holds at most two batches, the projection one
 * row at a time (only the 2-number points for the plot are kept).
 *
 * Run: `node dist/examples/pca-iris.js [CSV]`
 */
import { writeFileSync } from 'node:fs';
import type { IncrementalPCA } from '../lib/pca/incremental-pca.js';
import { pipe } from '../lib/core/pipe.js';
import { scatterSvg } from '../lib/plot/scatter-svg.js';
import { collect } from '../sinks/basic.js';
import { fitPCA } from '../sinks/fit-pca.js';
import { csv } from '../sources/csv.js';
import { map } from '../transforms/map.js';
import { project } from '../transforms/project.js';
import { tap } from '../transforms/tap.js';
import { ByteCounter, measure, type RunStats } from './measure.js';
import { dataPath, isMain } from './paths.js';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
type IrisRow = Record<(typeof FEATURES)[number] | 'species', string>;

/** The seed's `array_from_txt`: a row's measurements as numbers. */
const features = (row: IrisRow): Float64Array => Float64Array.from(FEATURES, (name) => Number(row[name]));

/** What {@link pcaIris} found. */
export interface PcaResult {
  model: IncrementalPCA;
  /** Share of the variance on each component. */
  explainedVarianceRatio: number[];
  /** Every row's coordinates on the two components, in file order. */
  points: Float64Array[];
  /** Each row's species, in file order. */
  species: string[];
  /** The scatter plot, a standalone SVG document. */
  svg: string;
  stats: RunStats;
}

/**
 * Fits 2-component incremental PCA on a CSV with a header, the four iris measurements and
 * a `species` column, then projects it in a second pass.
 *
 * @example
 * ```ts
 * const { explainedVarianceRatio } = await pcaIris('examples/data/iris.csv'); // [0.9246, 0.0531]
 * ```
 */
export async function pcaIris(file = dataPath('iris.csv'), batchSize = 100): Promise<PcaResult> {
  const { result, stats } = await measure('PCA of iris (fit, then project)', async () => {
    const bytes = new ByteCounter();
    const source = csv<IrisRow>(file, { columns: true });
    // Pass 1: fit. The sink batches the rows itself (the seed's `partition(batch_size)`).
    const model = await pipe(bytes.listen(source), map(features), fitPCA({ nComponents: 2, batchSize }));
    // Pass 2: the same file again (reopen() reads it afresh; stdin could not be re-read).
    const species: string[] = [];
    const points = await pipe(
      bytes.listen(source.reopen()),
      tap((row: IrisRow) => species.push(row.species)),
      map(features),
      project(model),
      collect(),
    );
    return { result: { model, points, species }, counted: { what: 'CSV rows, 2 passes', records: model.nSamplesSeen + points.length, bytes: bytes.total } };
  });
  const { model, points, species } = result;
  const ratio = Array.from(model.explainedVarianceRatio);
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  const svg = scatterSvg(
    { x: points.map((p) => p[0]!), y: points.map((p) => p[1]!), labels: species },
    {
      title: 'Iris flowers on their first two principal components',
      subtitle: `${points.length} flowers; incremental PCA in batches of ${batchSize} rows`,
      xLabel: `first component (${pct(ratio[0]!)} of the variance)`,
      yLabel: `second component (${pct(ratio[1]!)} of the variance)`,
      radius: 3.5,
    },
  );
  return { model, explainedVarianceRatio: ratio, points, species, svg, stats };
}

/** One line for the console. */
export function pcaSummary(r: PcaResult): string {
  const ratio = r.explainedVarianceRatio.map((v) => v.toFixed(4)).join(', ');
  return `${r.model.nSamplesSeen} rows fitted, ${r.points.length} projected; explained variance ratio [${ratio}]`;
}

if (isMain(import.meta.url)) {
  const r = await pcaIris(process.argv[2]);
  console.log(pcaSummary(r));
  writeFileSync('pca-iris.svg', r.svg);
  console.log('scatter: pca-iris.svg');
}
