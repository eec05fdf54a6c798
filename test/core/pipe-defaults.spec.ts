import { expect } from 'chai';
import { setImmediate as tick } from 'node:timers/promises';
import { pipe } from '../../lib/core/pipe.js';
import { pipeDefaults, withPipeDefaults } from '../../lib/core/pipe-defaults.js';
import type { PipeStats } from '../../lib/core/stats.js';
import { sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';

describe('withPipeDefaults', () => {
  it('gives its options to the pipes run inside it, awaited or not, and to no other', async () => {
    const a: PipeStats[] = [];
    const b: PipeStats[] = [];
    const run = async (): Promise<number> => {
      await tick();
      return pipe(
        [1, 2, 3],
        map((x: number) => x),
        sum(),
      );
    };
    // Two "commands" at once in one process, and a pipe outside both.
    const [x, y, z] = await Promise.all([
      withPipeDefaults({ stats: (s) => void a.push(s) }, run),
      withPipeDefaults({ stats: (s) => void b.push(s) }, () => Promise.all([run(), run()])),
      run(),
    ]);
    expect([x, y, z]).to.deep.equal([6, [6, 6], 6]);
    expect(a).to.have.length(1);
    expect(b).to.have.length(2);
    expect(pipeDefaults()).to.deep.equal({});
  });

  it('lets the options of a pipe() call win, and nested calls merge', async () => {
    const outer: PipeStats[] = [];
    const own: PipeStats[] = [];
    await withPipeDefaults({ stats: (s) => void outer.push(s), sample: 2 }, () =>
      withPipeDefaults({}, async () => {
        expect(await pipe([1, 2, 3], sum())).to.equal(3);
        expect(await pipe([1, 2, 3], sum(), { stats: (s: PipeStats) => void own.push(s), sample: 3 })).to.equal(6);
      }),
    );
    expect([outer.length, own.length]).to.deep.equal([1, 1]);
  });
});
