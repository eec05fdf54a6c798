import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import { kmerHistogram, kmerSummary } from '../../examples/kmer-histogram.js';
import { dataPath } from '../../examples/paths.js';

// Written by examples/data/make-data.py with plain Python and numpy.histogram.
const ref = JSON.parse(readFileSync(dataPath('kmers-reference.json'), 'utf8')) as {
  k: number;
  records: number;
  total: number;
  distinct: number;
  hist_counts: number[];
  hist_edges: number[];
  top: [string, number][];
};

describe('examples/kmer-histogram', () => {
  it("counts kmers.fa's 6-mers as the Python reference does, and bins them as numpy.histogram(bins=25)", async () => {
    const r = await kmerHistogram();
    expect(r.k).to.equal(ref.k);
    expect(r.total).to.equal(ref.total);
    expect(r.distinct).to.equal(ref.distinct);
    expect(r.top).to.deep.equal(ref.top);
    expect(r.histogram.counts).to.deep.equal(ref.hist_counts);
    r.histogram.edges.forEach((e, i) => expect(e).to.be.closeTo(ref.hist_edges[i]!, 1e-9));
    expect(r.stats.records).to.equal(ref.records);
    expect(r.stats.bytes).to.equal(statSync(dataPath('kmers.fa')).size);
  });

  it('draws one bar per bin, with a title and both axis labels', async () => {
    const r = await kmerHistogram();
    expect(r.svg.match(/<rect [^>]*><title>/g)).to.have.length(25);
    expect(r.svg).to.include('How often each 6-mer occurs').and.include('times a 6-mer occurs in the file').and.include('number of distinct 6-mers');
    expect(kmerSummary(r)).to.include('169,234 6-mers, 4,096 distinct');
  });
});
