import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRange } from '../../lib/parallel/read-range.js';

describe('readRange', () => {
  let dir: string;
  let path: string;
  const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => 'ACGT\n'[i % 5]!).join(''));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-read-range-'));
    path = join(dir, 'x.txt');
    writeFileSync(path, bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the bytes of the range in chunks, two buffers taking turns', async () => {
    for (const [start, end, size] of [
      [0, 10_000, 4096],
      [123, 9_999, 1000],
      [5, 6, 1000],
      [0, 10_000, 1 << 20],
    ] as const) {
      const got: Buffer[] = [];
      const seen = new Set<ArrayBufferLike>();
      for await (const chunk of readRange({ path, start, end, index: 0 }, size)) {
        got.push(Buffer.from(chunk)); // a copy: the chunk is valid until the next one
        seen.add(chunk.buffer);
        expect(chunk.length).to.be.at.most(size);
      }
      expect(Buffer.concat(got).equals(bytes.subarray(start, end)), `${start}-${end}`).to.equal(true);
      expect(seen.size).to.be.at.most(2);
    }
  });

  it('gives nothing for an empty range, and names a missing file', async () => {
    for await (const _ of readRange({ path, start: 7, end: 7, index: 0 })) expect.fail('no chunk expected');
    const err = await (async () => {
      for await (const _ of readRange({ path: join(dir, 'none'), start: 0, end: 9, index: 0 }));
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as NodeJS.ErrnoException).code).to.equal('ENOENT');
  });

  it('closes the file when the consumer stops early', async () => {
    for await (const _ of readRange({ path, start: 0, end: 10_000, index: 0 }, 100)) break;
    // Reading again works (no leaked handle error); the handle count is not observable portably.
    let n = 0;
    for await (const c of readRange({ path, start: 0, end: 200, index: 0 }, 100)) n += c.length;
    expect(n).to.equal(200);
  });
});
