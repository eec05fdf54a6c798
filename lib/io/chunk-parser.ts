/**
 * The interface between byte chunks and records: a parser keeps the state of one input
 * (a partial line, a record cut between chunks, the line number) and appends the complete
 * records of each chunk to `out`. Parsers know nothing of streams, so that they are tested
 * and benchmarked on their own.
 */
import type { EventEmitter } from 'node:events';

/**
 * A parser for one input. `write` is given the input's chunks in order, then `end` once.
 * Malformed data throws a `RecordError` naming the input and the line.
 *
 * @example
 * ```ts
 * const parser = makeParser('data.txt');
 * const out: string[] = [];
 * parser.write(Buffer.from('a\nb'), out); // out: ['a']
 * parser.end(out);                         // out: ['a', 'b']
 * ```
 */
export interface ChunkParser<T> {
  write(chunk: Buffer, out: T[]): void;
  end(out: T[]): void;
  /**
   * True once the parser wants no more of this input (csv-parse's `to` reached): the rest
   * of the input is then not read, and `end` is called at once.
   */
  readonly done?: boolean;
}

/**
 * Makes the parser of one input; `input` names it in errors, `stage` is the source's name,
 * `source` is the stream it feeds (a parser may emit events on it, e.g. a CSV header).
 */
export type ParserFactory<T> = (input: string, stage: string, source: EventEmitter) => ChunkParser<T>;
