/**
 * The assembly of a graph, as `streamtoolz assemble` writes it: one sequence where an
 * Eulerian path exists, otherwise the contigs (maximal non-branching paths). Error tips
 * that `--min-count` let through are clipped first when the graph has no single path, so
 * that a handful of errors shared by a few reads do not split the genome.
 */
import { assemble } from './assemble.js';
import { clipTips } from './clip-tips.js';
import { contigs } from './contigs.js';
import { checkEulerian } from './eulerian-check.js';
import { EulerPath } from './eulerian-path.js';
import type { DeBruijnGraph } from './graph.js';

/** One assembled sequence and the mean multiplicity of its k-mers. */
export interface AssembledSequence {
  sequence: string;
  coverage: number;
}

/**
 * What {@link assembleGraph} found.
 *
 * @example
 * ```ts
 * const assembly: Assembly = assembleGraph(graph);
 * if (assembly.kind === 'contigs') console.error(assembly.reason);
 * ```
 */
export interface Assembly {
  /** 'path': one sequence spelled by an Eulerian path; 'contigs': the maximal non-branching paths. */
  kind: 'path' | 'contigs';
  /** The sequences; contigs longest first. */
  sequences: AssembledSequence[];
  /** Why the graph as built has no Eulerian path (undefined when it has one). */
  reason: string | undefined;
  /** Tips clipped before assembling. */
  tipsClipped: number;
  /** The graph assembled (after clipping). */
  graph: DeBruijnGraph;
}

/** Options of {@link assembleGraph}. */
export interface AssembleGraphOptions {
  /** Clip error tips when there is no Eulerian path. Default true. */
  clipTips?: boolean | undefined;
}

/**
 * Assembles a graph: an Eulerian path if there is one, else (after clipping tips) a path of
 * the clipped graph, else its contigs.
 *
 * @example
 * ```ts
 * const { kind, sequences } = assembleGraph(await pipe(reads, sinks.deBruijn(31, { minCount: 3 })));
 * ```
 */
export function assembleGraph(graph: DeBruijnGraph, options?: AssembleGraphOptions): Assembly {
  let g = graph;
  let ends = checkEulerian(g);
  const reason = typeof ends === 'string' ? ends : undefined;
  let tipsClipped = 0;
  if (typeof ends === 'string' && g.edgeCount > 0 && options?.clipTips !== false) {
    const clipped = clipTips(g);
    tipsClipped = clipped.tips;
    if (clipped.tips > 0) {
      g = clipped.graph;
      ends = checkEulerian(g);
    }
  }
  if (typeof ends !== 'string') {
    const path = new EulerPath(g, ends.start, ends.end);
    return { kind: 'path', sequences: [{ sequence: assemble(path), coverage: meanMultiplicity(g) }], reason, tipsClipped, graph: g };
  }
  const sequences: AssembledSequence[] = [];
  for (const c of contigs(g)) sequences.push({ sequence: c.sequence, coverage: c.coverage });
  sequences.sort((a, b) => b.sequence.length - a.sequence.length);
  return { kind: 'contigs', sequences, reason, tipsClipped, graph: g };
}

function meanMultiplicity(g: DeBruijnGraph): number {
  let sum = 0;
  for (let e = 0; e < g.edgeCount; e++) sum += g.multiplicity[e]!;
  return g.edgeCount === 0 ? 0 : sum / g.edgeCount;
}
