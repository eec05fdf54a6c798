import { expect } from 'chai';
import { codes, describe as describeError, InputError, isLocated, RecordError, StageError, StreamtoolzError } from '../../lib/core/errors.js';

describe('errors', () => {
  it('StageError names the stage, its position and the item, on one line, with the cause', () => {
    const cause = new Error('bad\nvalue');
    const err = new StageError({ stage: 'kmers(k=6)', index: 1042 }, cause);
    expect(err.message).to.equal('kmers(k=6) failed at item 1042: bad value');
    expect(err.setPosition(3).message).to.equal('kmers(k=6) (stage 3) failed at item 1042: bad value');
    expect(err.setPosition(5).position, 'the first position set stays').to.equal(3);
    expect(err.cause).to.equal(cause);
    expect(err.code).to.equal(codes.STAGE);
    expect(err.name).to.equal('StageError');
    expect(err).to.be.instanceOf(StreamtoolzError);
  });

  it('RecordError names the input, the line or byte, and the stage', () => {
    expect(new RecordError({ input: 'r.fq', line: 8, stage: 'fastq' }, 'quality too short').message).to.equal('r.fq line 8: quality too short (fastq)');
    expect(new RecordError({ input: '-', offset: 512 }, 'not gzip').message).to.equal('- byte 512: not gzip');
    expect(new RecordError({ input: 'x' }, 'bad').code).to.equal(codes.BAD_RECORD);
  });

  it('InputError names the input', () => {
    const err = new InputError('missing.csv', 'no such file');
    expect(err.message).to.equal('missing.csv: no such file');
    expect(err.code).to.equal(codes.INPUT);
    expect(isLocated(err)).to.equal(true);
    expect(isLocated(new StreamtoolzError(codes.NO_RESULT, 'x'))).to.equal(false);
  });

  it('describes any thrown value on one line', () => {
    expect(describeError('a\n b')).to.equal('a b');
    expect(describeError({ x: 1 })).to.equal('{"x":1}');
    expect(describeError(undefined)).to.equal('undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeError(circular)).to.equal('[object Object]');
  });
});
