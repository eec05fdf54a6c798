/**
 * The IPCA update step on its own: streamtoolz's `IncrementalPCA.partialFit` (Gram matrix,
 * then the top-k eigenpairs by tridiagonalisation, bisection and inverse iteration) against
 * ml-matrix's SVD of the same stacked matrix (what scikit-learn does with LAPACK), for the
 * shapes the PCA benchmark meets: (batch + k + 1) × features.
 *
 * Usage: node dist/benchmarks/pca-kernel.js [--shapes 100x10,100x100,500x100,1000x100] [--k 2]
 * Prints microseconds per update (median of 5 timed rounds). scikit-learn's partial_fit on
 * the same shapes, for reference, is printed by the Python one-liner in benchmarks/README.md.
 */
import { Matrix, SVD } from 'ml-matrix';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { IncrementalPCA } from '../lib/pca/incremental-pca.js';
import { isMain } from './support.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Microseconds per call of `fn`, median of 5 rounds of about 0.2 s each. */
function time(fn: () => void): number {
  // Calibrate: warm up, then size the rounds.
  let iters = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < iters; i++) fn();
    if (performance.now() - t > 50) break;
    iters *= 2;
  }
  iters *= 4;
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < iters; i++) fn();
    rounds.push(((performance.now() - t) / iters) * 1000);
  }
  return median(rounds);
}

/**
 * Runs the micro-benchmark (argv as in the module comment).
 *
 * @example
 * ```ts
 * await main(['--shapes', '100x10,100x100']);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { shapes: { type: 'string', default: '100x10,100x100,500x100,1000x100' }, k: { type: 'string', default: '2' } },
  });
  const k = Number(values.k);
  const lines = [
    `# IPCA update step, k=${k}, ${new Date().toISOString()}, ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, median of 5 rounds`,
    '| stacked matrix | streamtoolz partialFit (µs) | ml-matrix SVD, V only (µs) | ml-matrix SVD, U and V (µs) | SVD V only ÷ partialFit |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const shape of values.shapes.split(',')) {
    const [b, n] = shape.split('x').map(Number) as [number, number];
    // Deterministic data with distinct column scales, so that the top components are well defined.
    const data = new Float64Array(b * n);
    let s = 1;
    for (let i = 0; i < data.length; i++) {
      s = (s * 16807) % 2147483647;
      data[i] = (s / 2147483647) * (1 + (i % n));
    }
    const model = new IncrementalPCA({ nComponents: k });
    const batch = { data, rows: b, cols: n };
    model.partialFit(batch);
    const ours = time(() => model.partialFit(batch));
    const stacked = new Matrix(Array.from({ length: b + k + 1 }, (_, r) => Array.from(data.subarray((r % b) * n, ((r % b) + 1) * n))));
    const vOnly = time(() => new SVD(stacked, { computeLeftSingularVectors: false }));
    const both = time(() => new SVD(stacked));
    lines.push(`| ${b + k + 1}×${n} | ${ours.toFixed(1)} | ${vOnly.toFixed(1)} | ${both.toFixed(1)} | ${(vOnly / ours).toFixed(1)}x |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (isMain(import.meta.url)) await main(process.argv.slice(2));
