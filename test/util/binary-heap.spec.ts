import { expect } from 'chai';
import { BinaryHeap } from '../../lib/util/binary-heap.js';

describe('BinaryHeap', () => {
  it('pops in order, whatever the push order (heap sort equals Array.sort)', () => {
    let s = 3;
    const xs = Array.from({ length: 1000 }, () => (s = (s * 48271) % 2147483647) % 500);
    const heap = new BinaryHeap<number>((a, b) => a < b);
    for (const x of xs) heap.push(x);
    expect(heap.size).to.equal(1000);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop()!);
    expect(out).to.deep.equal(xs.slice().sort((a, b) => a - b));
    expect(heap.pop()).to.equal(undefined);
    expect(heap.peek()).to.equal(undefined);
  });

  it('replaceTop keeps the k largest of a stream in a heap of k', () => {
    const heap = new BinaryHeap<number>((a, b) => a < b);
    for (const x of [5, 1, 9, 3, 7, 8, 2]) {
      if (heap.size < 3) heap.push(x);
      else if (x > heap.peek()!) heap.replaceTop(x);
    }
    expect(heap.toArray().sort()).to.deep.equal([7, 8, 9]);
    const empty = new BinaryHeap<number>((a, b) => a < b);
    empty.replaceTop(4);
    expect(empty.peek()).to.equal(4);
  });
});
