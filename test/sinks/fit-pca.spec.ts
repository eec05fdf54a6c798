import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StageError } from '../../lib/core/errors.js';
import type { Matrix } from '../../lib/pca/matrix.js';
import { pipe } from '../../lib/core/pipe.js';
import { fitPCA } from '../../sinks/fit-pca.js';
import { csv } from '../../sources/csv.js';
import { map } from '../../transforms/map.js';
import { cases, expectMatchesSklearn, fixtureDir, readRows, type PcaCase } from '../helpers/pca.js';
import { expectStageError, rejection, thrown } from '../helpers/support.js';

const expectMatches = expectMatchesSklearn;

/** Rows cut into blocks of `size` (the last one shorter), as a numeric CSV source sends them. */
function blocks(rows: number[][], size: number): Matrix[] {
  const out: Matrix[] = [];
  const cols = rows[0]!.length;
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    out.push({ data: Float64Array.from(part.flat()), rows: part.length, cols });
  }
  return out;
}

const options = (c: PcaCase) => ({ nComponents: c.nComponents, batchSize: c.batchSize ?? undefined, whiten: c.whiten });

describe('fitPCA', () => {
  for (const c of cases) {
    it(`equals scikit-learn's fit on ${c.name}, fed row by row through pipe()`, async () => {
      expectMatches(await pipe(readRows(c.file), fitPCA(options(c))), c);
    });
  }

  it("gives the same model from Float64Array rows in Node's own pipeline", async () => {
    const c = cases.find((x) => x.name === 'remainder-lt-k')!;
    const rows = readRows(c.file).map((r) => Float64Array.from(r));
    expectMatches(await pipeline(Readable.from(rows), fitPCA(options(c))), c);
  });

  it('gives the same model from blocks of rows that straddle the batches', async () => {
    for (const c of cases.filter((x) => ['remainder-lt-k', 'default-batch', 'many-features'].includes(x.name))) {
      for (const size of [1, 7, 64]) expectMatches(await pipe(blocks(readRows(c.file), size), fitPCA(options(c))), c);
    }
  });

  it("fits sources.csv's numeric rows and matrices, header skipped", async () => {
    const c = cases.find((x) => x.name === 'whiten')!;
    const file = `${fixtureDir}with-header.csv`;
    expectMatches(await pipe(csv(file, { numeric: true }), fitPCA(options(c))), c);
    expectMatches(await pipe(csv(file, { numeric: 'matrix', chunkSize: 512 }), fitPCA(options(c))), c);
  });

  it('runs after a fused map stage', async () => {
    const c = cases.find((x) => x.name === 'whiten')!;
    const lines = readRows(c.file).map((r) => r.join(','));
    expectMatches(
      await pipe(
        lines,
        map((line: string) => line.split(',').map(Number)),
        fitPCA(options(c)),
      ),
      c,
    );
  });

  it('checks options at once and does not modify them', () => {
    const opts = Object.freeze({ nComponents: 2, batchSize: 10, whiten: true });
    fitPCA(opts);
    expect(opts).to.deep.equal({ nComponents: 2, batchSize: 10, whiten: true });
    expect(thrown(() => fitPCA({ nComponents: 0 })).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => fitPCA({ nComponents: 2.5 })).message).to.match(/"nComponents" option must be a positive integer. Received 2.5/);
    expect(thrown(() => fitPCA({ nComponents: 3, batchSize: 2 })).message).to.match(/"batchSize" option must be an integer >= 3. Received 2/);
    expect(thrown(() => fitPCA({ nComponents: 2, whiten: 1 as unknown as boolean })).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => fitPCA(undefined as unknown as { nComponents: number })).code).to.equal('ERR_INVALID_ARG_TYPE');
  });

  it('names the stage and the row for a row of the wrong width', async () => {
    const err = await rejection(
      pipe(
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8],
        ],
        fitPCA({ nComponents: 2 }),
      ),
    );
    expectStageError(err, 'fitPCA(nComponents=2)', 2, 'row has 2 values, expected 3');
  });

  it('names the stage and the row for NaN, Infinity and non-numbers', async () => {
    const bad: [unknown, string][] = [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      ['7', "'7'"],
    ];
    for (const [value, shown] of bad) {
      const err = await rejection(
        pipe(
          [
            [1, 2],
            [3, 4],
            [5, value],
          ] as number[][],
          fitPCA({ nComponents: 1, batchSize: 2 }),
        ),
      );
      expectStageError(err, 'fitPCA(nComponents=1, batchSize=2)', 2, `row column 2 is ${shown}, not a finite number`);
    }
    const err = await rejection(
      pipe(
        blocks(
          [
            [1, 2],
            [3, NaN],
          ],
          5,
        ),
        fitPCA({ nComponents: 1 }),
      ),
    );
    expectStageError(err, 'fitPCA(nComponents=1)', 0);
    expect(err.message).to.include('row 1 of the block: column 2 is NaN');
  });

  it('fails with NO_RESULT on fewer rows than components, or no rows', async () => {
    for (const rows of [
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [],
    ]) {
      const err = await rejection(pipe(rows, fitPCA({ nComponents: 3 })));
      expect(err).to.be.instanceOf(StageError);
      expect((err as StageError).code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
      expect((err as Error).message).to.match(/^fitPCA\(nComponents=3\) \(stage 2\) failed: \d rows? is fewer than nComponents=3/);
    }
  });

  it('fails with NO_RESULT when rows have fewer features than components', async () => {
    const err = (await rejection(
      pipe(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        fitPCA({ nComponents: 3 }),
      ),
    )) as StageError;
    expect(err).to.be.instanceOf(StageError);
    expect(err.code).to.equal('ERR_STREAMTOOLZ_NO_RESULT');
    expect(err.message).to.equal('fitPCA(nComponents=3) (stage 2) failed at item 0: nComponents=3 is more than the 2 features of the rows');
  });

  it('is torn down by an abort', async () => {
    const controller = new AbortController();
    let n = 0;
    const endless = new Readable({
      objectMode: true,
      read() {
        this.push([n, n * 2 + (n % 3), n % 5]);
        if (++n === 500) controller.abort();
      },
    });
    const err = await rejection(pipeline(endless, fitPCA({ nComponents: 2 }), { signal: controller.signal }));
    expect((err as Error).name).to.equal('AbortError');
    expect(endless.destroyed).to.equal(true);
  });
});
