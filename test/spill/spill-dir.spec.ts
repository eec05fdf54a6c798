import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { liveSpillDirs, SpillDir } from '../../lib/spill/spill-dir.js';
import { expectEmptyAndRemove, freshTmpdir } from '../helpers/spill.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('SpillDir', () => {
  it('is made on first use, under its base, and removed whole', () => {
    const base = freshTmpdir();
    const dir = new SpillDir(base);
    expect(readdirSync(base)).to.deep.equal([]);
    const file = dir.file('run');
    expect(readdirSync(base)).to.have.length(1);
    expect(readdirSync(base)[0]).to.match(/^streamtoolz-spill-/);
    expect(liveSpillDirs()).to.be.above(0);
    dir.remove();
    dir.remove();
    expect(existsSync(file)).to.equal(false);
    expectEmptyAndRemove(base);
  });

  it('is removed when the process exits in the middle of a sort', () => {
    const base = freshTmpdir();
    // A child that spills a few runs, then exits with the sort unfinished.
    const script = `
      const { ExternalSort } = await import(${JSON.stringify(`${root}lib/spill/external-sort.ts`)});
      const sorter = new ExternalSort({ memory: 16384, tmpdir: ${JSON.stringify(base)} }, {});
      for (let i = 0; i < 10000; i++) sorter.add(Math.sin(i));
      const { readdirSync } = await import('node:fs');
      console.log(readdirSync(${JSON.stringify(base)}).length);
      process.exit(3);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(child.status, child.stderr).to.equal(3);
    expect(child.stdout.trim()).to.equal('1');
    expectEmptyAndRemove(base);
  });

  it('goes with a SpilledMap that is dropped unread, once it is garbage-collected', () => {
    const base = freshTmpdir();
    const script = `
      const { CountSpill } = await import(${JSON.stringify(`${root}lib/spill/count-spill.ts`)});
      const { readdirSync } = await import('node:fs');
      const before = (() => {
        const counts = new CountSpill({ memory: 65536, tmpdir: ${JSON.stringify(base)} });
        for (let i = 0; i < 20000; i++) counts.add('k' + i, i);
        counts.finish(); // dropped unread
        return readdirSync(${JSON.stringify(base)}).length;
      })();
      for (let i = 0; i < 10 && readdirSync(${JSON.stringify(base)}).length > 0; i++) {
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      console.log(before, readdirSync(${JSON.stringify(base)}).length);`;
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(child.status, child.stderr).to.equal(0);
    expect(child.stdout.trim()).to.equal('1 0');
    expectEmptyAndRemove(base);
  });
});
