// The Debian packages the tests use, found on PATH, installed with apt-get when this runs as
// root, and otherwise named in one line. `ensure.mjs --system` (run by `npm test`) calls
// ensureSystemPackages(); the tests that need a package call requireCommand(), which fails
// with the same line, so a missing package is never a silent skip. Plain JS: it runs before
// anything is installed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each package, the command it puts on PATH, and what needs it. */
export const SYSTEM_PACKAGES = [
  { name: 'chromium', command: 'chromium', neededBy: 'test/examples/report.spec.ts' },
  { name: 'redis-server', command: 'redis-server', neededBy: 'the distributed specs' },
];

/** The full path of `command` on `path` (a PATH string), or undefined. */
export function which(command, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/** The names of the packages whose command is not on `path`. */
export function missingPackages(path = process.env.PATH ?? '') {
  return SYSTEM_PACKAGES.filter((p) => which(p.command, path) === undefined).map((p) => p.name);
}

/** The one line that names what to install. */
export function installLine(names) {
  const list = names.join(' ');
  return `streamtoolz: the tests need Debian packages that are not installed: ${list} (as root: apt-get install -y --no-install-recommends ${list})`;
}

/**
 * The path of a package's command; throws the install line when it is not on PATH.
 *
 * @example
 * const chromium = requireCommand('chromium');
 */
export function requireCommand(command, path = process.env.PATH ?? '') {
  const pkg = SYSTEM_PACKAGES.find((p) => p.command === command);
  if (pkg === undefined) throw new TypeError(`not a system package of the tests: ${command}`);
  const file = which(command, path);
  if (file === undefined) throw new Error(installLine([pkg.name]));
  return file;
}

/**
 * Installs the missing packages with apt-get when `isRoot` and apt-get is on PATH; otherwise
 * (or when apt-get fails) writes the install line with `log`. Returns the names still missing.
 */
export function ensureSystemPackages({ env = process.env, isRoot = process.getuid?.() === 0, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const missing = missingPackages(env.PATH);
  if (missing.length === 0) return [];
  const aptGet = which('apt-get', env.PATH);
  if (isRoot && aptGet !== undefined) {
    log(`streamtoolz: installing ${missing.join(' ')} (apt-get)...`);
    const options = { stdio: ['ignore', 2, 2], env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } };
    const updated = spawnSync(aptGet, ['update'], options);
    if (updated.status === 0) spawnSync(aptGet, ['install', '-y', '--no-install-recommends', ...missing], options);
  }
  const still = missingPackages(env.PATH);
  if (still.length > 0) log(installLine(still));
  return still;
}
