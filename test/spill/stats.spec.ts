import { expect } from 'chai';
import { pipe } from '../../lib/core/pipe.js';
import { formatStats, type PipeStats } from '../../lib/core/stats.js';
import { countBy } from '../../sinks/count-by.js';
import { sort } from '../../transforms/sort.js';
import { expectEmptyAndRemove, freshTmpdir, randomNumbers } from '../helpers/spill.js';

describe('stats of spilling stages', () => {
  it('show the bytes spilled and the runs merged, for a stage and for a sink', async () => {
    const dir = freshTmpdir();
    let report: PipeStats | undefined;
    const counts = await pipe(
      randomNumbers(20_000, 91),
      sort({ memory: '16KB', tmpdir: dir }),
      countBy((x: number) => Math.round(x), { memory: '16KB', tmpdir: dir }),
      {
        stats: (s: PipeStats) => (report = s),
      },
    );
    counts.close();
    expectEmptyAndRemove(dir);
    const [, sorted, counted] = report!.stages;
    expect(sorted!.spill!.bytesSpilled).to.be.above(20_000 * 8);
    expect(sorted!.spill!.runsMerged).to.equal(sorted!.spill!.runsWritten);
    expect(counted!.spill!.runsWritten).to.be.above(0);
    const table = formatStats(report!);
    expect(table).to.include(`spilled: sort(memory=16384) (stage 2), ${sorted!.spill!.bytesSpilled} bytes in ${sorted!.spill!.runsWritten} runs`);
    expect(table).to.match(/spilled: countBy\(<anonymous>, memory=16384\) \(stage 3\), \d+ bytes in \d+ runs, \d+ runs merged/);
  });

  it('show nothing for stages that did not spill', async () => {
    let report: PipeStats | undefined;
    await pipe(
      [3, 1, 2],
      sort({ memory: '1MB' }),
      countBy((x: number) => x),
      { stats: (s: PipeStats) => (report = s) },
    );
    expect(report!.stages[1]!.spill).to.deep.equal({ bytesSpilled: 0, runsWritten: 0, runsMerged: 0 });
    expect(report!.stages[2]!.spill).to.equal(undefined);
    expect(formatStats(report!)).to.not.include('spilled');
  });
});
