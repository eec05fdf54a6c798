import { expect } from 'chai';
import { CountSpill } from '../../lib/spill/count-spill.js';
import { decodeKey, encodeKey } from '../../lib/spill/key-bytes.js';
import { rng } from '../helpers/rng.js';
import { expectEmptyAndRemove, freshTmpdir } from '../helpers/spill.js';

function inMemory(keys: unknown[]): [unknown, number][] {
  const m = new Map<unknown, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m];
}

describe('CountSpill', () => {
  let dir: string;
  beforeEach(() => {
    dir = freshTmpdir();
  });
  afterEach(() => expectEmptyAndRemove(dir));

  it('counts keys of every kind a Map holds by value, in order of first occurrence', () => {
    const r = rng(111);
    const kinds = [0, -0, Number.NaN, 1, '1', true, false, null, undefined, 10n, 'é\u{1F600}', 'a\uD800', ''];
    const keys = Array.from({ length: 30_000 }, () => (r() < 0.3 ? kinds[Math.floor(r() * kinds.length)] : `k${Math.floor(r() * 5000)}`));
    const counts = new CountSpill({ memory: 65_536, tmpdir: dir });
    keys.forEach((k, i) => counts.add(k, i));
    const result = counts.finish();
    expect(counts.stats.runsWritten).to.be.above(4);
    expect([...result]).to.deep.equal(inMemory(keys));
  });

  it('splits a partition that fills its table while it is read back (long keys)', () => {
    // 800 keys of 194 bytes in 64 KB: a table holds 135; each of the 4 partitions gets ~200
    // records, which look small enough on disk but do not fit the table.
    const keys = Array.from({ length: 800 }, (_, i) => `${'x'.repeat(190)}${i}`);
    const counts = new CountSpill({ memory: 65_536, tmpdir: dir });
    keys.forEach((k, i) => counts.add(k, i));
    expect([...counts.finish()]).to.deep.equal(inMemory(keys));
  });

  it('encodes keys so that equal Map keys have equal bytes and come back the same', () => {
    const buf = Buffer.alloc(64);
    const bytes = (k: unknown): string => buf.subarray(0, encodeKey(k, buf, 0)).toString('hex');
    expect(bytes(-0)).to.equal(bytes(0));
    expect(bytes(Number.NaN)).to.equal(bytes(-Number.NaN));
    expect(bytes(1)).to.not.equal(bytes('1'));
    for (const k of [1.5, 'x', 7n, null, undefined, true]) expect(decodeKey(buf, 0, encodeKey(k, buf, 0))).to.deep.equal(k);
    expect(() => encodeKey({}, buf, 0)).to.throw(TypeError, 'by identity');
  });
});
