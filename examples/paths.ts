/**
 * Where the examples find their data and write their output, whether they run from the
 * TypeScript sources (`examples/x.ts`, under tsx) or from the build (`dist/examples/x.js`):
 * the data is not copied by `tsc`, so both look for the repository's `examples/data`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The repository root: the folder holding `examples/data`, found from this file's place.
 *
 * @example
 * ```ts
 * join(repoRoot(), 'out', 'report.html');
 * ```
 */
export function repoRoot(): string {
  for (const candidate of [resolve(here, '..'), resolve(here, '..', '..')]) {
    if (existsSync(join(candidate, 'examples', 'data', 'iris.csv'))) return candidate;
  }
  throw new Error(`examples/data not found above ${here}: run from a checkout of streamtoolz (python3 examples/data/make-data.py writes the data)`);
}

/**
 * The path of a file shipped in `examples/data`.
 *
 * @example
 * ```ts
 * sources.csv(dataPath('iris.csv'), { columns: true });
 * ```
 */
export function dataPath(name: string): string {
  return join(repoRoot(), 'examples', 'data', name);
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && fileURLToPath(url) === resolve(script);
}
