import { expect } from 'chai';
import { listSum, streamingSum } from '../../examples/streaming-sum.js';
import { verbosePipe } from '../../examples/verbose-sum.js';

describe('examples', () => {
  it('streaming sum equals the list sum (the seed: 30)', async () => {
    expect(listSum(6)).to.equal(30);
    expect(await streamingSum(6)).to.equal(30);
    expect(await streamingSum(100_000)).to.equal(listSum(100_000));
  });

  for (const hwm of [1, 4]) {
    it(`verbose pipe: items flow while the source still yields, read-ahead bounded (highWaterMark ${hwm})`, async () => {
      const lines: string[] = [];
      const m = 50;
      const total = await verbosePipe(m, (l) => lines.push(l), hwm);
      expect(total).to.equal(m * (m - 1));
      const lastYield = lines.indexOf(`yielding ${m - 1}`);
      const firstAdd = lines.findIndex((l) => l.startsWith('adding'));
      expect(firstAdd).to.be.greaterThan(-1);
      expect(firstAdd, 'an item reached the sum before the source was done').to.be.below(lastYield);
      // At every moment, items yielded but not yet added: the source's buffer (hwm), plus
      // one item in hand in each of the three stages.
      let yielded = 0;
      let added = 0;
      let maxAhead = 0;
      for (const l of lines) {
        if (l.startsWith('yielding')) yielded++;
        if (l.startsWith('adding')) added++;
        maxAhead = Math.max(maxAhead, yielded - added);
      }
      expect(added).to.equal(m);
      expect(maxAhead).to.be.at.most(hwm + 3);
      expect(lines.at(-1)).to.equal('sum done');
    });
  }
});
