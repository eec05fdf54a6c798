import { expect } from 'chai';
import { MergeHeap } from '../../lib/spill/merge-heap.js';

describe('MergeHeap', () => {
  it('merges sorted lists, ties to the lower source', () => {
    const lists = [[1, 4, 4, 9], [2, 4, 8], [], [0, 4, 10]];
    const pos = lists.map(() => 0);
    const head = (i: number): number => lists[i]![pos[i]!] ?? Number.POSITIVE_INFINITY;
    const heap = new MergeHeap(lists.length, (i, j) => head(i) - head(j));
    const out: string[] = [];
    while (heap.size > 0) {
      const top = heap.top;
      if (pos[top]! >= lists[top]!.length) {
        heap.removeTop();
        continue;
      }
      out.push(`${head(top)}@${top}`);
      pos[top]!++;
      heap.fixTop();
    }
    expect(out).to.deep.equal(['0@3', '1@0', '2@1', '4@0', '4@0', '4@1', '4@3', '8@1', '9@0', '10@3']);
  });
});
