import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { codes } from '../../lib/core/errors.js';
import { InputReader, type InputEvent, type Progress } from '../../lib/io/input-reader.js';
import { chunked, fixture, fdsSettleTo, openFds, rejection } from '../fixtures/sources/helpers.js';

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
    expect(Buffer.concat(data.stream ?? []).toString()).to.equal('abc');
    expect(Buffer.concat(data[fixture('sample.multi.fa.gz')] ?? [])).to.deep.equal(readFileSync(fixture('sample.fa')));
  });

  it('reports progress per input, with the input count', async () => {
    const progress: Progress[] = [];
    const reader = new InputReader([fixture('sample.fa'), fixture('sample.fq')], { chunkSize: 4096 }, (p) => progress.push(p));
    for await (const _ of reader.events());
    const size = (name: string): number => readFileSync(fixture(name)).length;
    expect(progress.filter((p) => p.index === 0).at(-1)).to.deep.equal({
      input: fixture('sample.fa'),
      index: 0,
      count: 2,
      bytesRead: size('sample.fa'),
      totalBytes: size('sample.fa'),
    });
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
    const err = await rejection(
      (async () => {
        for await (const ev of reader.events()) kinds.push(ev.kind);
      })(),
    );
    expect(err.code).to.equal(codes.INPUT);
    expect(err.message).to.equal(`${fixture('nope.fa')}: no such file`);
  });

  it('reuseBuffer: reads a file into one buffer, each chunk a view valid until the next; gzip still whole', async () => {
    const reader = new InputReader([fixture('sample.fa'), fixture('sample.multi.fa.gz'), fixture('sample.fq.gz')], { chunkSize: 256, reuseBuffer: true });
    const copies: Record<string, Buffer[]> = {};
    const buffers = new Set<ArrayBufferLike>();
    for await (const ev of reader.events()) {
      if (ev.kind !== 'data') continue;
      (copies[ev.input] ??= []).push(Buffer.from(ev.chunk)); // a consumer copies what it keeps
      if (ev.input === fixture('sample.fa')) buffers.add(ev.chunk.buffer);
    }
    const fa = readFileSync(fixture('sample.fa'));
    expect(copies[fixture('sample.fa')]!.length).to.equal(Math.ceil(fa.length / 256));
    expect(buffers.size, 'every chunk of a plain file is a view of one buffer').to.equal(1);
    expect(Buffer.concat(copies[fixture('sample.fa')]!)).to.deep.equal(fa);
    expect(Buffer.concat(copies[fixture('sample.multi.fa.gz')]!)).to.deep.equal(fa);
    expect(Buffer.concat(copies[fixture('sample.fq.gz')]!)).to.deep.equal(readFileSync(fixture('sample.fq')));
  });

  it('readAhead: two buffers take turns, the next read running while a chunk is used; nothing lost or reordered', async () => {
    const reader = new InputReader([fixture('sample.fa'), fixture('sample.multi.fa.gz')], { chunkSize: 256, reuseBuffer: true, readAhead: true });
    const copies: Record<string, Buffer[]> = {};
    const buffers = new Set<ArrayBufferLike>();
    for await (const ev of reader.events()) {
      if (ev.kind !== 'data') continue;
      (copies[ev.input] ??= []).push(Buffer.from(ev.chunk));
      if (ev.input === fixture('sample.fa')) buffers.add(ev.chunk.buffer);
      // Slow consumer: the read ahead lands meanwhile, and must not touch this chunk.
      const before = Buffer.from(ev.chunk);
      await new Promise((resolve) => setImmediate(resolve));
      expect(Buffer.from(ev.chunk)).to.deep.equal(before);
    }
    const fa = readFileSync(fixture('sample.fa'));
    expect(buffers.size, 'chunks alternate between two buffers').to.equal(2);
    expect(Buffer.concat(copies[fixture('sample.fa')]!)).to.deep.equal(fa);
    expect(Buffer.concat(copies[fixture('sample.multi.fa.gz')]!)).to.deep.equal(fa);
  });

  it('readAhead: close() with a read in flight releases the file', async () => {
    const fds = openFds();
    const reader = new InputReader([fixture('sample.fa')], { chunkSize: 256, reuseBuffer: true, readAhead: true });
    let n = 0;
    for await (const _ of reader.events()) if (++n === 2) reader.close();
    expect(n).to.be.at.most(3);
    expect(await fdsSettleTo(fds)).to.be.at.most(fds);
  });

  it('reuseBuffer: close() in the middle releases the file, a missing file is an InputError', async () => {
    const fds = openFds();
    const reader = new InputReader([fixture('sample.fa')], { chunkSize: 256, reuseBuffer: true });
    let n = 0;
    for await (const _ of reader.events()) if (++n === 3) reader.close();
    expect(n).to.be.at.most(4);
    expect(await fdsSettleTo(fds)).to.be.at.most(fds);
    const err = await rejection(
      (async () => {
        for await (const _ of new InputReader([fixture('nope.fa')], { reuseBuffer: true }).events());
      })(),
    );
    expect(err.message).to.equal(`${fixture('nope.fa')}: no such file`);
  });
});
