import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { codes } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect, count } from '../../sinks/basic.js';
import { fasta } from '../../sources/fasta.js';
import { lines } from '../../sources/lines.js';
import { map } from '../../transforms/map.js';
import { take } from '../../transforms/take.js';
import type { SequenceRecord } from '../../sources/sequence-record.js';
import { chunked, fixture, fdsSettleTo, openFds, rejection } from '../fixtures/sources/helpers.js';

describe('sources in pipe() and pipeline()', () => {
  const expected = JSON.parse(readFileSync(fixture('sample.fa.json'), 'utf8')) as SequenceRecord[];

  it('give the same records through the fused (batched) path of pipe()', async () => {
    const got = await pipe(
      fasta(fixture('sample.multi.fa.gz'), { chunkSize: 512 }),
      map((r: SequenceRecord) => r.id),
      collect(),
    );
    expect(got).to.deep.equal(expected.map((r) => r.id));
  });

  it("drop into Node's own pipeline next to a foreign Transform", async () => {
    const upper = new Transform({ objectMode: true, transform: (line: string, _e, cb) => cb(null, line.toUpperCase()) });
    const got = await pipeline(lines(chunked('a\nb\n')), upper, async (src: AsyncIterable<string>) => {
      const out: string[] = [];
      for await (const x of src) out.push(x);
      return out;
    });
    expect(got).to.deep.equal(['A', 'B']);
  });

  it('stop reading and close the file when take() is satisfied', async () => {
    const fds = openFds();
    const src = lines(fixture('sample.fq'), { chunkSize: 64 });
    expect(await pipe(src, take(3), count())).to.equal(3);
    expect(await fdsSettleTo(fds)).to.be.at.most(fds);
    expect(src.destroyed).to.equal(true);
  });

  it('end with an AbortError and close the file when the pipe is aborted', async () => {
    const fds = openFds();
    const ac = new AbortController();
    let n = 0;
    const err = await rejection(
      pipe(
        lines(fixture('sample.fq'), { chunkSize: 64 }),
        map((l: string) => (++n === 5 && ac.abort(), l)),
        count(),
        { signal: ac.signal },
      ),
    );
    expect(err.name).to.equal('AbortError');
    expect(await fdsSettleTo(fds)).to.be.at.most(fds);
  });

  it('surface a record error through pipe() with input, line and stage', async () => {
    const err = await rejection(pipe(fasta(chunked('>a\nAC\n', 'oops\x00')), count()));
    expect(err.code).to.equal(codes.BAD_RECORD);
    expect(err.message).to.equal('stream byte 10: binary data (a NUL byte), not text (fasta(stream))');
  });
});
