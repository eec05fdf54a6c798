/**
 * The toolz reference: inputs and what toolz 0.12 gives for them, written by
 * `test/fixtures/toolz/make-fixtures.py` (run it with /usr/bin/python3 to regenerate).
 */
import { readFileSync } from 'node:fs';

type Item = number | string;

/** One input and toolz's outputs for it; size-keyed maps use the size as a string key. */
export interface ToolzCase {
  name: string;
  input: Item[];
  partition_all: Record<string, Item[][]>;
  partition: Record<string, Item[][]>;
  sliding_window: Record<string, Item[][]>;
  drop: Record<string, Item[]>;
  take: Record<string, Item[]>;
  unique: Item[];
  unique_by_key: Item[];
  frequencies: [Item, number][];
}

export const toolzCases: readonly ToolzCase[] = (
  JSON.parse(readFileSync(new URL('../fixtures/toolz/toolz.json', import.meta.url), 'utf8')) as { cases: ToolzCase[] }
).cases;

/** The key the fixture script used for `unique(key=...)`: parity for numbers, A/T vs C/G/N for letters. */
export function fixtureKey(item: Item): unknown {
  return typeof item === 'number' ? item % 2 : 'at'.includes(item.toLowerCase());
}

/** `[size, expected]` pairs of a size-keyed map, sizes as numbers. */
export function bySize<T>(map: Record<string, T>): [number, T][] {
  return Object.entries(map).map(([k, v]) => [Number(k), v]);
}
