import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { codes } from '../lib/errors.js';
import { InputReader, type InputEvent, type Progress } from '../lib/io/input-reader.js';
import { chunked, fixture, fdsSettleTo, openFds, rejection } from './fixtures/sources/helpers.js';

describe('InputReader', () => {
  it('gives open, data and end events per input, in order, gunzipped', async () => {
    const seen: string[] = [];
    const data: Record<string, Buffer[]> = {};
    const reader = new InputReader([chunked('ab', 'c'), fixture('sample.multi.fa.gz')], {});
    for await (const ev of reader.events()) {
      seen.push(`${ev.kind}:${ev.index}`);
      if (ev.kind === 'data') (data[ev.input] ??= []).push(ev.chunk);
    }
    expect(seen[0]).to.equal('open:0');
    expect(seen.filter((s) => s.endsWith(':0'))).to.deep.equal(['open:0', 'data:0', 'data:0', 'end:0']);
    expect(seen.slice(-1)).to.deep.equal(['end:1']);
    expect(Buffer.concat(data['stream'] ?? []).toString()).to.equal('abc');
    expect(Buffer.concat(data[fixture('sample.multi.fa.gz')] ?? [])).to.deep.equal(readFileSync(fixture('sample.fa')));
  });

  it('reports progress per input, with the input count', async () => {
    const progress: Progress[] = [];
    const reader = new InputReader([fixture('sample.fa'), fixture('sample.fq')], { chunkSize: 4096 }, (p) => progress.push(p));
    for await (const _ of reader.events());
    const size = (name: string): number => readFileSync(fixture(name)).length;
    expect(progress.filter((p) => p.index === 0).at(-1)).to.deep.equal({ input: fixture('sample.fa'), index: 0, count: 2, bytesRead: size('sample.fa'), totalBytes: size('sample.fa') });
    expect(progress.filter((p) => p.index === 1).at(-1)).to.deep.include({ bytesRead: size('sample.fq'), totalBytes: size('sample.fq') });
    const reads = progress.filter((p) => p.index === 0).map((p) => p.bytesRead);
    expect(reads).to.deep.equal([...reads].sort((a, b) => a - b));
  });

  it('close() in the middle releases the file', async () => {
    const fds = openFds();
    const reader = new InputReader([fixture('sample.fa')], { chunkSize: 256 });
    const events: InputEvent[] = [];
    for await (const ev of reader.events()) {
      events.push(ev);
      if (events.length === 3) reader.close();
    }
    expect(events.length).to.be.at.most(4);
    expect(await fdsSettleTo(fds)).to.be.at.most(fds);
  });

  it('fails with an InputError naming a missing input, after reading those before it', async () => {
    const reader = new InputReader([chunked('x'), fixture('nope.fa')], {});
    const kinds: string[] = [];
    const err = await rejection((async () => {
      for await (const ev of reader.events()) kinds.push(ev.kind);
    })());
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal(`${fixture('nope.fa')}: no such file`);
  });
});
