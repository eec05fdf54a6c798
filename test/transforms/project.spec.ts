import { expect } from 'chai';
import { IncrementalPCA } from '../../lib/pca/incremental-pca.js';
import type { Matrix } from '../../lib/pca/matrix.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { project } from '../../transforms/project.js';
import { csv } from '../../sources/csv.js';
import type { NumericMatrix } from '../../sources/numeric-csv-parser.js';
import { cases, expectClose, fixtureDir, readRows } from '../helpers/pca.js';
import { expectStageError, rejection, stageContract, thrown } from '../helpers/support.js';

function fitted(name: string): { model: IncrementalPCA; rows: number[][]; expected: number[][] } {
  const c = cases.find((x) => x.name === name)!;
  const rows = readRows(c.file);
  const model = new IncrementalPCA({ nComponents: c.nComponents, batchSize: c.batchSize ?? undefined, whiten: c.whiten }).fit(rows);
  return { model, rows: rows.slice(0, c.transform.length), expected: c.transform };
}

describe('project', () => {
  for (const name of ['exact-batches', 'whiten', 'many-features']) {
    it(`equals scikit-learn's transform on ${name}`, async () => {
      const { model, rows, expected } = fitted(name);
      const out = await pipe(rows, project(model), collect());
      expect(out).to.have.length(expected.length);
      out.forEach((p, i) => {
        expect(p).to.be.instanceOf(Float64Array);
        expectClose(p, expected[i]!, `row ${i}`);
      });
    });
  }

  it('projects a block of rows into a block of coordinates', async () => {
    const { model, rows, expected } = fitted('whiten');
    const block: Matrix = { data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]!.length };
    const [out] = await pipe([block], project<Matrix>(model), collect());
    expect(out!.rows).to.equal(rows.length);
    expect(out!.cols).to.equal(2);
    expectClose(out!.data, expected.flat(), 'block');
  });

  it("projects sources.csv's numeric matrices", async () => {
    const { model, expected } = fitted('whiten');
    const blocks = await pipe(csv(`${fixtureDir}with-header.csv`, { numeric: 'matrix', chunkSize: 700 }), project<NumericMatrix>(model), collect());
    expect(blocks.length).to.be.greaterThan(1);
    expectClose(blocks.flatMap((b) => Array.from(b.data)).slice(0, expected.length * 2), expected.flat(), 'blocks');
  });

  describe('stage contract', () => {
    const { model, rows } = fitted('exact-batches');
    stageContract(() => project(model), rows, model.transform(rows));
  });

  it('names the stage and the row for a bad row', async () => {
    const { model } = fitted('exact-batches');
    let err = await rejection(
      pipe(
        [
          [1, 2, 3, 4, 5],
          [1, 2, 3],
        ],
        project(model),
        collect(),
      ),
    );
    expectStageError(err, 'project(nComponents=2)', 1, 'row has 3 values, expected 5');
    err = await rejection(pipe([[1, 2, 3, 4, NaN]], project(model), collect()));
    expectStageError(err, 'project(nComponents=2)', 0, 'row column 5 is NaN, not a finite number');
  });

  it('refuses a model that is not a fitted IncrementalPCA, at once', () => {
    expect(thrown(() => project({} as IncrementalPCA)).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => project(new IncrementalPCA({ nComponents: 1 }))).message).to.match(/must be a fitted IncrementalPCA/);
  });
});
