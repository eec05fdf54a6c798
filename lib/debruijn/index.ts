/** De Bruijn graph kernels (no streams): re-exports only. */
export { DeBruijnGraph, type GraphArrays } from './graph.js';
export { buildGraph, type BuildGraphOptions, type KmerColumns } from './build-graph.js';
export { columnsOf, graphFromTable, type CountedKmers } from './from-table.js';
export { eulerianPath, EulerPath, type EulerianPathOptions } from './eulerian-path.js';
export { checkEulerian, type PathEnds } from './eulerian-check.js';
export { assemble, spell } from './assemble.js';
export { contigs, type Contig } from './contigs.js';
export { clipTips, type ClipResult, type ClipTipsOptions } from './clip-tips.js';
export { assembleGraph, type AssembledSequence, type Assembly, type AssembleGraphOptions } from './assemble-graph.js';
export { dotLines, toDot } from './dot.js';
export { fastaChunks } from './fasta-lines.js';
export { radixSortKeys, type KeyColumns } from './radix-sort.js';
