/**
 * Packs this checkout as `npm pack` does for a release (prepack builds it with
 * tsconfig.build.json) and installs the tarball into a new project, offline: the project's
 * lockfile lists the tarball and, for every other package, the entry of this repository's
 * lockfile, so that `npm ci --offline` takes the very versions installed here from npm's cache.
 * When the cache lacks one (node_modules installed some other way), it falls back to
 * `--prefer-offline`, which may ask the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  /** Absolute path of the tarball. */
  tarball: string;
  files: PackedFile[];
}

interface LockEntry {
  dev?: boolean;
  [key: string]: unknown;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** `npm pack --json` of `root` into `dest`. */
export function pack(root: string, dest: string): Packed {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dest], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out) as [{ filename: string; files: PackedFile[] }];
  return { tarball: join(dest, info.filename), files: info.files };
}

/** `npm pack --dry-run --json --ignore-scripts`: the files a pack of what is built now would hold. */
export function dryRunFiles(root: string): string[] {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out) as [{ files: PackedFile[] }];
  return info.files.map((f) => f.path).sort();
}

/** Writes a project named `name` in `dir` that depends on the tarball only, with its lockfile. */
export function writeConsumer(root: string, dir: string, name: string, tarball: string): void {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name, dependencies: { streamtoolz: spec } },
    'node_modules/streamtoolz': {
      version: manifest.version,
      resolved: spec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  // Every package of the repository's lockfile that is not for development only.
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && entry.dev !== true) packages[path] = entry;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, dependencies: { streamtoolz: spec } }, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify({ name, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

/** `npm ci` in `dir`, offline when npm's cache has every package. */
export function installConsumer(dir: string): void {
  const args = ['ci', '--no-audit', '--no-fund', '--ignore-scripts'];
  const offline = spawnSync(npm, [...args, '--offline'], { cwd: dir, encoding: 'utf8' });
  if (offline.status === 0) return;
  if (!/ENOTCACHED/.test(offline.stderr)) throw new Error(`npm ci --offline failed:\n${offline.stderr}`);
  execFileSync(npm, [...args, '--prefer-offline'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}
