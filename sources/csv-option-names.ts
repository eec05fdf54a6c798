/**
 * The option names `sources.csv()` accepts: its own, and csv-parse's (passed through), in
 * both of the spellings csv-parse takes. Typed against the options types, so that a new
 * option in either is a compile error here until it is listed.
 */
import type { Options as CsvParseOptions } from 'csv-parse';
import type { OptionNames } from '../lib/core/validate.js';
import type { CsvOptions } from './csv.js';
import { RECORD_SOURCE_OPTIONS } from './record-source.js';

/** The options that are ours (`encoding` is csv-parse's too). */
export const CSV_OWN_OPTIONS: OptionNames<Omit<CsvOptions, Exclude<keyof CsvParseOptions, 'encoding'>>> = {
  ...RECORD_SOURCE_OPTIONS,
  numeric: true,
  header: true,
  encoding: true,
};

/** csv-parse's options. */
export const CSV_PARSE_OPTIONS: OptionNames<CsvParseOptions> = {
  autoParse: true,
  autoParseDate: true,
  auto_parse: true,
  auto_parse_date: true,
  bom: true,
  cast: true,
  castDate: true,
  cast_date: true,
  columns: true,
  comment: true,
  comment_no_infix: true,
  delimiter: true,
  delimiter_auto: true,
  encoding: true,
  escape: true,
  from: true,
  fromLine: true,
  from_line: true,
  groupColumnsByName: true,
  group_columns_by_name: true,
  ignore_last_delimiters: true,
  info: true,
  ltrim: true,
  maxRecordSize: true,
  max_record_size: true,
  objname: true,
  onRecord: true,
  onSkip: true,
  on_record: true,
  on_skip: true,
  quote: true,
  raw: true,
  recordDelimiter: true,
  record_delimiter: true,
  relaxColumnCount: true,
  relaxColumnCountLess: true,
  relaxColumnCountMore: true,
  relaxQuotes: true,
  relax_column_count: true,
  relax_column_count_less: true,
  relax_column_count_more: true,
  relax_quotes: true,
  rtrim: true,
  skipEmptyLines: true,
  skipRecordsWithEmptyValues: true,
  skipRecordsWithError: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
  skip_records_with_error: true,
  to: true,
  toLine: true,
  to_line: true,
  trim: true,
};
