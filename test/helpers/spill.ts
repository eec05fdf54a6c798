/**
 * Helpers for the tests of spilling stages: a private temporary folder per test (so that
 * "no file left behind" is a check of an empty folder), GNU sort as the reference, random
 * numbers and strings of every shape, and the open file descriptor count.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from './rng.js';

/** A fresh folder for one test's temporary files. */
export function freshTmpdir(): string {
  return mkdtempSync(join(tmpdir(), 'streamtoolz-test-'));
}

/** Asserts that `dir` holds nothing (every spill file removed), then removes it. */
export function expectEmptyAndRemove(dir: string): void {
  const left = readdirSync(dir, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  expect(left, `files left in ${dir}`).to.deep.equal([]);
}

/** Open file descriptors of this process (Linux). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** GNU sort over `lines` with `args`, in the C locale (byte order). */
export function gnuSort(lines: readonly string[], args: readonly string[]): string[] {
  const out = execFileSync('sort', [...args], {
    input: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 1 << 30,
  });
  const text = out.toString('utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/**
 * `n` numbers as JavaScript prints them: integers, small and large decimals in plain and
 * exponent notation, negatives, zeros and many repeats.
 */
export function randomNumbers(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const u = r();
    if (u < 0.2) return Math.floor(r() * 100) - 50;
    if (u < 0.25) return 0;
    return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  });
}

/**
 * `n` strings of 0 to 12 characters: mostly ASCII, some Latin-1, some from the top of the
 * BMP (U+E000–U+FFFF) and some astral (surrogate pairs), where UTF-16 and byte order differ.
 */
export function randomStrings(n: number, seed: number): string[] {
  const r = rng(seed);
  const alphabets = ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.', 'éèàüöß', '\uE000\uFB01\uFFFD\uFF21', '\u{1F600}\u{1F4A9}\u{10000}'];
  return Array.from({ length: n }, () => {
    const len = Math.floor(r() * 13);
    let s = '';
    for (let i = 0; i < len; i++) {
      const u = r();
      const alphabet = [...alphabets[u < 0.85 ? 0 : u < 0.92 ? 1 : u < 0.96 ? 2 : 3]!];
      s += alphabet[Math.floor(r() * alphabet.length)];
    }
    return s;
  });
}
