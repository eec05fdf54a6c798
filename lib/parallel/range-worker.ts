/**
 * The worker file of the parallel k-mer and PCA passes (`parallel-passes.ts`): its exports
 * are what `parallelMap(..., { exportName })` calls in each thread.
 */
export { countKmersInRange as kmers, pcaStateOfRange as pca } from './range-jobs.js';
