/**
 * Random JSON texts written by hand rather than by JSON.stringify, so that they hold what
 * stringify never writes: blank space everywhere, escapes of any character (`\/`, `\u00e9`,
 * surrogate pairs, lone surrogates), exponents, `-0`, numbers past 2^53, duplicate keys, keys
 * that are escapes of other keys, `__proto__`. Seeded, so that a failure reproduces.
 */
import { rng } from './rng.js';

/** Keys drawn for objects: short ones, so that wanted fields are often there. */
export const KEYS = ['a', 'b', 'c', 'd', 'status', 'ü', 'k"ey', '__proto__', 'x.y', ''];

const PIECES = [
  'x',
  'hello',
  ' ',
  'ü',
  '中',
  '😀',
  '\\n',
  '\\t',
  '\\"',
  '\\\\',
  '\\/',
  '\\b',
  '\\f',
  '\\r',
  '\\u00e9',
  '\\ud83d\\ude00',
  '\\ud800',
  '\\u0041',
  ',',
  ':',
  '{',
  ']',
];
const NUMBERS = [
  '0',
  '-0',
  '7',
  '-12',
  '3.25',
  '1e3',
  '1E+2',
  '2.5e-3',
  '-0.0',
  '123456789012345678901',
  '9007199254740993',
  '0.1',
  '1e400',
  '4.9e-324',
  '1.7976931348623157e308',
  '0.30000000000000004',
  '12345678.87654321',
  '5e-22',
  '1e22',
  '1e23',
];

/** A generator of JSON texts from `seed`. */
export class JsonText {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = rng(seed);
  }

  int(n: number): number {
    return Math.floor(this.#random() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }

  /** Blank space: mostly none, sometimes spaces, tabs, CR or LF (`newlines` false inside NDJSON lines). */
  space(newlines = false): string {
    const r = this.int(6);
    if (r > 1) return '';
    const pool = newlines ? [' ', '\t', '\n', '\r\n'] : [' ', '\t', '  '];
    return this.pick(pool) + (r === 0 ? this.pick(pool) : '');
  }

  /** A string's JSON text (with quotes), of whole escapes and raw UTF-8. */
  string(): string {
    let s = '';
    for (let n = this.int(5); n > 0; n--) s += this.pick(PIECES);
    return `"${s}"`;
  }

  /** A key's JSON text: one of {@link KEYS}, sometimes spelled with escapes. */
  key(): string {
    const k = this.pick(KEYS);
    if (k === 'a' && this.int(3) === 0) return '"\\u0061"';
    if (k === 'ü' && this.int(3) === 0) return '"\\u00fc"';
    return JSON.stringify(k);
  }

  number(): string {
    return this.pick(NUMBERS);
  }

  value(depth: number, newlines = false): string {
    const r = this.int(depth > 2 ? 6 : 10);
    if (r === 0) return this.string();
    if (r === 1) return this.number();
    if (r === 2) return this.pick(['true', 'false', 'null']);
    if (r === 3) return this.string();
    if (r === 4) return this.number();
    if (r === 5) return `${this.int(1000)}`;
    if (r === 6 || r === 7) return this.object(depth + 1, newlines);
    const items: string[] = [];
    for (let n = this.int(4); n > 0; n--) items.push(this.space(newlines) + this.value(depth + 1, newlines) + this.space(newlines));
    return `[${items.join(',') || this.space(newlines)}]`;
  }

  object(depth: number, newlines = false): string {
    const members: string[] = [];
    for (let n = this.int(depth === 0 ? 8 : 4); n > 0; n--) {
      const s = (): string => this.space(newlines);
      members.push(`${s()}${this.key()}${s()}:${s()}${this.value(depth, newlines)}${s()}`);
    }
    return `{${members.join(',') || this.space(newlines)}}`;
  }

  /** One NDJSON record: mostly an object, sometimes another value. */
  record(): string {
    const r = this.int(40);
    const body = r === 0 ? this.value(3) : r === 1 ? this.number() : this.object(0);
    return this.space() + body + this.space();
  }

  /** Mutates one byte of `text`: deletes, inserts or replaces it, with bytes that matter in JSON. */
  mutate(text: string): string {
    const at = this.int(text.length + 1);
    const ins = this.pick(['"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', '.', 'e', 't', 'x', '\t', '\u0001', ' ', 'u']);
    const r = this.int(3);
    if (r === 0) return text.slice(0, at) + text.slice(at + 1);
    if (r === 1) return text.slice(0, at) + ins + text.slice(at);
    return text.slice(0, at) + ins + text.slice(at + 1);
  }
}
