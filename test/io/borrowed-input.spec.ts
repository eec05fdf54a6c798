import { expect } from 'chai';
import { PassThrough, type Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { setImmediate as tick } from 'node:timers/promises';
import { codes } from '../../lib/core/errors.js';
import { BorrowedReadable, BorrowedWebStream } from '../../lib/io/borrowed-input.js';
import { chunked, rejection, webStream } from '../fixtures/sources/helpers.js';

const listeners = (s: Readable): number[] => ['readable', 'end', 'error', 'close', 'data'].map((e) => s.listenerCount(e));

async function drain(it: AsyncIterator<unknown>): Promise<string> {
  let text = '';
  for (let r = await it.next(); !r.done; r = await it.next()) text += String(r.value);
  return text;
}

describe('BorrowedReadable', () => {
  it('reads every chunk of a Readable split over many writes, then lets go of it', async () => {
    const source = chunked('a', 'bc', 'd');
    expect(await drain(new BorrowedReadable(source))).to.equal('abcd');
    expect(listeners(source)).to.deep.equal([0, 0, 0, 0, 0]);
  });

  it('reads an empty stream and one that already ended', async () => {
    expect(await drain(new BorrowedReadable(chunked()))).to.equal('');
    const ended = chunked('x');
    await drain(new BorrowedReadable(ended));
    expect(await drain(new BorrowedReadable(ended))).to.equal('');
  });

  it('lets go while a read waits: the read ends, the stream is paused, not destroyed, and still readable', async () => {
    const source = new PassThrough();
    const borrowed = new BorrowedReadable(source);
    const waiting = borrowed.next();
    await tick();
    borrowed.release();
    expect(await waiting).to.deep.equal({ done: true, value: undefined });
    expect(source.destroyed).to.equal(false);
    expect(source.isPaused()).to.equal(true);
    expect(listeners(source)).to.deep.equal([0, 0, 0, 0, 0]);
    // Its owner goes on with it.
    source.end('rest');
    const rest: Buffer[] = [];
    for await (const chunk of source) rest.push(chunk as Buffer);
    expect(Buffer.concat(rest).toString()).to.equal('rest');
  });

  it("throws the stream's own error, and lets go", async () => {
    const source = new PassThrough();
    const borrowed = new BorrowedReadable(source);
    const waiting = borrowed.next();
    source.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const err = await rejection(waiting);
    expect(err.code).to.equal('ECONNRESET');
    expect(listeners(source)).to.deep.equal([0, 0, 0, 0, 0]);
  });

  it('a stream closed before its end is a premature close, with the standard code', async () => {
    const source = new PassThrough();
    const borrowed = new BorrowedReadable(source);
    const waiting = borrowed.next();
    source.destroy();
    expect((await rejection(waiting)).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
    expect((await rejection(new BorrowedReadable(source).next())).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
  });
});

describe('BorrowedWebStream', () => {
  it('reads the Uint8Array chunks of a Web stream', async () => {
    const chunks: string[] = [];
    const borrowed = new BorrowedWebStream(webStream(['ab', 'c']), 'stream');
    for (let r = await borrowed.next(); !r.done; r = await borrowed.next()) chunks.push(new TextDecoder().decode(r.value as Uint8Array));
    expect(chunks).to.deep.equal(['ab', 'c']);
  });

  it('lets go while a read waits: the lock is released, the stream is not cancelled', async () => {
    const counts = { cancels: 0 };
    const never = new ReadableStream<Uint8Array>({
      pull: () => new Promise<void>(() => {}),
      cancel: () => void counts.cancels++,
    });
    const borrowed = new BorrowedWebStream(never, 'stream');
    const waiting = borrowed.next();
    await tick();
    borrowed.release();
    expect(await waiting).to.deep.equal({ done: true, value: undefined });
    expect(never.locked).to.equal(false);
    expect(counts.cancels).to.equal(0);
  });

  it('refuses a locked stream with an InputError naming it', () => {
    const stream = webStream(['x']);
    stream.getReader();
    let err: (Error & { code?: string }) | undefined;
    try {
      new BorrowedWebStream(stream, 'upload');
    } catch (e) {
      err = e as Error & { code?: string };
    }
    expect(err?.code).to.equal(codes.INPUT);
    expect(err?.message).to.equal('upload: the ReadableStream is locked: something else is reading it');
  });

  it("throws the stream's error", async () => {
    const failing = new ReadableStream({
      pull(controller) {
        controller.error(new Error('network gone'));
      },
    });
    expect((await rejection(new BorrowedWebStream(failing, 'stream').next())).message).to.equal('network gone');
  });
});
