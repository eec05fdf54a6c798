import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { createProgress, formatBytes } from '../../cli/progress.js';

describe('createProgress', () => {
  const capture = (): { stderr: PassThrough; text: () => string } => {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (b: Buffer) => (text += b));
    return { stderr, text: () => text };
  };

  it('draws bytes of the total, percent, rate and ETA, at most every 100 ms', () => {
    const c = capture();
    let t = 0;
    const bar = createProgress(c, 'kmers', true, () => t);
    t = 150;
    bar.update(1_000_000, 4_000_000);
    t = 160;
    bar.update(2_000_000, 4_000_000); // within 100 ms: not drawn
    t = 1000;
    bar.update(2_000_000, 4_000_000);
    bar.done();
    const frames = c.text().split('\r').filter(Boolean);
    expect(frames).to.have.length(3);
    expect(frames[0]).to.include('kmers [######..................]  25% 1.0 MB/4.0 MB');
    expect(frames[1]).to.include(' 50% 2.0 MB/4.0 MB 2.0 MB/s ETA 1s');
    expect(c.text().endsWith('\n')).to.equal(true);
  });

  it('shows bytes and rate when the total is unknown', () => {
    const c = capture();
    let t = 0;
    const bar = createProgress(c, 'pca', true, () => t);
    t = 2000;
    bar.update(3_000_000);
    expect(c.text()).to.include('pca 3.0 MB 1.5 MB/s');
  });

  it('draws nothing when disabled', () => {
    const c = capture();
    const bar = createProgress(c, 'x', false);
    bar.update(1, 2);
    bar.done();
    expect(c.text()).to.equal('');
  });

  it('formats bytes', () => {
    expect(formatBytes(999)).to.equal('999 B');
    expect(formatBytes(12_345_678)).to.equal('12.3 MB');
  });
});
