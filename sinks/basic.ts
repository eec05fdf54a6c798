/**
 * The small sinks of toolz: sum, count, first, last, collect. Each is a reducer, so that
 * `pipe()` runs it in the same loop as the stages before it.
 */
import { StageError, codes } from '../lib/core/errors.js';
import { declareFields } from '../lib/core/field-use.js';
import { reducerSink, STOP, type ReducerSink } from '../lib/core/sink.js';
import { checkOptionNames, type OptionNames } from '../lib/core/validate.js';
import { mergeable } from '../lib/job/mergeable.js';
import { countAggregator, sumAggregator } from '../lib/job/scalar-aggregators.js';

/**
 * Options of {@link first} and {@link last}.
 *
 * @example
 * ```ts
 * await pipe([], sinks.first({ default: 'none' })); // 'none' instead of an error
 * ```
 */
export interface DefaultOptions<D> {
  /** Returned for an empty input. Without it, an empty input is an error. */
  default?: D;
}

const DEFAULT_OPTIONS: OptionNames<DefaultOptions<unknown>> = { default: true };

// A StageError carrying NO_RESULT: a plain StreamtoolzError thrown from result() would be
// wrapped by reducerSink as a STAGE error, hiding the code that callers test for.
const empty = (stage: string): StageError => new StageError({ stage }, new Error('the input is empty'), codes.NO_RESULT);

/**
 * The sum of the items (numbers or bigints), 0 for an empty input.
 *
 * @example
 * ```ts
 * await pipe([1, 2, 3], sinks.sum()); // 6
 * ```
 */
export function sum(): ReducerSink<number, number>;
export function sum(start: bigint): ReducerSink<bigint, bigint>;
export function sum(start: number | bigint = 0): ReducerSink<number, number> | ReducerSink<bigint, bigint> {
  const sink = reducerSink<number, number>('sum', () => {
    let total = start as number;
    return {
      step(item) {
        total += item;
      },
      result: () => total,
    };
  });
  return mergeable(sink, () => sumAggregator(start));
}

/**
 * The number of items (toolz `count`).
 *
 * @example
 * ```ts
 * await pipe(sources.lines('reads.txt'), sinks.count());
 * ```
 */
export function count(): ReducerSink<unknown, number> {
  const sink = reducerSink<unknown, number>('count', () => {
    let n = 0;
    return {
      step() {
        n++;
      },
      result: () => n,
    };
  });
  // It reads nothing of an item: a JSON source before it builds none of the fields.
  return declareFields(mergeable(sink, countAggregator), { reads: [], passes: false });
}

/**
 * The first item (toolz `first`); reading stops there, and the source is closed.
 *
 * @example
 * ```ts
 * await pipe(sources.csv('data.csv'), sinks.first()); // the header row
 * ```
 */
export function first<T>(options?: DefaultOptions<T>): ReducerSink<T, T> {
  return keepOne('first', options, true);
}

/**
 * The last item (toolz `last`): forces the evaluation of a whole pipe, keeping one item.
 *
 * @example
 * ```ts
 * await pipe(batches, transforms.tap((b) => model.partialFit(b)), sinks.last());
 * ```
 */
export function last<T>(options?: DefaultOptions<T>): ReducerSink<T, T> {
  return keepOne('last', options, false);
}

/** A sink keeping one item: the first (and stopping there) or the last. */
function keepOne<T>(name: string, options: DefaultOptions<T> | undefined, stopAtFirst: boolean): ReducerSink<T, T> {
  checkOptionNames(options, DEFAULT_OPTIONS, `sinks.${name}()`);
  const hasDefault = options !== undefined && 'default' in options;
  const fallback = options?.default;
  return reducerSink<T, T>(name, () => {
    let seen = false;
    let value: T;
    return {
      step(item) {
        seen = true;
        value = item;
        return stopAtFirst ? STOP : undefined;
      },
      result() {
        if (seen) return value;
        if (hasDefault) return fallback as T;
        throw empty(name);
      },
    };
  });
}

/**
 * All items in an array. Memory grows with the input: for results, not for data.
 *
 * @example
 * ```ts
 * await pipe([3, 1, 2], transforms.map((x: number) => x + 1), sinks.collect()); // [4, 2, 3]
 * ```
 */
export function collect<T>(): ReducerSink<T, T[]> {
  return reducerSink<T, T[]>('collect', () => {
    const items: T[] = [];
    return {
      step(item) {
        items.push(item);
      },
      result: () => items,
    };
  });
}
