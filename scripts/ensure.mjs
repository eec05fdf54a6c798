#!/usr/bin/env node
// Makes `npm start`, `npm test` and `npm run bench` work as the first command typed on a
// fresh clone: installs from the lockfile when node_modules is missing or older than the
// lockfile; with --system, the Debian packages the tests use (system-packages.mjs); with
// --build, compiles the TypeScript to dist/. Plain JS: it must run before anything is installed.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { ensureSystemPackages } from './system-packages.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command with its output on stderr; on failure exits with its status, no stack. */
function run(file, args, what) {
  try {
    execFileSync(file, args, { stdio: ['ignore', 2, 2] });
  } catch (err) {
    process.stderr.write(`streamtoolz: ${what} failed (exit ${err.status ?? err.message})\n`);
    process.exit(err.status || 1);
  }
}
const stamp = 'node_modules/.package-lock.json';
const stale = !existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs;
if (stale) {
  process.stderr.write('streamtoolz: installing dependencies (npm ci)...\n');
  run(npm, ['ci', '--no-audit', '--no-fund'], 'npm ci');
}
// What stays missing is named in one line; the tests that need it fail with that line.
if (process.argv.includes('--system')) ensureSystemPackages();
if (process.argv.includes('--build')) {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], 'the TypeScript build');
}
