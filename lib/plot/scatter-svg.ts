/**
 * A scatter plot (the seed's PCA plot: first component against the second) as a standalone
 * SVG document, optionally coloured by a label per point, with a legend. Hand-written, as
 * `histogram-svg.ts` is: a few hundred circles, two axes and some text need no plotting
 * library, and the output is deterministic. Streams of any length are drawn from a bounded
 * uniform sample ({@link PointSample}), so the file and the memory stay small.
 */
import { niceStep, niceTicks } from './histogram-svg.js';

/** Points to draw: `x[i]`, `y[i]`, and optionally `labels[i]` (the colour group). */
export interface ScatterData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  labels?: readonly string[] | undefined;
}

/** Options of {@link scatterSvg}. */
export interface ScatterSvgOptions {
  title?: string | undefined;
  /** A second line under the title, e.g. "1,000 of 1,000,000 rows shown". */
  subtitle?: string | undefined;
  xLabel?: string | undefined;
  yLabel?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  /** Point radius in pixels. Default 2.5. */
  radius?: number | undefined;
}

// Tableau 10: distinguishable, and the order matplotlib users know.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const M = { top: 56, right: 20, bottom: 55, left: 70 };

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function label(v: number): string {
  return String(+v.toPrecision(4));
}

/** [lo, hi] widened to round ticks, never empty. */
function axisRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  if (!(hi >= lo)) return [0, 1];
  if (hi === lo) return [lo - 1, hi + 1];
  const step = niceStep(lo, hi);
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/**
 * Draws points as an SVG string: both axes with round ticks, axis labels, a title and, when
 * there are labels, one colour per label with a legend.
 *
 * @example
 * ```ts
 * const svg = scatterSvg({ x: [1, 2, 3], y: [2, 1, 3], labels: ['a', 'b', 'a'] }, { title: 'PCA', xLabel: 'PC1', yLabel: 'PC2' });
 * writeFileSync('pca.svg', svg);
 * ```
 */
export function scatterSvg(data: ScatterData, options: ScatterSvgOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const r = options.radius ?? 2.5;
  const n = Math.min(data.x.length, data.y.length);
  const groups = data.labels ? [...new Set(data.labels.slice(0, n))].sort() : [];
  const legendWidth = groups.length > 0 ? 20 + 7 * Math.max(...groups.map((g) => g.length)) + 20 : 0;
  const [x0, x1] = axisRange(data.x);
  const [y0, y1] = axisRange(data.y);
  const pw = width - M.left - M.right - legendWidth;
  const ph = height - M.top - M.bottom;
  const f = (v: number): string => String(Math.round(v * 100) / 100);
  const sx = (v: number): number => M.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number): number => M.top + ph - ((v - y0) / (y1 - y0)) * ph;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${f(width / 2)}" y="22" text-anchor="middle" font-size="16">${esc(options.title)}</text>`);
  if (options.subtitle) out.push(`<text x="${f(width / 2)}" y="40" text-anchor="middle" fill="#555">${esc(options.subtitle)}</text>`);
  // Grid and ticks first, so that the points are drawn over them.
  const xTicks = niceTicks(x0, x1);
  const yTicks = niceTicks(y0, y1);
  out.push('<g class="grid" stroke="#e5e5e5">');
  for (const t of xTicks) out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${M.top}" y2="${M.top + ph}"/>`);
  for (const t of yTicks) out.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${f(sy(t))}" y2="${f(sy(t))}"/>`);
  out.push('</g>');
  out.push('<g class="points" fill-opacity="0.7">');
  for (let i = 0; i < n; i++) {
    const g = data.labels ? groups.indexOf(data.labels[i]!) : 0;
    out.push(`<circle cx="${f(sx(data.x[i]!))}" cy="${f(sy(data.y[i]!))}" r="${r}" fill="${PALETTE[g % PALETTE.length]}"/>`);
  }
  out.push('</g>');
  out.push(`<g class="axes" stroke="black" fill="none"><path d="M${M.left},${M.top}V${M.top + ph}H${M.left + pw}"/></g>`);
  out.push('<g class="x-ticks" text-anchor="middle">');
  for (const t of xTicks)
    out.push(
      `<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${M.top + ph}" y2="${M.top + ph + 5}" stroke="black"/><text x="${f(sx(t))}" y="${M.top + ph + 18}">${label(t)}</text>`,
    );
  out.push('</g><g class="y-ticks" text-anchor="end">');
  for (const t of yTicks)
    out.push(
      `<line x1="${M.left - 5}" x2="${M.left}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="black"/><text x="${M.left - 8}" y="${f(sy(t))}" dy="0.32em">${label(t)}</text>`,
    );
  out.push('</g>');
  if (options.xLabel) out.push(`<text x="${f(M.left + pw / 2)}" y="${height - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  if (options.yLabel) out.push(`<text transform="translate(16 ${f(M.top + ph / 2)}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  if (groups.length > 0) {
    out.push('<g class="legend">');
    groups.forEach((g, i) => {
      const y = M.top + 8 + i * 18;
      out.push(
        `<circle cx="${M.left + pw + 20}" cy="${y}" r="5" fill="${PALETTE[i % PALETTE.length]}"/><text x="${M.left + pw + 30}" y="${y}" dy="0.32em">${esc(g)}</text>`,
      );
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * A uniform sample of at most `limit` points from a stream of any length (reservoir
 * sampling, with a fixed-seed generator so that a plot is reproducible).
 *
 * @example
 * ```ts
 * const sample = new PointSample(2000);
 * for (const [x, y] of projected) sample.add(x, y);
 * scatterSvg(sample.data(), { subtitle: `${sample.size} of ${sample.seen} rows` });
 * ```
 */
export class PointSample {
  readonly limit: number;
  /** Points offered so far. */
  seen = 0;
  readonly #x: number[] = [];
  readonly #y: number[] = [];
  readonly #labels: string[] = [];
  #state = 0x2545f491;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Points kept. */
  get size(): number {
    return this.#x.length;
  }

  add(x: number, y: number, label?: string): void {
    const i = this.seen++;
    let slot = i;
    if (i >= this.limit) {
      // xorshift32: uniform enough for choosing which point a new one replaces.
      let s = this.#state;
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      this.#state = s >>> 0;
      slot = Math.floor((this.#state / 4294967296) * (i + 1));
      if (slot >= this.limit) return;
    }
    this.#x[slot] = x;
    this.#y[slot] = y;
    if (label !== undefined) this.#labels[slot] = label;
  }

  /** The kept points, ready for {@link scatterSvg}. */
  data(): ScatterData {
    return { x: this.#x, y: this.#y, labels: this.#labels.length === this.#x.length && this.#x.length > 0 ? this.#labels : undefined };
  }
}
