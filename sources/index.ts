/**
 * Sources: records from paths, globs, `http(s)://` URLs, `'-'` (stdin), Readables or arrays
 * of these, gzip detected by content. Re-exports only.
 */
export { from, type FromOptions } from '../lib/core/from.js';
export { concatSources } from './concat-sources.js';
export { interleave } from './interleave.js';
export { mergeSorted, type MergeSortedOptions } from './merge-sorted.js';
export { zip } from './zip.js';
export { peek, type Peeked, type PeekOptions } from './peek.js';
export type { MultiSourceOptions } from './multi-source.js';
export { openBytes, ByteSource, type BytesOptions } from './bytes.js';
export { lines, LineParser, type LinesOptions, type LinesSource } from './lines.js';
export { fasta, FastaParser, type FastaSource } from './fasta.js';
export { fastq, FastqParser, type FastqSource } from './fastq.js';
export { sequences, SequenceLineParser, SniffingSequenceParser, type SequencesSource } from './sequences.js';
export { detectSequenceFormat, splitHeader, type SequenceRecord, type FastqRecord, type SequenceFormat } from './sequence-record.js';
export { csv, CsvParser, type CsvOptions } from './csv.js';
export { NumericCsvParser, type NumericCsvOptions, type NumericMatrix } from './numeric-csv-parser.js';
export { fastRow, toNumber } from '../lib/records/number-row.js';
export type { ColumnType, ColumnTypes, TypedRow } from '../lib/records/csv-columns.js';
export { json, NdjsonParser, type JsonOptions } from './json.js';
export { JsonTokenParser, type JsonTokenMode } from './json-token-parser.js';
export { JsonArraySplitter } from './json-array-splitter.js';
export { LineScanner, type LineHandler, type LineOrigin } from './line-scanner.js';
export { RecordSource, type RecordFormat, type RecordSourceOptions } from './record-source.js';
export type { BadRecordHandler } from './bad-record.js';
export { firstSignificantByte } from '../lib/io/sniff.js';
export type { ChunkParser, ParserFactory } from '../lib/io/chunk-parser.js';
export type { Input, InputSpec } from '../lib/io/inputs.js';
export { InputReader, type InputEvent, type Progress } from '../lib/io/input-reader.js';
export { resolveInputs, assertReopenable, type ResolvedInput } from '../lib/io/inputs.js';
export type { SourceOptions } from '../lib/io/source-options.js';
export { mergeJoin, type MergeJoinOptions, type JoinType } from './merge-join.js';
