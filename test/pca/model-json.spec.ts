import { expect } from 'chai';
import { IncrementalPCA } from '../../lib/pca/incremental-pca.js';
import { modelFromJSON } from '../../lib/pca/model-json.js';
import { cases, readRows } from '../helpers/pca.js';

describe('modelFromJSON', () => {
  const c = cases.find((x) => x.name === 'whiten')!;
  const rows = readRows(c.file);
  const model = new IncrementalPCA({ nComponents: c.nComponents, batchSize: c.batchSize!, whiten: true }).fit(rows);

  it('round-trips every attribute exactly through JSON', () => {
    const loaded = modelFromJSON(JSON.stringify(model));
    expect(loaded.toJSON()).to.deep.equal(model.toJSON());
    expect(loaded.whiten).to.equal(true);
    expect(loaded.transform(rows.slice(0, 5))).to.deep.equal(model.transform(rows.slice(0, 5)));
  });

  it('gives a model that goes on fitting like the original', () => {
    const loaded = modelFromJSON(JSON.parse(JSON.stringify(model)) as unknown);
    const more = rows.slice(0, 30);
    expect(loaded.partialFit(more).toJSON()).to.deep.equal(model.partialFit(more).toJSON());
  });

  it('rejects what is not a model, saying what is wrong', () => {
    const good = model.toJSON();
    const bad: [unknown, RegExp][] = [
      ['{', /invalid JSON/],
      [null, /expected an object/],
      [{ ...good, format: 'x' }, /"format"/],
      [{ ...good, version: 2 }, /unsupported "version" 2/],
      [{ ...good, nComponents: 0 }, /"nComponents" must be an integer >= 1/],
      [{ ...good, components: [good.components[0]] }, /"components" must have 2 rows/],
      [{ ...good, mean: [1, 2] }, /"mean" must be an array of 4 numbers/],
      [{ ...good, var: [1, 2, 'x', 4] }, /"var" must hold finite numbers/],
      [{ ...good, noiseVariance: null }, /"noiseVariance"/],
    ];
    for (const [value, message] of bad) {
      expect(() => modelFromJSON(typeof value === 'string' ? value : JSON.stringify(value)))
        .to.throw(message)
        .with.property('code', 'ERR_INVALID_ARG_VALUE');
    }
  });
});
