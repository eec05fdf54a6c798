/**
 * `lines(input)`: the lines of text inputs as strings, without their line breaks.
 */
import type { ChunkParser } from '../lib/io/chunk-parser.js';
import { normalizeInputs, type InputSpec } from '../lib/io/inputs.js';
import { checkSourceOptions, SOURCE_OPTIONS, type SourceOptions } from '../lib/io/source-options.js';
import { checkOptionNames, type OptionNames, validateOneOf } from '../lib/core/validate.js';
import { LineScanner } from './line-scanner.js';
import { RecordSource } from './record-source.js';

/**
 * Options of {@link lines}.
 *
 * @example
 * ```ts
 * const source = sources.lines('logs/*.log', { encoding: 'latin1', maxLineLength: 1 << 20 });
 * ```
 */
export interface LinesOptions extends SourceOptions {
  /** How bytes become strings. Default `'utf8'`; `'latin1'` is faster for ASCII data. */
  encoding?: 'utf8' | 'latin1' | 'ascii' | undefined;
}

const LINES_OPTIONS: OptionNames<LinesOptions> = { ...SOURCE_OPTIONS, encoding: true };

/**
 * The parser behind {@link lines}: one per input.
 *
 * @example
 * ```ts
 * const p = new LineParser('x.txt', 'lines(x.txt)'), out: string[] = [];
 * p.write(Buffer.from('a\r\nb'), out); p.end(out); // out: ['a', 'b']
 * ```
 */
export class LineParser implements ChunkParser<string> {
  readonly #scanner: LineScanner;
  readonly #encoding: BufferEncoding;
  #out: string[] = [];

  constructor(input: string, stage: string, options: Pick<LinesOptions, 'encoding' | 'maxLineLength'> = {}) {
    const encoding = (this.#encoding = options.encoding ?? 'utf8');
    // The callback only sees lines that began in an earlier chunk and the last line.
    this.#scanner = new LineScanner(
      (buf, start, end) => {
        this.#out.push(buf.toString(encoding, start, end));
      },
      { input, stage, maxLineLength: options.maxLineLength },
    );
  }

  write(chunk: Buffer, out: string[]): void {
    this.#out = out;
    this.#scanner.writeStrings(chunk, this.#encoding, out);
  }

  end(out: string[]): void {
    this.#out = out;
    this.#scanner.end();
  }
}

/**
 * A source of lines; see {@link lines}.
 *
 * @example
 * ```ts
 * const source: LinesSource = sources.lines('data.txt');
 * const n = await pipe(source, sinks.count());
 * ```
 */
export type LinesSource = RecordSource<string>;

/**
 * The lines of one or more inputs (paths, globs, URLs, `'-'`, Readables), gunzipped when
 * gzip, `\n` or `\r\n`, the last line kept when the final newline is missing.
 *
 * @example
 * ```ts
 * const n = await pipe(sources.lines('logs/*.log.gz'), transforms.filter((l: string) => l.includes('ERROR')), sinks.count());
 * ```
 */
export function lines(input: InputSpec, options?: LinesOptions): LinesSource {
  const inputs = normalizeInputs(input);
  const opts = checkSourceOptions(checkOptionNames(options, LINES_OPTIONS, 'sources.lines()'));
  if (opts.encoding !== undefined) validateOneOf(opts.encoding, 'encoding', ['utf8', 'latin1', 'ascii']);
  return new RecordSource<string>(inputs, opts, {
    kind: 'lines',
    parser: (name, stage) => new LineParser(name, stage, opts),
  });
}
