import { expect } from 'chai';
import { runInNewContext } from 'node:vm';
import { collectGarbage, MIN_GARBAGE_BYTES } from '../../cli/collect-garbage.js';

const MB = 1 << 20;

/** Allocates and touches `bytes` of typed array that nothing keeps (this frame is gone on return). */
function makeGarbage(bytes: number): void {
  new Uint8Array(bytes).fill(1);
}

describe('collectGarbage', () => {
  it('frees a dead typed array before it returns', () => {
    makeGarbage(16 * MB);
    const before = process.memoryUsage().arrayBuffers;
    expect(collectGarbage(16 * MB)).to.equal(true);
    expect(before - process.memoryUsage().arrayBuffers).to.be.at.least(16 * MB);
  });

  it('leaves less garbage than MIN_GARBAGE_BYTES to V8', () => {
    expect(collectGarbage(MIN_GARBAGE_BYTES - 1)).to.equal(false);
    expect(collectGarbage(0)).to.equal(false);
    expect(collectGarbage(Number.NaN)).to.equal(false);
  });

  it('exposes gc neither in the main context nor in contexts made afterwards', () => {
    makeGarbage(2 * MB);
    expect(collectGarbage(2 * MB)).to.equal(true);
    expect((globalThis as { gc?: unknown }).gc).to.equal(undefined);
    expect(runInNewContext('typeof gc')).to.equal('undefined');
  });
});
