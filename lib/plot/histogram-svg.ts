/**
 * A histogram as a standalone SVG document.
 *
 * Hand-written rather than drawn with a plotting library: a bar chart is a few rectangles,
 * two axes and some text, and writing them directly keeps the package free of a browser,
 * a DOM shim or a charting dependency, and makes the output deterministic (testable byte
 * for byte, diff-friendly in the repository).
 */

/** A histogram to draw: `counts[i]` for the bin `[edges[i], edges[i + 1])`. */
export interface HistogramData {
  edges: readonly number[];
  counts: readonly number[];
}

/**
 * Options of {@link histogramSvg}.
 *
 * @example
 * ```ts
 * const svg = histogramSvg(hist, { title: '6-mer counts', xLabel: 'count', yLabel: 'k-mers', color: '#4477aa' });
 * ```
 */
export interface HistogramSvgOptions {
  title?: string | undefined;
  xLabel?: string | undefined;
  yLabel?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  /** Bar colour. */
  color?: string | undefined;
}

const M = { top: 40, right: 20, bottom: 55, left: 70 };

/** Escapes text for SVG content and attributes. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A round step (1, 2 or 5 × 10^k) giving about `n` ticks over [lo, hi], as d3 chooses it. */
export function niceStep(lo: number, hi: number, n = 5): number {
  const raw = (hi - lo) / n;
  let step = 10 ** Math.floor(Math.log10(raw));
  const error = raw / step;
  if (error >= Math.sqrt(50)) step *= 10;
  else if (error >= Math.sqrt(10)) step *= 5;
  else if (error >= Math.sqrt(2)) step *= 2;
  return step;
}

/** Round tick values covering [lo, hi] (see {@link niceStep}). */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(lo, hi, n);
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** `1200000` → `1.2M`, so that tick labels stay short. */
function label(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(4));
}

/**
 * Draws a histogram (the seed's `plt.hist`) as an SVG string: bars, both axes with ticks,
 * axis labels and a title.
 *
 * @example
 * ```ts
 * const hist = binFrequencies(counts.histogram(), { bins: 25 });
 * writeFileSync('kmers.svg', histogramSvg(hist, { title: '6-mer count frequencies', xLabel: 'count', yLabel: 'k-mers' }));
 * ```
 */
export function histogramSvg(hist: HistogramData, options: HistogramSvgOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const color = options.color ?? '#4878a8';
  const { edges, counts } = hist;
  const x0 = edges[0] ?? 0;
  const x1 = edges[edges.length - 1] ?? 1;
  const yMax = Math.max(1, ...counts);
  // The y axis ends on a round tick at or above the tallest bar.
  const yStep = niceStep(0, yMax);
  const yTop = Math.ceil(yMax / yStep) * yStep;
  const yTicks = niceTicks(0, yTop);
  const pw = width - M.left - M.right;
  const ph = height - M.top - M.bottom;
  const sx = (v: number): number => M.left + (x1 === x0 ? 0 : ((v - x0) / (x1 - x0)) * pw);
  const sy = (v: number): number => M.top + ph - (v / yTop) * ph;
  const f = (v: number): string => String(Math.round(v * 100) / 100);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${f(width / 2)}" y="24" text-anchor="middle" font-size="16">${esc(options.title)}</text>`);
  out.push('<g class="bars">');
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    const xa = sx(edges[i]!);
    const xb = sx(edges[i + 1]!);
    out.push(
      `<rect x="${f(xa)}" y="${f(sy(c))}" width="${f(Math.max(xb - xa - 1, 0.5))}" height="${f(sy(0) - sy(c))}" fill="${esc(color)}"><title>[${label(edges[i]!)}, ${label(edges[i + 1]!)}): ${c}</title></rect>`,
    );
  }
  out.push('</g>');
  // Axes.
  out.push(`<g class="axes" stroke="black" fill="none"><path d="M${M.left},${M.top}V${M.top + ph}H${M.left + pw}"/></g>`);
  out.push('<g class="x-ticks" text-anchor="middle">');
  for (const t of niceTicks(x0, x1)) {
    const x = f(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${M.top + ph}" y2="${M.top + ph + 5}" stroke="black"/><text x="${x}" y="${M.top + ph + 18}">${label(t)}</text>`);
  }
  out.push('</g><g class="y-ticks" text-anchor="end">');
  for (const t of yTicks) {
    const y = f(sy(t));
    out.push(`<line x1="${M.left - 5}" x2="${M.left}" y1="${y}" y2="${y}" stroke="black"/><text x="${M.left - 8}" y="${y}" dy="0.32em">${label(t)}</text>`);
  }
  out.push('</g>');
  if (options.xLabel) out.push(`<text x="${f(M.left + pw / 2)}" y="${height - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  if (options.yLabel) out.push(`<text transform="translate(16 ${f(M.top + ph / 2)}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
