import { expect } from 'chai';
import { once } from 'node:events';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { pipe } from '../../lib/core/pipe.js';
import { StreamSource } from '../../lib/core/stream-source.js';
import { kEnableBatches } from '../../lib/core/symbols.js';
import { collect, count, sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { expectStageError, rejection } from '../helpers/support.js';

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

describe("pipe() and the caller's Readable (StreamSource)", () => {
  it('reads an object-mode Readable a batch at a time when the stages after it are fused', async () => {
    const source = new StreamSource<number>(Readable.from(range(3000)), 'Readable');
    source[kEnableBatches]();
    const sizes: number[] = [];
    for await (const batch of source as AsyncIterable<number[]>) sizes.push(batch.length);
    expect(sizes).to.deep.equal([16, 32, 64, 128, 256, 512, 1024, 968]);
    expect(
      await pipe(
        Readable.from(range(3000)),
        map((x: number) => x * 2),
        sum(),
      ),
    ).to.equal(2 * ((3000 * 2999) / 2));
  });

  it('reads a stream that gives items slowly, and one that has already ended', async () => {
    let i = 0;
    const slow = new Readable({
      objectMode: true,
      read() {
        setImmediate(() => this.push(i < 50 ? i++ : null));
      },
    });
    expect(
      await pipe(
        slow,
        map((x: number) => x),
        sum(),
      ),
    ).to.equal((50 * 49) / 2);
    const done = Readable.from([1, 2]);
    for await (const _ of done);
    expect(await pipe(done, collect())).to.deep.equal([]);
  });

  it('reads a byte stream whole, whatever its chunks', async () => {
    const bytes = new PassThrough();
    const text = 'x'.repeat(100_000);
    bytes.end(text);
    const chunks = await pipe(bytes, collect());
    expect(Buffer.concat(chunks as Buffer[]).toString()).to.equal(text);
  });

  it('does not destroy the stream on a stage error: it pauses it, and the caller reads on', async () => {
    const input = new PassThrough({ objectMode: true });
    for (let i = 0; i < 10; i++) input.write(i);
    const boom = (x: number): number => {
      if (x === 3) throw new Error('bad row');
      return x;
    };
    expectStageError(await rejection(pipe(input, map(boom), sum())), 'map(boom)', 3, 'bad row');
    expect(input.destroyed).to.equal(false);
    expect(input.isPaused()).to.equal(true);
    expect(input.listenerCount('readable') + input.listenerCount('data') + input.listenerCount('error')).to.equal(0);
    input.end(10);
    const rest: number[] = [];
    for await (const x of input) rest.push(x as number);
    expect(rest.at(-1)).to.equal(10);
  });

  it('names the stream, with the standard code, when it closes before its end', async () => {
    const input = new PassThrough({ objectMode: true });
    input.write(1);
    setImmediate(() => input.destroy());
    const err = await rejection(
      pipe(
        input,
        map((x: number) => x),
        count(),
      ),
    );
    expect((err as { code: string }).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
    expect((err as Error).message).to.equal('PassThrough (stage 1) failed: Premature close');
  });

  describe('in an HTTP handler', () => {
    let server: Server;
    let url: string;
    // Keep-alive, so that the server keeps reading after its answer instead of closing.
    const agent = new Agent({ keepAlive: true });
    before(async () => {
      server = createServer(async (req, res) => {
        const bad = (chunk: Buffer): number => {
          if (chunk.includes('!')) throw new Error('a "!" in the body');
          return chunk.length;
        };
        try {
          const n = await pipe(req, map(bad), sum());
          res.end(`ok ${n}`);
        } catch (err) {
          res.statusCode = 400;
          res.end((err as Error).message);
          req.resume(); // the rest of the body is ours to drain: the request is still whole
        }
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    after(() => {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    });

    /** Posts `body`; resolves once the exchange is over, with the response and any client error. */
    const post = (body: Buffer): Promise<{ status: number; text: string; error?: string }> =>
      new Promise((resolve) => {
        let status = 0;
        let text = '';
        let error: string | undefined;
        const req = request(url, { method: 'POST', agent }, (res) => {
          status = res.statusCode ?? 0;
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
        });
        req.on('error', (err) => (error = err.message));
        req.on('close', () => resolve({ status, text, ...(error === undefined ? {} : { error }) }));
        req.end(body);
      });

    it('can still answer a bad body with a 400: the request is not destroyed', async () => {
      const body = Buffer.alloc(8 << 20, 'a');
      body[5000] = '!'.charCodeAt(0);
      const { status, text, error } = await post(body);
      expect(status).to.equal(400);
      expect(text).to.match(/^map\(bad\) \(stage 2\) failed at item \d+: a "!" in the body$/);
      // The handler drained the rest of the body: no reset, the client sent it all.
      expect(error).to.equal(undefined);
    });

    it('answers a good body', async () => {
      expect(await post(Buffer.alloc(300_000, 'a'))).to.deep.equal({ status: 200, text: 'ok 300000' });
    });
  });
});
