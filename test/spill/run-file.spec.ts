import { expect } from 'chai';
import { existsSync, truncateSync } from 'node:fs';
import { RunReader, RunWriter } from '../../lib/spill/run-file.js';
import { SpillDir } from '../../lib/spill/spill-dir.js';
import { spillStats } from '../../lib/spill/spill-stats.js';
import { expectEmptyAndRemove, freshTmpdir } from '../helpers/spill.js';
import { thrown } from '../helpers/support.js';

describe('run files', () => {
  let base: string;
  let dir: SpillDir;
  beforeEach(() => {
    base = freshTmpdir();
    dir = new SpillDir(base);
  });
  afterEach(() => {
    dir.remove();
    expectEmptyAndRemove(base);
  });

  it('give back numbers block by block, exactly', () => {
    const stats = spillStats();
    const w = new RunWriter(dir.file('run'), 'f64', stats);
    const values = Float64Array.of(-0, Number.NaN, 1e-310, 3, Number.MAX_VALUE);
    w.writeNumbers(values, 0, 2);
    w.writeNumbers(values, 2, 5);
    const run = w.close();
    expect(run.items).to.equal(5);
    expect(stats).to.deep.equal({ bytesSpilled: 16 + 40, runsWritten: 1, runsMerged: 0 });
    const r = new RunReader(run);
    const out: number[] = [];
    for (let b = r.nextNumbers(); b !== undefined; b = r.nextNumbers()) out.push(...b);
    expect(out).to.deep.equal([...values]);
    expect(r.nextNumbers()).to.equal(undefined);
  });

  it('give back JSON values, lone surrogates included', () => {
    const w = new RunWriter(dir.file('run'), 'json');
    const blocks = [
      ['a', '\uD800x', 'é'],
      [{ a: [1, null] }, 'z'],
    ];
    for (const b of blocks) w.writeValues(b);
    const r = new RunReader(w.close());
    expect([r.nextValues(), r.nextValues(), r.nextValues()]).to.deep.equal([...blocks, undefined]);
  });

  it('say so when a file was cut short', () => {
    const w = new RunWriter(dir.file('run'), 'json');
    w.writeValues(['a'.repeat(100)]);
    const run = w.close();
    truncateSync(run.path, 20);
    expect(thrown(() => new RunReader(run).nextValues()).message).to.include('ended early');
  });

  it('live in a folder made on first use and removed whole', () => {
    const path = dir.file('run');
    expect(path.startsWith(base)).to.equal(true);
    new RunWriter(path, 'json').close();
    expect(existsSync(path)).to.equal(true);
    dir.remove();
    expect(existsSync(path)).to.equal(false);
  });
});
