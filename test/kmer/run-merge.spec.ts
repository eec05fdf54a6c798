import { expect } from 'chai';
import { RunHeap, SummingBatcher } from '../../lib/kmer/run-merge.js';

describe('RunHeap', () => {
  it('always has the run with the smallest (hi, lo) head on top, as heads advance and runs end', () => {
    const heads: [number, number][][] = [
      [
        [0, 5],
        [1, 0],
      ],
      [
        [0, 2],
        [0, 9],
        [2, 1],
      ],
      [[0, 7]],
    ];
    const heap = new RunHeap(heads.length);
    const pos = heads.map(() => 0);
    heads.forEach((run, r) => heap.add(r, run[0]![0], run[0]![1]));
    heap.build();
    const order: string[] = [];
    while (heap.size > 0) {
      const r = heap.top;
      order.push(`${heap.headHi[r]}:${heap.headLo[r]}`);
      const next = heads[r]![++pos[r]!];
      if (next === undefined) heap.removeTop();
      else heap.advanceTop(next[0], next[1]);
    }
    expect(order).to.deep.equal(['0:2', '0:5', '0:7', '0:9', '1:0', '2:1']);
  });
});

describe('SummingBatcher', () => {
  it('adds the counts of equal consecutive k-mers and says when a batch is full', () => {
    const out = new SummingBatcher(2);
    const got: string[] = [];
    const take = (): void => {
      for (let i = 0; i < out.batch.n; i++) got.push(`${out.batch.hi[i]}:${out.batch.lo[i]}=${out.batch.count[i]}`);
      out.clear();
    };
    const input: [number, number, number][] = [
      [0, 1, 2],
      [0, 1, 3],
      [0, 4, 1],
      [1, 0, 1],
      [1, 0, 1],
      [2, 2, 7],
    ];
    for (const [h, l, c] of input) if (out.add(h, l, c)) take();
    if (out.finish()) take();
    expect(got).to.deep.equal(['0:1=5', '0:4=1', '1:0=2', '2:2=7']);
    expect(new SummingBatcher(4).finish(), 'nothing added: nothing to yield').to.equal(false);
  });
});
