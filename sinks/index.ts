export { collect, count, first, last, sum, type DefaultOptions } from './basic.js';
export { frequencies } from './frequencies.js';
export { reduce } from './reduce.js';
export { writeCsv, writeNdjson, writeTsv, type CsvWriteOptions, type Destination, type WriteResult } from './write-file.js';
