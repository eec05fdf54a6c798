import { expect } from 'chai';
import { tmpdir } from 'node:os';
import { parseMemory, spillConfig } from '../../lib/spill/memory-option.js';
import { thrown } from '../helpers/support.js';

describe('parseMemory', () => {
  it('takes bytes, or sizes in powers of 1024 as sort -S does', () => {
    expect(parseMemory(65_536)).to.equal(65_536);
    expect(parseMemory('64KB')).to.equal(65_536);
    expect(parseMemory('32M')).to.equal(32 * 2 ** 20);
    expect(parseMemory('1.5 GiB')).to.equal(1.5 * 2 ** 30);
    expect(parseMemory('20000')).to.equal(20_000);
  });

  it('refuses too little, nonsense and other types, with codes', () => {
    expect(thrown(() => parseMemory(1000)).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => parseMemory('1KB')).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => parseMemory(Number.NaN)).code).to.equal('ERR_OUT_OF_RANGE');
    expect(thrown(() => parseMemory('lots')).code).to.equal('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => parseMemory(true)).code).to.equal('ERR_INVALID_ARG_TYPE');
  });

  it('gives no config without a budget, and os.tmpdir() by default', () => {
    expect(spillConfig({})).to.equal(undefined);
    expect(spillConfig({ memory: '1MB' })).to.deep.equal({ memory: 2 ** 20, tmpdir: tmpdir() });
    expect(spillConfig({ memory: '1MB', tmpdir: '/x' })).to.deep.equal({ memory: 2 ** 20, tmpdir: '/x' });
  });
});
