import { expect } from 'chai';
import { compileColumns, FLOAT, INT, NULLABLE, rowBuilder, STRING } from '../../lib/records/csv-columns.js';

describe('csv-columns', () => {
  it('compiles names and indexes with their types', () => {
    const byName = compileColumns({ status: 'int', path: 'string', ms: 'float?' });
    expect(byName.keys).to.deep.equal(['status', 'path', 'ms']);
    expect([...byName.types]).to.deep.equal([INT, STRING, FLOAT | NULLABLE]);
    expect(byName.indexes).to.equal(undefined);
    expect(compileColumns({ 3: 'float', 0: 'int' }).indexes).to.deep.equal([0, 3]);
  });

  it('builds records with one shape, numbers from the unboxed store, __proto__ as an own field', () => {
    const build = rowBuilder(['a', '__proto__', 'n'], Uint8Array.of(0, 0, FLOAT));
    const row = build(['x', { y: 1 }, undefined], Float64Array.of(0, 0, 2.5));
    expect(Object.getPrototypeOf(row)).to.equal(Object.prototype);
    expect(Object.keys(row)).to.deep.equal(['a', '__proto__', 'n']);
    expect(row.n).to.equal(2.5);
  });
});
