export { collect, count, first, last, sum, type DefaultOptions } from './basic.js';
export { frequencies } from './frequencies.js';
export { reduce } from './reduce.js';
export { writeCsv, writeNdjson, writeTsv, type CsvWriteOptions, type Destination, type WriteResult } from './write-file.js';
export { countKmers, type CountKmersOptions } from './count-kmers.js';
export { histogram, binFrequencies, type Histogram, type HistogramOptions } from './histogram.js';
export { fitPCA, type FitPCAOptions } from './fit-pca.js';
export { deBruijn, type DeBruijnOptions } from './de-bruijn.js';
export { all, fork, type AllOptions, type AllInput, type AllResult } from './all.js';
