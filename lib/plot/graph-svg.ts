/**
 * A drawing of a small De Bruijn graph as a standalone SVG: the seed's
 * `nx.draw_circular(g, with_labels=True)`, nodes on a circle, labelled, directed edges with
 * arrows, and each edge's multiplicity. Nodes go round the circle in the order the contigs
 * walk them (networkx uses insertion order), so that the genome's path runs round the ring
 * and branches stand out as chords.
 *
 * A picture of thousands of nodes is unreadable: past `maxNodes` this refuses, with a
 * message that points to the DOT export.
 */
import { contigs } from '../debruijn/contigs.js';
import type { DeBruijnGraph } from '../debruijn/graph.js';
import { codes, StreamtoolzError } from '../core/errors.js';

/**
 * Options of {@link graphSvg}.
 *
 * @example
 * ```ts
 * writeFileSync('graph.svg', graphSvg(graph, { maxNodes: 40, size: 480, title: 'reads' }));
 * ```
 */
export interface GraphSvgOptions {
  /** Largest number of nodes drawn. Default 80. */
  maxNodes?: number | undefined;
  /** Width and height in pixels. Default 640. */
  size?: number | undefined;
  title?: string | undefined;
}

type Point = [number, number];
const f = (v: number): string => String(+v.toFixed(1));

/**
 * The SVG document of a small graph. Throws a `StreamtoolzError` (`ERR_STREAMTOOLZ_NO_RESULT`)
 * when the graph has more than `maxNodes` nodes.
 *
 * @example
 * ```ts
 * writeFileSync('toy.svg', graphSvg(await pipe(reads, sinks.deBruijn(4))));
 * ```
 */
export function graphSvg(g: DeBruijnGraph, options?: GraphSvgOptions): string {
  const maxNodes = options?.maxNodes ?? 80;
  const n = g.nodeCount;
  if (n > maxNodes) {
    throw new StreamtoolzError(
      codes.NO_RESULT,
      `the graph is too large to draw legibly: ${n} nodes, ${g.edgeCount} edges (at most ${maxNodes} nodes are drawn); export it as DOT and lay it out with Graphviz sfdp instead`,
    );
  }
  const size = options?.size ?? 640;
  const font = n > 40 ? 9 : 11;
  const labelWidth = (g.k - 1) * font * 0.62 + 8;
  const top = 40;
  const c: Point = [size / 2, top + (size - top) / 2];
  const ringR = Math.max(40, (size - top) / 2 - labelWidth - 20); // room for the node and its label
  const nodeR = Math.max(2.5, Math.min(12, ((Math.PI * ringR) / Math.max(n, 1)) * 0.35));

  // Ring order: nodes as the contigs first reach them.
  const slot = new Int32Array(n).fill(-1);
  let next = 0;
  const place = (v: number): void => {
    if (slot[v]! < 0) slot[v] = next++;
  };
  for (const contig of contigs(g)) {
    place(contig.start);
    for (const e of contig.edges) place(g.edgeTo[e]!);
  }
  const pos: Point[] = [];
  const dir: Point[] = [];
  for (let v = 0; v < n; v++) {
    const a = (2 * Math.PI * slot[v]!) / n - Math.PI / 2;
    dir.push([Math.cos(a), Math.sin(a)]);
    pos.push([c[0] + ringR * Math.cos(a), c[1] + ringR * Math.sin(a)]);
  }

  const title = options?.title ?? `De Bruijn graph, k=${g.k}: ${n} nodes, ${g.edgeCount} edges`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${f(size / 2)}" y="24" text-anchor="middle" font-size="15">${esc(title)}</text>`,
    '<g fill="none" stroke="#555" stroke-width="1.2" marker-end="url(#arrow)">',
  ];
  const labels: string[] = [];
  for (let u = 0; u < n; u++) {
    for (let e = g.outStart[u]!, stop = g.outStart[u + 1]!; e < stop; e++) {
      const v = g.edgeTo[e]!;
      const m = String(g.multiplicity[e]);
      const [d, mid] = u === v ? loop(pos[u]!, [-dir[u]![0], -dir[u]![1]], nodeR) : arc(pos[u]!, pos[v]!, nodeR);
      out.push(`<path d="${d}"><title>${g.edgeLabel(e)} ×${m}</title></path>`);
      labels.push(`<text x="${f(mid[0])}" y="${f(mid[1])}">${m}</text>`);
    }
  }
  out.push('</g>');
  out.push(
    `<g font-size="${font - 1}" fill="#b03030" text-anchor="middle" dominant-baseline="middle" stroke="white" stroke-width="3" paint-order="stroke">`,
    ...labels,
    '</g>',
  );
  out.push('<g fill="#4e79a7" stroke="#2d4a6b">');
  for (let v = 0; v < n; v++) out.push(`<circle cx="${f(pos[v]![0])}" cy="${f(pos[v]![1])}" r="${f(nodeR)}"/>`);
  out.push('</g>');
  out.push(`<g font-size="${font}" font-family="monospace" dominant-baseline="middle">`);
  for (let v = 0; v < n; v++) {
    // Labels point away from the centre (as round a clock face) so that neighbours never overlap.
    const [dx, dy] = dir[v]!;
    const x = pos[v]![0] + dx * (nodeR + 4);
    const y = pos[v]![1] + dy * (nodeR + 4);
    const deg = (Math.atan2(dy, dx) * 180) / Math.PI;
    const [turn, anchor] = dx >= -1e-9 ? [deg, 'start'] : [deg + 180, 'end'];
    out.push(`<text x="${f(x)}" y="${f(y)}" text-anchor="${anchor}" transform="rotate(${f(turn)} ${f(x)} ${f(y)})">${g.label(v)}</text>`);
  }
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

/** A gently curved edge between two nodes (so that u->v and v->u do not overlap), and its midpoint. */
function arc(p: Point, q: Point, r: number): [string, Point] {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  // Control point: off the chord's middle, to the left of the direction of travel.
  const ctl: Point = [(p[0] + q[0]) / 2 + uy * len * 0.15, (p[1] + q[1]) / 2 - ux * len * 0.15];
  const start = toward(p, ctl, r);
  const end = toward(q, ctl, r + 1);
  const mid: Point = [0.25 * start[0] + 0.5 * ctl[0] + 0.25 * end[0], 0.25 * start[1] + 0.5 * ctl[1] + 0.25 * end[1]];
  return [`M${f(start[0])},${f(start[1])} Q${f(ctl[0])},${f(ctl[1])} ${f(end[0])},${f(end[1])}`, mid];
}

/** A self-loop (AAA -> AAA), drawn toward `d` (inside the ring, where it meets no label). */
function loop(p: Point, d: Point, r: number): [string, Point] {
  const out = 4 * r + 14;
  const side = 0.6 * out;
  const a: Point = [p[0] + d[0] * out - d[1] * side, p[1] + d[1] * out + d[0] * side];
  const b: Point = [p[0] + d[0] * out + d[1] * side, p[1] + d[1] * out - d[0] * side];
  const start = toward(p, a, r);
  const end = toward(p, b, r + 1);
  const mid: Point = [p[0] + d[0] * out * 0.75, p[1] + d[1] * out * 0.75];
  return [`M${f(start[0])},${f(start[1])} C${f(a[0])},${f(a[1])} ${f(b[0])},${f(b[1])} ${f(end[0])},${f(end[1])}`, mid];
}

/** The point at distance r from `from`, toward `to`. */
function toward(from: Point, to: Point, r: number): Point {
  const len = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
  return [from[0] + ((to[0] - from[0]) / len) * r, from[1] + ((to[1] - from[1]) / len) * r];
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
