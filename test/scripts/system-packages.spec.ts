import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages, installLine, requireCommand } from '../../scripts/system-packages.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BOTH = installLine(['chromium', 'redis-server']);

/**
 * A bin folder holding `node` and a stand-in apt-get: it records its arguments and, for
 * `install`, puts an executable for each package on the same folder (or fails with `fail`).
 */
function fakeBin(dir: string, { fail = false } = {}): { bin: string; calls: () => string[] } {
  const bin = join(dir, 'bin');
  const log = join(dir, 'apt-get.log');
  spawnSync('/bin/mkdir', [bin]);
  symlinkSync(process.execPath, join(bin, 'node'));
  const install = fail
    ? 'exit 100'
    : `for p in "$@"; do case "$p" in -*|install) ;; *) printf '#!/bin/sh\\n' > "${bin}/$p"; /bin/chmod 755 "${bin}/$p";; esac; done`;
  writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$@" >> "${log}"\nif [ "$1" = install ]; then ${install}; fi\n`, { mode: 0o755 });
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

describe('scripts/system-packages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-setup-'));
    // Readable and writable by the unprivileged user of the non-root case.
    chmodSync(dir, 0o777);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('as root with apt-get: updates, installs what is missing, and prints no install line', () => {
    const { bin, calls } = fakeBin(dir);
    const lines: string[] = [];
    const still = ensureSystemPackages({ env: { PATH: bin }, isRoot: true, log: (l) => lines.push(l) });
    expect(still).to.deep.equal([]);
    expect(calls()).to.deep.equal(['update', 'install -y --no-install-recommends chromium redis-server']);
    expect(lines).to.deep.equal(['streamtoolz: installing chromium redis-server (apt-get)...']);
  });

  it('as root, when apt-get fails: prints the one line naming what to install', () => {
    const { bin } = fakeBin(dir, { fail: true });
    const lines: string[] = [];
    const still = ensureSystemPackages({ env: { PATH: bin }, isRoot: true, log: (l) => lines.push(l) });
    expect(still).to.deep.equal(['chromium', 'redis-server']);
    expect(lines.at(-1)).to.equal(BOTH);
  });

  it('installs only what is missing, and nothing when all is there', () => {
    const { bin, calls } = fakeBin(dir);
    writeFileSync(join(bin, 'redis-server'), '#!/bin/sh\n', { mode: 0o755 });
    ensureSystemPackages({ env: { PATH: bin }, isRoot: true, log: () => {} });
    expect(calls()).to.deep.equal(['update', 'install -y --no-install-recommends chromium']);
    expect(ensureSystemPackages({ env: { PATH: bin }, isRoot: true, log: () => {} })).to.deep.equal([]);
    expect(calls()).to.have.length(2);
  });

  it('`ensure.mjs --system` without root: one line on stderr, apt-get never called, exit 0', () => {
    const { bin, calls } = fakeBin(dir);
    // As root, run the child as nobody; otherwise the child is already not root.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['scripts/ensure.mjs', '--system'], { cwd: root, env: { PATH: bin }, encoding: 'utf8', ...asNobody });
    expect(r.stderr).to.equal(`${BOTH}\n`);
    expect(r.status).to.equal(0);
    expect(calls()).to.deep.equal([]);
  });

  it('`ensure.mjs --system` as root without apt-get on PATH: the same line', () => {
    const bin = join(dir, 'bin');
    spawnSync('/bin/mkdir', [bin]);
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = spawnSync(process.execPath, ['scripts/ensure.mjs', '--system'], { cwd: root, env: { PATH: bin }, encoding: 'utf8' });
    expect(r.stderr).to.equal(`${BOTH}\n`);
    expect(r.status).to.equal(0);
  });

  it('requireCommand: the path when installed, else throws the same line for that package', () => {
    const { bin } = fakeBin(dir);
    expect(() => requireCommand('chromium', bin)).to.throw(Error, installLine(['chromium']));
    expect(() => requireCommand('redis-server', bin)).to.throw(Error, installLine(['redis-server']));
    writeFileSync(join(bin, 'chromium'), '#!/bin/sh\n', { mode: 0o755 });
    expect(requireCommand('chromium', bin)).to.equal(join(bin, 'chromium'));
  });

  it('the report spec fails with the line when chromium is not on PATH (never a skip)', function () {
    this.timeout(60_000);
    const bin = join(dir, 'bin');
    spawnSync('/bin/mkdir', [bin]);
    symlinkSync(process.execPath, join(bin, 'node'));
    const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const r = spawnSync(process.execPath, [mocha, '--no-config', '--node-option', 'import=tsx', '--extension', 'ts', 'test/examples/report.spec.ts'], {
      cwd: root,
      env: { PATH: bin, HOME: process.env.HOME },
      encoding: 'utf8',
    });
    expect(r.status).to.equal(1);
    expect(r.stdout)
      .to.include('0 passing')
      .and.include('1 failing')
      .and.include(installLine(['chromium']));
    expect(r.stdout).to.not.include('pending');
  });

  it('the line names the packages and the apt-get command, on one line', () => {
    expect(BOTH).to.equal(
      'streamtoolz: the tests need Debian packages that are not installed: chromium redis-server (as root: apt-get install -y --no-install-recommends chromium redis-server)',
    );
  });
});
