/**
 * The worker file of `countKmersOfInputs` (`count-inputs.ts`): what each pool thread of
 * `kmers --threads N` and `assemble --threads N` calls.
 */
export { countInputJob as kmers } from './input-jobs.js';
