/**
 * The reference tools the benchmarks compare against, installed from Debian where missing:
 * `npm run bench` must work as the first command on a fresh machine. Never a runtime
 * dependency of the library: only the benchmarks (and fixture scripts) use them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const pythonHas = (module: string): boolean => spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;

/** Debian package → how to tell it is there. */
const tools: readonly { pkg: string; present: () => boolean }[] = [
  { pkg: 'jellyfish', present: () => onPath('jellyfish') },
  { pkg: 'kmc', present: () => onPath('kmc') },
  { pkg: 'time', present: () => existsSync('/usr/bin/time') },
  { pkg: 'python3-numpy', present: () => pythonHas('numpy') },
  { pkg: 'python3-toolz', present: () => pythonHas('toolz') },
  { pkg: 'python3-cytoolz', present: () => pythonHas('cytoolz') },
  { pkg: 'python3-sklearn', present: () => pythonHas('sklearn') },
  { pkg: 'python3-networkx', present: () => pythonHas('networkx') },
];

/** The Debian packages the benchmarks need that are not installed. */
export function missingReferenceTools(): string[] {
  return tools.filter((t) => !t.present()).map((t) => t.pkg);
}

/**
 * Installs the missing reference tools with apt-get (as root), or says how when it cannot.
 *
 * @example
 * ```ts
 * ensureReferenceTools(); // before the first benchmark
 * ```
 */
export function ensureReferenceTools(): void {
  const missing = missingReferenceTools();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the benchmarks compare against Debian packages that are missing: run  sudo apt-get install -y ${missing.join(' ')}`);
  }
  process.stderr.write(`installing the reference tools: ${missing.join(' ')}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 2, 2], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 2, 2], env });
}
