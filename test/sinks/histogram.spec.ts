import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StageError } from '../../lib/core/errors.js';
import { histogramSvg, niceTicks } from '../../lib/plot/histogram-svg.js';
import { binFrequencies, histogram } from '../../sinks/histogram.js';

interface Case {
  values: number[];
  bins: number;
  range: [number, number] | null;
  counts: number[];
  edges: number[];
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/kmers/histograms.json', import.meta.url), 'utf8')) as Case[];

describe('histogram', () => {
  for (const c of cases) {
    it(`equals numpy.histogram (${c.values.length} values, ${c.bins} bins${c.range ? `, range ${c.range}` : ''})`, async () => {
      const hist = await pipeline(Readable.from(c.values), histogram({ bins: c.bins, range: c.range ?? undefined }));
      expect(hist.counts).to.deep.equal(c.counts);
      expect(hist.edges.length).to.equal(c.edges.length);
      hist.edges.forEach((e, i) => expect(e).to.be.closeTo(c.edges[i]!, 1e-12));
    });
  }

  it('bins weighted values (count → number of k-mers) like the values themselves', () => {
    const h = binFrequencies(
      new Map([
        [1, 90],
        [2, 8],
        [10, 2],
      ]),
      { bins: 3 },
    );
    expect(h).to.deep.equal({ edges: [1, 4, 7, 10], counts: [98, 0, 2], total: 100 });
  });

  it('gives numpy’s [0, 1] bins for no values', async () => {
    const h = await pipeline(Readable.from([]), histogram({ bins: 2 }));
    expect(h).to.deep.equal({ edges: [0, 0.5, 1], counts: [0, 0], total: 0 });
  });

  it('names the stage and item of a value that is not a number', async () => {
    const err = await pipeline(Readable.from([1, 2, 'x']), histogram()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StageError);
    expect((err as Error).message).to.equal('histogram failed at item 2: expected a number, got string');
  });

  it('rejects bad options at once without mutating them', () => {
    expect(() => histogram({ bins: 0 })).to.throw(RangeError, 'The "bins" option must be a positive integer. Received 0');
    expect(() => histogram({ range: [3, 1] })).to.throw(RangeError, /"range\[1\]"/);
    const options = Object.freeze({ bins: 5 });
    expect(() => histogram(options)).to.not.throw();
  });
});

describe('histogramSvg', () => {
  it('draws one bar per bin with axes, ticks, labels and a title', () => {
    const svg = histogramSvg({ edges: [0, 10, 20, 30], counts: [5, 0, 12] }, { title: 'k-mer <counts>', xLabel: 'count', yLabel: 'k-mers' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith('</svg>')).to.equal(true);
    expect(svg.match(/<rect x=/g)).to.have.length(3);
    expect(svg).to.include('k-mer &#60;counts&#62;');
    expect(svg).to.include('>count</text>');
    expect(svg).to.include('rotate(-90)" text-anchor="middle">k-mers</text>');
    expect(svg).to.include('<title>[20, 30): 12</title>');
    // The tallest bar reaches the top of the y axis scale: 12 with ticks 0..12.
    expect(svg).to.include('>12</text>');
  });

  it('chooses round ticks', () => {
    expect(niceTicks(0, 12)).to.deep.equal([0, 2, 4, 6, 8, 10, 12]);
    expect(niceTicks(1, 98)).to.deep.equal([20, 40, 60, 80]);
    expect(niceTicks(0, 0.3)).to.deep.equal([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  });
});
