/**
 * The typed `columns` option of `sources.csv`: `{ status: 'int', path: 'string', ms: 'float' }`
 * names header columns, `{ 0: 'int', 3: 'float' }` picks fields by 0-based index. Checked
 * and compiled here once; the records it gives are objects with exactly these keys, built
 * by one small function (see {@link rowBuilder}). Knows nothing of streams.
 */
import { codes } from '../core/errors.js';
import { received } from '../core/validate.js';

/**
 * A column's type; `?` lets an empty field be `null` instead of an error.
 *
 * @example
 * ```ts
 * const ms: ColumnType = 'float?'; // a number, or null for an empty field
 * ```
 */
export type ColumnType = 'string' | 'int' | 'float' | 'int?' | 'float?';

/**
 * The `columns` option: a type per header name or per 0-based field index.
 *
 * @example
 * ```ts
 * const byName: ColumnTypes = { status: 'int', path: 'string', ms: 'float' };
 * const byIndex: ColumnTypes = { 0: 'int', 3: 'float' };
 * ```
 */
export type ColumnTypes = Readonly<Record<string, ColumnType>>;

/** The value a column type gives. */
export type ColumnValue<T extends ColumnType> = T extends 'string' ? string : T extends 'int' | 'float' ? number : number | null;

/**
 * The record `columns` gives.
 *
 * @example
 * ```ts
 * type Row = TypedRow<{ status: 'int'; path: 'string'; ms: 'float?' }>; // { status: number; path: string; ms: number | null }
 * ```
 */
export type TypedRow<C extends ColumnTypes> = { -readonly [K in keyof C]: ColumnValue<C[K]> };

const TYPES: readonly string[] = ['string', 'int', 'float', 'int?', 'float?'];

/** The checked option. */
export interface CompiledColumns {
  /** The keys of the records, in the option's order. */
  keys: string[];
  /** Type of each key (same order): 0 string, 1 int, 2 float; +4 when empty means null. */
  types: Uint8Array;
  /** The 0-based field of each key, when the option names indexes; undefined when it names header columns. */
  indexes: number[] | undefined;
}

/** Type codes of {@link CompiledColumns.types}. */
export const STRING = 0;
export const INT = 1;
export const FLOAT = 2;
export const NULLABLE = 4;

/** True for the typed form of `columns` (a plain object), not csv-parse's own (true, an array, a function). */
export function isColumnTypes(value: unknown): value is ColumnTypes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks and compiles `columns`.
 *
 * @example
 * ```ts
 * compileColumns({ status: 'int', path: 'string' }); // { keys: ['status', 'path'], types: [1, 0], indexes: undefined }
 * compileColumns({ 0: 'float', 3: 'float?' });       // { keys: ['0', '3'], types: [2, 6], indexes: [0, 3] }
 * ```
 */
export function compileColumns(columns: ColumnTypes): CompiledColumns {
  const keys = Object.keys(columns);
  if (keys.length === 0)
    throw Object.assign(new TypeError(`The "columns" option must name at least one column. ${received(columns)}`), { code: codes.INVALID_ARG_VALUE });
  const types = new Uint8Array(keys.length);
  keys.forEach((key, k) => {
    const type = columns[key];
    if (typeof type !== 'string' || !TYPES.includes(type)) {
      const message = `The "columns.${key}" option must be one of 'string', 'int', 'float', 'int?', 'float?'. ${received(type)}`;
      throw Object.assign(new TypeError(message), { code: codes.INVALID_ARG_VALUE });
    }
    types[k] = (type.startsWith('int') ? INT : type.startsWith('float') ? FLOAT : STRING) | (type.endsWith('?') ? NULLABLE : 0);
  });
  const numeric = keys.map((k) => /^(0|[1-9]\d*)$/.test(k));
  if (numeric.some((n) => n !== numeric[0])) {
    throw Object.assign(new TypeError(`The "columns" option must name either header columns or field indexes, not both. Received ${keys.join(', ')}`), {
      code: codes.INVALID_ARG_VALUE,
    });
  }
  return { keys, types, indexes: numeric[0] ? keys.map(Number) : undefined };
}

/** The names of the types, for errors. */
export function typeName(type: number): string {
  return ['string', 'int', 'float'][type & 3] as string;
}

/** Makes a record from the values of one row, by slot: `numbers` for the slots `fromNumbers` marks, `values` for the others. */
export type RowBuilder = (values: readonly unknown[], numbers: Float64Array) => Record<string, unknown>;

/**
 * A function that makes a record from the values of one row: an object literal compiled
 * once has one shape for all records, which V8 builds and reads fastest. Where code
 * generation is not allowed (a strict CSP), a loop does it.
 *
 * @example
 * ```ts
 * rowBuilder(['a', 'b'], Uint8Array.of(0, 1))(['x'], Float64Array.of(0, 2)); // { a: 'x', b: 2 }
 * ```
 */
export function rowBuilder(keys: readonly string[], fromNumbers: Uint8Array): RowBuilder {
  const pick = (i: number): string => (fromNumbers[i] ? `n[${i}]` : `v[${i}]`);
  // Quoted keys keep one literal shape; only `__proto__` is computed, to be an own field.
  const body = keys.map((k, i) => `${k === '__proto__' ? '["__proto__"]' : JSON.stringify(k)}: ${pick(i)}`).join(', ');
  try {
    return new Function('v', 'n', `return { ${body} };`) as RowBuilder;
  } catch {
    return (values, numbers) => {
      const row: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        Object.defineProperty(row, k, { value: fromNumbers[i] ? numbers[i] : values[i], writable: true, enumerable: true, configurable: true });
      });
      return row;
    };
  }
}

/** The CSV options that typed columns read; csv-parse's others do not apply to them. */
export interface TypedCsvOptions {
  delimiter?: unknown;
  quote?: unknown;
  escape?: unknown;
  encoding?: unknown;
  header?: unknown;
  bom?: unknown;
}

/** csv-parse's options that keep their meaning with typed columns; the others are refused. */
const CSV_PARSE_KEPT = ['columns', 'delimiter', 'quote', 'escape', 'encoding', 'bom'];

function oneByte(value: unknown, name: string, fallback: string): number {
  const text = value ?? fallback;
  if (typeof text !== 'string' || Buffer.byteLength(text) !== 1) {
    throw Object.assign(new TypeError(`The "${name}" option must be one byte with typed columns. ${received(value)}`), { code: codes.INVALID_ARG_VALUE });
  }
  return text.charCodeAt(0);
}

/**
 * Checks the other options of a CSV source with typed columns (`ownNames`: the source's own
 * options, besides csv-parse's); returns the parser's.
 *
 * @example
 * ```ts
 * typedCsvOptions({ columns: { 0: 'int' }, delimiter: ';', header: true }, [0], ['header']); // { delimiter: 59, quote: 34, header: true, maxLineLength: undefined }
 * ```
 */
export function typedCsvOptions(
  options: TypedCsvOptions & object,
  indexes: number[] | undefined,
  ownNames: readonly string[],
): { delimiter: number; quote: number; header: boolean; maxLineLength: number | undefined } {
  const allowed = new Set([...ownNames, ...CSV_PARSE_KEPT]);
  const refuse = (message: string, value: unknown): never => {
    throw Object.assign(new TypeError(`${message}. ${received(value)}`), { code: codes.INVALID_ARG_VALUE });
  };
  for (const [key, value] of Object.entries(options)) {
    if ((!allowed.has(key) || key === 'numeric') && value !== undefined && value !== false)
      refuse(`The "${key}" option does not go with typed columns (see docs/records.md)`, value);
  }
  const delimiter = oneByte(options.delimiter, 'delimiter', ',');
  const quote = oneByte(options.quote, 'quote', '"');
  if (options.escape !== undefined && options.escape !== String.fromCharCode(quote))
    refuse('The "escape" option must be the quote with typed columns', options.escape);
  if (options.encoding !== undefined && !/^utf-?8$/i.test(String(options.encoding)))
    refuse('The "encoding" option must be utf8 with typed columns', options.encoding);
  if (options.header !== undefined && typeof options.header !== 'boolean')
    refuse('The "header" option must be true or false with typed columns', options.header);
  if (indexes === undefined && options.header === false) refuse('Typed columns by name need the header: the "header" option cannot be false', options.header);
  // Skipping a bad record needs its end, which a stray quote leaves open: not done yet.
  const onError = (options as { onError?: unknown }).onError;
  if (onError !== undefined && onError !== 'fail')
    refuse('The "onError" option cannot skip bad records with typed columns yet: leave it out (bad records fail)', onError);
  // maxLineLength is a source option, checked with the others.
  const maxLineLength = (options as { maxLineLength?: number }).maxLineLength;
  return { delimiter, quote, header: options.header === true, maxLineLength };
}
