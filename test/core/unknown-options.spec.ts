/**
 * The contract every public factory with options is held to: a misspelt option throws at
 * once (a TypeError with code ERR_STREAMTOOLZ_UNKNOWN_OPTION naming it and the function),
 * and the options object is copied, never changed.
 */
import { expect } from 'chai';
import { codes } from '../../lib/core/errors.js';
import { pipe, pipeWith } from '../../lib/core/pipe.js';
import { IncrementalPCA } from '../../lib/pca/incremental-pca.js';
import * as sinks from '../../sinks/index.js';
import * as sources from '../../sources/index.js';
import * as transforms from '../../transforms/index.js';
import { rejection, thrown } from '../helpers/support.js';

type Call = (options: Record<string, unknown>) => unknown;

/** Each factory, called with an options object, and a misspelling of one of its options. */
const factories: [where: string, call: Call, typo: string, meant: string][] = [
  ['pipeWith()', (o) => pipeWith(o), 'stat', 'stats'],
  ['sources.lines()', (o) => sources.lines('x.txt', o), 'maxLineLenght', 'maxLineLength'],
  ['sources.csv()', (o) => sources.csv('x.csv', o), 'delimeter', 'delimiter'],
  ['sources.csv()', (o) => sources.csv('x.csv', o), 'numerc', 'numeric'],
  ['sources.json()', (o) => sources.json('x.json', o), 'nullAS', 'nullAs'],
  ['sources.fasta()', (o) => sources.fasta('x.fa', o), 'onErorr', 'onError'],
  ['sources.fastq()', (o) => sources.fastq('x.fq', o), 'chunksize', 'chunkSize'],
  ['sources.sequences()', (o) => sources.sequences('x.fa', o), 'highWatermark', 'highWaterMark'],
  ['sources.openBytes()', (o) => sources.openBytes('x', o), 'newlineBetwen', 'newlineBetween'],
  ['sources.from()', (o) => sources.from([1], o), 'batchsize', 'batchSize'],
  ['sources.peek()', (o) => sources.peek([1], o), 'sinal', 'signal'],
  ['sources.concatSources()', (o) => sources.concatSources([1], o), 'sigal', 'signal'],
  ['sources.interleave()', (o) => sources.interleave([1], o), 'highwatermark', 'highWaterMark'],
  ['sources.zip()', (o) => sources.zip([1], o), 'signl', 'signal'],
  ['sources.mergeSorted()', (o) => sources.mergeSorted([1], o), 'keys', 'key'],
  ['transforms.batch()', (o) => transforms.batch(2, o), 'remainer', 'remainder'],
  ['transforms.map()', (o) => transforms.map((x: number) => x, o), 'concurency', 'concurrency'],
  ['transforms.filter()', (o) => transforms.filter((x: number) => x > 0, o), 'orderd', 'ordered'],
  ['transforms.flatMap()', (o) => transforms.flatMap((x: number) => [x], o), 'rety', 'retry'],
  ['transforms.tap()', (o) => transforms.tap((x: number) => x, o), 'onerror', 'onError'],
  ['transforms.kmers()', (o) => transforms.kmers(3, o), 'canonic', 'canonical'],
  ['transforms.pluck()', (o) => transforms.pluck<{ a: number }, 'a'>('a', o), 'defualt', 'default'],
  ['transforms.randomSample()', (o) => transforms.randomSample(0.5, o), 'sed', 'seed'],
  ['transforms.parallelMap()', (o) => transforms.parallelMap('w.js', o), 'thread', 'threads'],
  ['transforms.project()', (o) => transforms.project(new IncrementalPCA({ nComponents: 1 }), o), 'highWaterMak', 'highWaterMark'],
  ['sinks.first()', (o) => sinks.first(o), 'defaults', 'default'],
  ['sinks.last()', (o) => sinks.last(o), 'defaults', 'default'],
  ['sinks.all()', (o) => sinks.all({ n: sinks.count() }, o), 'sigal', 'signal'],
  ['sinks.countKmers()', (o) => sinks.countKmers(3, o), 'perline', 'perLine'],
  ['sinks.deBruijn()', (o) => sinks.deBruijn(3, o), 'mincount', 'minCount'],
  ['sinks.fitPCA()', (o) => sinks.fitPCA({ nComponents: 1, ...o }), 'whitten', 'whiten'],
  ['sinks.histogram()', (o) => sinks.histogram(o), 'bin', 'bins'],
  ['sinks.binFrequencies()', (o) => sinks.binFrequencies(new Map(), o), 'ranges', 'range'],
  ['sinks.sample()', (o) => sinks.sample(3, o), 'seeds', 'seed'],
  ['sinks.reduce()', (o) => sinks.reduce((a: number, x: number) => a + x, 0, o), 'onErorr', 'onError'],
  [
    'sinks.reduceBy()',
    (o) =>
      sinks.reduceBy(
        (x: number) => x,
        (a: number, x: number) => a + x,
        0,
        o,
      ),
    'retri',
    'retry',
  ],
  ['sinks.countBy()', (o) => sinks.countBy((x: number) => x, o), 'onErrors', 'onError'],
  ['sinks.groupBy()', (o) => sinks.groupBy((x: number) => x, o), 'onErrors', 'onError'],
  ['sinks.topk()', (o) => sinks.topk(2, (x: number) => x, o), 'retr', 'retry'],
  ['sinks.frequencies()', (o) => sinks.frequencies((x: number) => x, o), 'onErrors', 'onError'],
  ['sinks.writeCsv()', (o) => sinks.writeCsv('-', o), 'headers', 'header'],
  ['sinks.writeTsv()', (o) => sinks.writeTsv('-', o), 'headr', 'header'],
];

describe('unknown options', () => {
  for (const [where, call, typo, meant] of factories) {
    it(`${where} throws at once for "${typo}", suggesting "${meant}"`, () => {
      const err = thrown(() => call({ [typo]: 1 }));
      expect(err).to.be.instanceOf(TypeError);
      expect(err.code).to.equal(codes.UNKNOWN_OPTION);
      expect(err.message).to.match(new RegExp(`^Unknown option "${typo}" for ${where.replace(/[.()]/g, '\\$&')}; did you mean "${meant}"\\? Known options: `));
      expect(err.message).to.include(`"${meant}"`);
    });
  }

  it('pipe() rejects a misspelt option, with the known ones', async () => {
    const err = (await rejection(pipe([1, 2], sinks.collect(), { stat: true } as never))) as Error & { code?: string };
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal(codes.UNKNOWN_OPTION);
    expect(err.message).to.equal('Unknown option "stat" for pipe(); did you mean "stats"? Known options: "signal", "stats", "sample".');
  });

  it('sources.csv() lists its own options and refers to csv-parse for the rest', () => {
    const err = thrown(() => sources.csv('x.csv', { delimeter: ';' } as never));
    expect(err.message).to.include('"onError"').and.include('"numeric"').and.include("or one of csv-parse's options.");
    expect(err.message).to.not.include('relax_quotes');
  });

  it("accepts csv-parse's options in both spellings", () => {
    for (const options of [{ relax_quotes: true }, { relaxQuotes: true }, { skip_empty_lines: true, columns: true }]) {
      sources.csv('x.csv', options).destroy();
    }
  });

  it('accepts every option a factory knows, and leaves a frozen options object alone', async () => {
    const options = Object.freeze({ highWaterMark: 4, chunkSize: 1024, onError: 'skip' as const });
    sources.json('x.json', options).destroy();
    expect(options).to.deep.equal({ highWaterMark: 4, chunkSize: 1024, onError: 'skip' });
    const pipeOptions = Object.freeze({ stats: false });
    expect(await pipe([1, 2], sinks.count(), pipeOptions)).to.equal(2);
  });
});
