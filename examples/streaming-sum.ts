/**
 * The seed's toy example: the sum of the doubled numbers below 6, first by building lists,
 * then by streaming, where no list is ever held.
 *
 * Run: `node dist/examples/streaming-sum.js`
 */
import { pathToFileURL } from 'node:url';
import { pipe } from '../lib/core/pipe.js';
import { map } from '../transforms/map.js';
import { sum } from '../sinks/basic.js';

export function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const double = (x: number): number => x * 2;

/** The list approach: every step makes a whole array. */
export function listSum(n: number): number {
  const input = Array.from(range(n));
  const doubled = input.map(double);
  return doubled.reduce((a, b) => a + b, 0);
}

/** The streaming approach: one number at a time flows through. */
export function streamingSum(n: number): Promise<number> {
  return pipe(range(n), map(double), sum());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`list approach:      ${listSum(6)}`);
  console.log(`streaming approach: ${await streamingSum(6)}`);
}
