/**
 * `json(input, options)`: JSON records: the elements of a top-level array, NDJSON lines, a
 * stream of concatenated values, or the values under a path, memory bounded by the largest
 * record. Values and paths go through stream-json ({@link JsonTokenParser}). NDJSON lines
 * ({@link LineScanner}) and array elements ({@link JsonArraySplitter}) are cut out of the
 * bytes and each given to `JSON.parse`: about 10x faster than stream-json's tokenizer here
 * (benchmarks/sources-json.ts), and errors know the line of the bad record.
 */
import { RecordError, describe } from '../lib/core/errors.js';
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { firstSignificantByte } from '../lib/io/sniff.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions, type SourceOptions } from '../lib/io/source-options.js';
import { checkOptionNames, type OptionNames, validateOneOf, validateString } from '../lib/core/validate.js';
import { compileFields, type FieldNode } from '../lib/records/field-paths.js';
import { type DecodeOptions, JsonFieldScanner } from '../lib/records/json-field-scanner.js';
import { ProjectedNdjsonParser } from '../lib/records/projected-ndjson-parser.js';
import { projectedParser } from '../lib/records/project-value.js';
import { JsonArraySplitter } from './json-array-splitter.js';
import { JsonTokenParser } from './json-token-parser.js';
import { LineScanner } from './line-scanner.js';
import { type BadRecordHandler, clipRecordText } from './bad-record.js';
import { RECORD_SOURCE_OPTIONS, RecordSource, type RecordSourceOptions } from './record-source.js';

/** Options of {@link json}. */
export interface JsonOptions extends RecordSourceOptions {
  /**
   * `'auto'` (default): an input starting with `[` is an array, anything else NDJSON;
   * `'array'`: the elements of a top-level array; `'ndjson'`: one value per line;
   * `'values'`: concatenated values (pretty-printed objects one after another...).
   */
  format?: 'auto' | 'array' | 'ndjson' | 'values' | undefined;
  /** Yield the values at this dot-separated path (`data.rows`); arrays there are streamed element by element. */
  path?: string | undefined;
  /**
   * What a record that is JSON `null` becomes. A Node object stream cannot carry `null`
   * (it means "end"), so without this option a null record is an error rather than lost.
   */
  nullAs?: unknown;
  /**
   * Yield only these fields of each record (dotted paths for nested ones: `'req.path'`). NDJSON
   * and array elements are then read by a byte scanner that builds nothing else; a value
   * that is not an object along a path is kept whole. See docs/records.md.
   */
  fields?: readonly string[] | undefined;
}

const JSON_OPTIONS: OptionNames<JsonOptions> = { ...RECORD_SOURCE_OPTIONS, format: true, path: true, nullAs: true, fields: true };

/** The fields pipe() pushed down, compiled; none at all (a count) keeps no field of an object. */
const pushedFields = (fields: readonly string[]): FieldNode => (fields.length === 0 ? { keys: [] } : compileFields(fields));

/** Replaces null records (which would end an object stream) or fails on them. */
class NullGuard implements ChunkParser<unknown> {
  readonly #parser: ChunkParser<unknown>;
  readonly #input: string;
  readonly #stage: string;
  readonly #replace: boolean;
  readonly #nullAs: unknown;
  readonly #onBad: BadRecordHandler | undefined;

  constructor(parser: ChunkParser<unknown>, input: string, stage: string, options: JsonOptions, onBad?: BadRecordHandler) {
    this.#parser = parser;
    this.#input = input;
    this.#stage = stage;
    this.#replace = 'nullAs' in options;
    this.#nullAs = options.nullAs;
    this.#onBad = onBad;
  }

  write(chunk: Buffer, out: unknown[]): void {
    const from = out.length;
    this.#parser.write(chunk, out);
    this.#check(out, from);
  }

  end(out: unknown[]): void {
    const from = out.length;
    this.#parser.end(out);
    this.#check(out, from);
  }

  #check(out: unknown[], from: number): void {
    let kept = from;
    for (let i = from; i < out.length; i++) {
      if (out[i] !== null) {
        out[kept++] = out[i];
        continue;
      }
      if (this.#replace) {
        out[kept++] = this.#nullAs;
        continue;
      }
      const err = new RecordError(
        { input: this.#input, stage: this.#stage },
        'a record is JSON null, which an object stream cannot carry; pass the nullAs option to replace it',
      );
      // Skipped rather than fatal: the parsers' own bad records are reported first, so a
      // null's index may come after a bad record that followed it. Its line is not known here.
      if (this.#onBad === undefined) throw err;
      this.#onBad(err, 'null');
    }
    out.length = kept;
  }
}

/**
 * One JSON value per non-blank line.
 *
 * @example
 * ```ts
 * const p = new NdjsonParser('x.ndjson', 'json(x.ndjson)'), out: unknown[] = [];
 * p.write(Buffer.from('{"a":1}\n\n[2]\n'), out); // out: [{ a: 1 }, [2]]
 * // With an onBad handler a bad line is reported and skipped instead of thrown.
 * ```
 */
export class NdjsonParser implements ChunkParser<unknown> {
  readonly #scanner: LineScanner;
  #out: unknown[] = [];

  constructor(input: string, stage: string, onBad?: BadRecordHandler, options: Pick<SourceOptions, 'maxLineLength'> = {}) {
    this.#scanner = new LineScanner(
      (buf, start, end, line) => {
        const text = buf.toString('utf8', start, end);
        if (text.trim() === '') return;
        try {
          this.#out.push(JSON.parse(text));
        } catch (err) {
          const bad = new RecordError({ input, line, stage }, `not valid JSON: ${describe(err)}`);
          if (onBad === undefined) throw bad;
          onBad(bad, clipRecordText(text));
        }
      },
      { input, stage, maxLineLength: options.maxLineLength },
    );
  }

  write(chunk: Buffer, out: unknown[]): void {
    this.#out = out;
    this.#scanner.write(chunk);
  }

  end(out: unknown[]): void {
    this.#out = out;
    this.#scanner.end();
  }
}

/** Options of {@link AutoJsonParser}: the decoder, and what makes its NDJSON parser when not the default. */
interface AutoOptions extends DecodeOptions, Pick<SourceOptions, 'maxLineLength'> {
  ndjson?: (() => ChunkParser<unknown>) | undefined;
}

/** Holds the first bytes until the first non-blank one tells array from NDJSON. */
class AutoJsonParser implements ChunkParser<unknown> {
  readonly #input: string;
  readonly #stage: string;
  readonly #onBad: BadRecordHandler | undefined;
  readonly #options: AutoOptions;
  #held: Buffer[] = [];
  #parser: ChunkParser<unknown> | undefined;

  constructor(input: string, stage: string, onBad: BadRecordHandler | undefined, options: AutoOptions = {}) {
    this.#input = input;
    this.#stage = stage;
    this.#onBad = onBad;
    this.#options = options;
  }

  write(chunk: Buffer, out: unknown[]): void {
    if (this.#parser) return this.#parser.write(chunk, out);
    // A copy: the source may read the next chunk into the same buffer.
    this.#held.push(Buffer.from(chunk));
    if (firstSignificantByte(this.#head()) !== -1) this.#start(out);
  }

  #head(): Buffer {
    if (this.#held.length > 1) this.#held = [Buffer.concat(this.#held)];
    return this.#held[0] as Buffer;
  }

  end(out: unknown[]): void {
    if (!this.#parser) this.#start(out);
    (this.#parser as ChunkParser<unknown>).end(out);
  }

  #start(out: unknown[]): void {
    const held = Buffer.concat(this.#held);
    this.#held = [];
    const options = this.#options;
    this.#parser =
      firstSignificantByte(held) === 0x5b
        ? new JsonArraySplitter(this.#input, this.#stage, this.#onBad, options)
        : (options.ndjson?.() ?? new NdjsonParser(this.#input, this.#stage, this.#onBad, options));
    if (held.length > 0) this.#parser.write(held, out);
  }
}

/**
 * JSON records from paths, globs, URLs, `'-'` or Readables (gzip detected by content).
 *
 * @example
 * ```ts
 * const events = await pipe(sources.json('events/*.ndjson.gz'), transforms.filter((e: Event) => e.type === 'click'), sinks.count());
 * const rows = sources.json('https://example.org/data.json', { path: 'data.rows' });
 * const byStatus = await pipe(sources.json('access.ndjson', { fields: ['status'] }), sinks.countBy((r: { status: number }) => r.status));
 * ```
 */
export function json<T = unknown>(input: InputSpec, options?: JsonOptions): RecordSource<T> {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(checkOptionNames(options, JSON_OPTIONS, 'sources.json()'));
  const format = opts.format ?? 'auto';
  validateOneOf(format, 'format', ['auto', 'array', 'ndjson', 'values']);
  if (opts.path !== undefined) validateString(opts.path, 'path');
  const path = opts.path;
  const fields = opts.fields === undefined ? undefined : compileFields(opts.fields);
  // The tokenizer (values, paths) cannot step over a bad value: its errors stay fatal.
  const make = (name: string, stage: string, onBad: BadRecordHandler | undefined, wanted: FieldNode | undefined): ChunkParser<unknown> => {
    if (path !== undefined) return projectedParser(new JsonTokenParser(name, stage, 'path', path), wanted);
    if (format === 'values') return projectedParser(new JsonTokenParser(name, stage, 'values'), wanted);
    if (wanted === undefined) {
      if (format === 'array') return new JsonArraySplitter(name, stage, onBad);
      if (format === 'ndjson') return new NdjsonParser(name, stage, onBad, opts);
      return new AutoJsonParser(name, stage, onBad, opts);
    }
    const scanner = new JsonFieldScanner(wanted);
    const report = onBad && ((error: RecordError, text: string) => onBad(error, clipRecordText(text)));
    const ndjson = (): ChunkParser<unknown> => new ProjectedNdjsonParser(name, stage, scanner, { maxLineLength: opts.maxLineLength, onBad: report });
    if (format === 'array') return new JsonArraySplitter(name, stage, onBad, { decode: scanner.decode });
    if (format === 'ndjson') return ndjson();
    return new AutoJsonParser(name, stage, onBad, { decode: scanner.decode, ndjson });
  };
  // Fields pushed down by pipe() (see RecordFormat.projection): only where nothing is projected yet.
  const parser = (name: string, stage: string, _source: unknown, onBad: BadRecordHandler | undefined, pushed?: readonly string[]): ChunkParser<unknown> =>
    new NullGuard(make(name, stage, onBad, pushed === undefined ? fields : pushedFields(pushed)), name, stage, opts, onBad);
  // The scanning parsers copy what they keep of a chunk: the reads may reuse two buffers.
  const scans = path === undefined && format !== 'values';
  const reuse = { reuseBuffer: true, readAhead: true };
  const read = fields !== undefined && scans ? { ...opts, ...reuse } : opts;
  const projection = fields === undefined && scans ? { read: reuse } : undefined;
  return new RecordSource<unknown>(inputs, read, { kind: 'json', parser, projection }) as RecordSource<T>;
}
