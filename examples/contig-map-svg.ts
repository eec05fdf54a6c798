/**
 * Assembled contigs drawn where they lie on the genome: the genome as an axis of bases, one
 * bar per contig underneath, so that gaps and overlaps show at a glance. Hand-written SVG,
 * as the package's other plots (`lib/plot/`): a few rectangles and ticks need no plotting
 * library, and the output stays deterministic.
 */
import { niceTicks } from '../lib/plot/histogram-svg.js';

/** A contig and where it starts on the genome (-1 where it is not found in it). */
export interface PlacedContig {
  length: number;
  start: number;
  /** Mean multiplicity of its k-mers. */
  coverage: number;
}

/** Options of {@link contigMapSvg}. */
export interface ContigMapOptions {
  title?: string | undefined;
  width?: number | undefined;
  /** Most contigs drawn (longest first); the rest are counted in a note. Default 30. */
  maxContigs?: number | undefined;
}

const M = { top: 44, right: 30, bottom: 50, left: 30 };
const ROW = 22;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const f = (v: number): string => String(Math.round(v * 10) / 10);
const bp = (n: number): string => n.toLocaleString('en-US');

/**
 * The SVG document: a genome axis in bases, and a bar per placed contig, labelled with its
 * length.
 *
 * @example
 * ```ts
 * writeFileSync('contigs.svg', contigMapSvg(5000, [{ length: 3000, start: 0, coverage: 10 }]));
 * ```
 */
export function contigMapSvg(genomeLength: number, contigs: readonly PlacedContig[], options: ContigMapOptions = {}): string {
  const width = options.width ?? 720;
  const maxContigs = options.maxContigs ?? 30;
  const placed = contigs
    .filter((c) => c.start >= 0)
    .slice(0, maxContigs)
    .sort((a, b) => a.start - b.start);
  const unplaced = contigs.filter((c) => c.start < 0).length;
  const hidden = contigs.filter((c) => c.start >= 0).length - placed.length;
  const genomeY = M.top + 16;
  const height = genomeY + 14 + placed.length * ROW + M.bottom;
  const pw = width - M.left - M.right;
  const sx = (v: number): number => M.left + (v / Math.max(genomeLength, 1)) * pw;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${f(width / 2)}" y="24" text-anchor="middle" font-size="15">${esc(options.title)}</text>`);
  // The genome: a grey band the width of the plot.
  out.push(`<rect class="genome" x="${M.left}" y="${genomeY}" width="${f(pw)}" height="8" fill="#999"><title>genome: ${bp(genomeLength)} bp</title></rect>`);
  out.push(`<text x="${M.left}" y="${genomeY - 5}" fill="#555">genome</text>`);
  out.push('<g class="contigs">');
  placed.forEach((c, i) => {
    const y = genomeY + 14 + i * ROW;
    const x0 = sx(c.start);
    const w = Math.max(sx(c.start + c.length) - x0, 1);
    out.push(
      `<rect x="${f(x0)}" y="${y}" width="${f(w)}" height="${ROW - 8}" fill="#4e79a7"><title>${bp(c.length)} bp at ${bp(c.start + 1)}-${bp(c.start + c.length)}, k-mer coverage ${c.coverage.toFixed(1)}</title></rect>`,
    );
    // The label goes inside a wide bar, else beside it on the side with room.
    const text = `${bp(c.length)} bp`;
    const inside = w > text.length * 7 + 8;
    const right = x0 + w + 4 + text.length * 7 < width;
    const tx = inside ? x0 + w / 2 : right ? x0 + w + 4 : x0 - 4;
    const anchor = inside ? 'middle' : right ? 'start' : 'end';
    out.push(`<text x="${f(tx)}" y="${y + ROW / 2}" text-anchor="${anchor}" fill="${inside ? 'white' : 'black'}">${text}</text>`);
  });
  out.push('</g>');
  // Base-position axis under the bars.
  const axisY = genomeY + 14 + placed.length * ROW + 4;
  out.push(`<g class="x-axis" text-anchor="middle"><path d="M${M.left},${axisY}H${f(M.left + pw)}" stroke="black"/>`);
  for (const t of niceTicks(0, genomeLength)) {
    const x = f(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${axisY}" y2="${axisY + 5}" stroke="black"/><text x="${x}" y="${axisY + 18}">${bp(t)}</text>`);
  }
  out.push('</g>');
  const notes = [`position on the genome (bases)`];
  if (hidden > 0) notes.push(`${hidden} shorter contigs not drawn`);
  if (unplaced > 0) notes.push(`${unplaced} not found in the genome`);
  out.push(`<text x="${f(M.left + pw / 2)}" y="${height - 10}" text-anchor="middle">${esc(notes.join('; '))}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
