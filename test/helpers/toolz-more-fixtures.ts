/**
 * The toolz reference for issue 8's stages, sinks and merging sources, written by
 * `test/fixtures/toolz/make-more-fixtures.py` (run it with /usr/bin/python3 to regenerate).
 * The key function is `fixtureKey` of `toolz-fixtures.ts`; the binop is `+`.
 */
import { readFileSync } from 'node:fs';

type Item = number | string;

export interface MoreCase {
  name: string;
  input: Item[];
  accumulate: Item[];
  accumulate_initial: Item[];
  partition_by: Item[][];
  take_nth: Record<string, Item[]>;
  /** null: toolz 0.12 raises StopIteration on an empty input. */
  interpose: Item[] | null;
  countby: [unknown, number][];
  reduceby: [unknown, Item][];
  reduceby_init: [unknown, Item][];
  groupby: [unknown, Item[]][];
  topk: Record<string, Item[]>;
  topk_key: Record<string, Item[]>;
  random_sample: Record<string, Item[]>;
}

export interface MergeCase {
  name: string;
  inputs: Item[][];
  merge_sorted: Item[];
  desc_inputs?: number[][];
  merge_sorted_desc?: number[];
  tagged_inputs: [Item, number, number][][];
  merge_sorted_tagged: [Item, number, number][];
  interleave: Item[];
  zip: Item[][];
  concat: Item[];
}

const data = JSON.parse(readFileSync(new URL('../fixtures/toolz/toolz-more.json', import.meta.url), 'utf8')) as { cases: MoreCase[]; merges: MergeCase[] };

export const moreCases: readonly MoreCase[] = data.cases;
export const mergeCases: readonly MergeCase[] = data.merges;

/** The fixtures' binop: `+` on numbers or strings. */
export const plus = (a: Item, b: Item): Item => (a as number) + (b as number);

/** The fixtures' initial value for a case: 0 for numbers, '' for letters. */
export const zeroOf = (c: MoreCase): Item => (c.input.every((x) => typeof x === 'number') ? 0 : '');
