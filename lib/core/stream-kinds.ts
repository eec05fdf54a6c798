/**
 * What `pipe()` and `compose()` tell apart among their arguments: a Node stream or not, a
 * stream made by streamtoolz (which `pipe()` may close) or the caller's (which it only lets
 * go), and the name a stage goes by in errors and stats.
 */
import type { Readable, Writable } from 'node:stream';
import { kName } from './symbols.js';

/**
 * True for a Node stream: something with `on` and `pipe` or `write`.
 *
 * @example
 * ```ts
 * isStream(process.stdin); // true
 * ```
 */
export const isStream = (x: unknown): x is Readable | Writable =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Readable).on === 'function' &&
  (typeof (x as Readable).pipe === 'function' || typeof (x as Writable).write === 'function');

/**
 * True for a stream made by streamtoolz (a source or a stage), which `pipe()` may close.
 *
 * @example
 * ```ts
 * isOwn(sources.lines('a.txt')); // true; isOwn(fs.createReadStream('a.txt')) is false
 * ```
 */
export const isOwn = (stream: object): boolean => kName in stream;

/**
 * A stage's display name: its `kName`, else its `name`, else its class.
 *
 * @example
 * ```ts
 * nameOf(transforms.map(parse)); // 'map(parse)'
 * ```
 */
export const nameOf = (x: object): string => (x as { [kName]?: string })[kName] ?? ((x as { name?: string }).name || x.constructor?.name || 'stage');
