import { expect } from 'chai';
import { codes } from '../../lib/core/errors.js';
import { PIPE_OPTIONS } from '../../lib/core/pipe-options.js';
import { checkOptionNames } from '../../lib/core/validate.js';
import { thrown } from '../helpers/support.js';

describe('checkOptionNames', () => {
  it('names the unknown option, the function, the closest known name and the known ones', () => {
    const err = thrown(() => checkOptionNames({ stat: true }, PIPE_OPTIONS, 'pipe()'));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal(codes.UNKNOWN_OPTION);
    expect(err.message).to.equal('Unknown option "stat" for pipe(); did you mean "stats"? Known options: "signal", "stats", "sample".');
    expect(err).to.include({ option: 'stat' });
    expect((err as unknown as { known: string[] }).known).to.deep.equal(['signal', 'stats', 'sample']);
  });

  it('offers no guess when nothing is close', () => {
    const err = thrown(() => checkOptionNames({ colour: 'red' }, PIPE_OPTIONS, 'pipe()'));
    expect(err.message).to.equal('Unknown option "colour" for pipe(). Known options: "signal", "stats", "sample".');
  });

  it('guesses across case, underscores and a few letters in long names', () => {
    const known = { highWaterMark: true, relax_quotes: true, maxLineLength: true } as const;
    expect(thrown(() => checkOptionNames({ highwatermark: 1 }, known, 'f()')).message).to.include('did you mean "highWaterMark"?');
    expect(thrown(() => checkOptionNames({ relaxQuote: true }, known, 'f()')).message).to.include('did you mean "relax_quotes"?');
    expect(thrown(() => checkOptionNames({ maxLinLenght: 9 }, known, 'f()')).message).to.include('did you mean "maxLineLength"?');
  });

  it('guesses from the more names too, and lists them under their label', () => {
    const err = thrown(() =>
      checkOptionNames({ delimeter: ';' }, { numeric: true }, 'sources.csv()', { names: { delimiter: true }, label: "one of csv-parse's options" }),
    );
    expect(err.message).to.equal(
      'Unknown option "delimeter" for sources.csv(); did you mean "delimiter"? Known options: "numeric", or one of csv-parse\'s options.',
    );
  });

  it('rejects a misspelt key even when its value is undefined', () => {
    expect(() => checkOptionNames({ signal: undefined, stat: undefined }, PIPE_OPTIONS, 'pipe()')).to.throw(TypeError, /"stat"/);
  });

  it('passes known names, undefined and non-objects through unchanged (other checks judge those)', () => {
    const options = { signal: undefined, stats: true };
    expect(checkOptionNames(options, PIPE_OPTIONS, 'pipe()')).to.equal(options);
    expect(checkOptionNames(undefined, PIPE_OPTIONS, 'pipe()')).to.equal(undefined);
    expect(checkOptionNames(3, PIPE_OPTIONS, 'pipe()')).to.equal(3);
    expect(checkOptionNames([1], PIPE_OPTIONS, 'pipe()')).to.deep.equal([1]);
  });

  it('ignores symbol keys and inherited ones', () => {
    const options = Object.assign(Object.create({ inherited: true }), { [Symbol('x')]: 1, stats: true });
    expect(() => checkOptionNames(options, PIPE_OPTIONS, 'pipe()')).to.not.throw();
  });
});
