import { expect } from 'chai';
import { PointSample, scatterSvg } from '../../lib/plot/scatter-svg.js';

describe('scatterSvg', () => {
  it('draws one circle per point inside the axes, with title, labels and round ticks', () => {
    const svg = scatterSvg({ x: [-3, 0, 4.5], y: [1, -2, 7] }, { title: 'PCA <of> x.csv', xLabel: 'PC1', yLabel: 'PC2' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.match(/<circle /g)).to.have.length(3);
    expect(svg).to.include('PCA &#60;of&#62; x.csv');
    expect(svg).to.include('>PC1</text>').and.include('>PC2</text>');
    for (const tick of ['-4', '0', '4', '-2', '8']) expect(svg).to.include(`>${tick}</text>`);
    // Every point lies in the plotting area (left 70, right 620, top 56, bottom 425).
    for (const m of svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)) {
      expect(Number(m[1])).to.be.within(70, 620);
      expect(Number(m[2])).to.be.within(56, 425);
    }
  });

  it('colours points by label and draws a legend', () => {
    const svg = scatterSvg({ x: [1, 2, 3, 4], y: [1, 2, 3, 4], labels: ['b', 'a', 'b', 'c'] });
    const fills = [...svg.matchAll(/<g class="points"[\s\S]*?<\/g>/g)][0]![0].match(/fill="#[0-9a-f]+"/g)!;
    expect(new Set(fills).size).to.equal(3);
    expect(fills[0]).to.equal(fills[2]);
    expect(svg).to.include('class="legend"');
    for (const g of ['a', 'b', 'c']) expect(svg).to.include(`>${g}</text>`);
  });

  it('draws a flat or empty input without NaN', () => {
    expect(scatterSvg({ x: [2, 2], y: [5, 5] })).to.not.include('NaN');
    expect(scatterSvg({ x: [], y: [] })).to.not.include('NaN');
  });
});

describe('PointSample', () => {
  it('keeps at most its limit, uniformly, and counts all points', () => {
    const sample = new PointSample(1000);
    for (let i = 0; i < 100_000; i++) sample.add(i, -i, i % 2 ? 'odd' : 'even');
    expect(sample.seen).to.equal(100_000);
    expect(sample.size).to.equal(1000);
    const { x, labels } = sample.data();
    const mean = Array.from(x).reduce((a, b) => a + b, 0) / x.length;
    expect(mean).to.be.within(45_000, 55_000);
    expect(labels).to.have.length(1000);
  });

  it('keeps everything below the limit, in order', () => {
    const sample = new PointSample(10);
    [1, 2, 3].forEach((v) => sample.add(v, v * 10));
    expect(sample.data()).to.deep.equal({ x: [1, 2, 3], y: [10, 20, 30], labels: undefined });
  });
});
