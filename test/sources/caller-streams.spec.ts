/**
 * Streams the caller passes to a source (a Readable such as an HTTP request, a Web
 * ReadableStream such as a fetch() body) are read like any input, gzip detected, and stay
 * the caller's: on an error or an early stop the source lets go of them (paused, lock
 * released) and never destroys or cancels them. Inputs the source opened itself are closed.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { codes } from '../../lib/core/errors.js';
import { pipe } from '../../lib/core/pipe.js';
import { collect } from '../../sinks/basic.js';
import { csv } from '../../sources/csv.js';
import { fastq } from '../../sources/fastq.js';
import { json } from '../../sources/json.js';
import { lines } from '../../sources/lines.js';
import { take } from '../../transforms/take.js';
import { chunked, collect as collectAll, fixture, rejection, webStream } from '../fixtures/sources/helpers.js';

describe("sources: the caller's streams", () => {
  describe('Web ReadableStream inputs', () => {
    it('reads the bytes of a Web stream split anywhere', async () => {
      const text = 'a,b\n1,"x\ny"\n2,3\n';
      const pieces = text.split('').map((c) => c);
      expect(await collectAll(csv(webStream(pieces)))).to.deep.equal([
        ['a', 'b'],
        ['1', 'x\ny'],
        ['2', '3'],
      ]);
    });

    it('gunzips a gzip Web stream, detected by content', async () => {
      const gz = gzipSync('{"n":1}\n{"n":2}\n');
      const chunks = [gz.subarray(0, 1), gz.subarray(1, 7), gz.subarray(7)];
      expect(await collectAll(json(webStream(chunks)))).to.deep.equal([{ n: 1 }, { n: 2 }]);
    });

    it('reads the body of a real fetch() from a server on 127.0.0.1', async () => {
      const server = createServer((_req, res) => {
        res.setHeader('content-type', 'application/x-ndjson');
        res.write('{"id":1}\n{"id"');
        setTimeout(() => res.end(':2}\n'), 5);
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/`);
        expect(await collectAll(json(response.body as ReadableStream<Uint8Array>))).to.deep.equal([{ id: 1 }, { id: 2 }]);
      } finally {
        server.close();
        server.closeAllConnections();
      }
    });

    it('mixes Web streams, Readables and files in one source', async () => {
      const got = await collectAll(lines([webStream(['a\n']), chunked('b\n'), fixture('sample.fa')]));
      expect(got.slice(0, 3)).to.deep.equal(['a', 'b', '>seq0']);
    });

    it('on a bad record, releases the Web stream without cancelling it: the caller reads on', async () => {
      const counts = { cancels: 0 };
      const tail = ['6,7\n', '8,9\n', '10,11\n'];
      const body = webStream(['a,b\n1,2\n', '3\n', '4,5\n', ...tail], counts);
      const err = await rejection(collectAll(csv(body)));
      expect(err.code).to.equal(codes.BAD_RECORD);
      expect(err.message).to.equal('stream line 3: Invalid Record Length: expect 2, got 1 on line 3 (csv(stream))');
      expect(body.locked).to.equal(false);
      expect(counts.cancels).to.equal(0);
      // The parser looks one chunk ahead (csv-parse waits to see a record's delimiter whole);
      // the rest is the caller's to read.
      let rest = '';
      for await (const chunk of body) rest += new TextDecoder().decode(chunk);
      expect(rest).to.equal(tail.join(''));
    });

    it('refuses a Web stream of something other than bytes or text, naming the input', async () => {
      const numbers = new ReadableStream({
        start(controller) {
          controller.enqueue(42);
          controller.close();
        },
      });
      const err = await rejection(collectAll(lines(numbers as never)));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal('stream: a stream of bytes or text was expected, but a chunk is number');
    });

    it('cannot be read twice: reopen() says so', () => {
      const src = lines(webStream(['x']));
      expect(() => src.reopen())
        .to.throw(/cannot be read a second time/)
        .with.property('code', codes.NOT_REOPENABLE);
      src.destroy();
    });
  });

  describe('Readable inputs', () => {
    it('on a bad record, stops reading the stream but does not destroy it: the caller reads the rest', async () => {
      const upload = new PassThrough();
      upload.write('@r1\nACGT\n+\nIIII\n');
      upload.write('@r2\nAC\n+\nI\n');
      upload.write('@r3\nGG\n+\nJJ\n');
      const err = await rejection(collectAll(fastq(upload)));
      expect(err.code).to.equal(codes.BAD_RECORD);
      expect(upload.destroyed).to.equal(false);
      expect(upload.isPaused()).to.equal(true);
      for (const event of ['readable', 'data', 'error', 'close', 'end']) expect(upload.listenerCount(event), event).to.equal(0);
      upload.end('tail');
      const rest: Buffer[] = [];
      for await (const chunk of upload) rest.push(chunk as Buffer);
      expect(Buffer.concat(rest).toString()).to.match(/tail$/);
    });

    it('when take() is satisfied, lets go of the stream and leaves it open', async () => {
      let pulled = 0;
      const endless = new Readable({
        read() {
          this.push(`${pulled++}\n`);
        },
      });
      expect(await pipe(lines(endless), take<string>(3), collect())).to.deep.equal(['0', '1', '2']);
      expect(endless.destroyed).to.equal(false);
      endless.destroy();
    });

    it('on an abort while the stream sends nothing, ends at once and leaves the stream open', async () => {
      const quiet = new PassThrough();
      const controller = new AbortController();
      const src = lines(quiet, { signal: controller.signal });
      const reading = collectAll(src);
      setTimeout(() => controller.abort(), 5);
      expect((await rejection(reading)).name).to.equal('AbortError');
      expect(quiet.destroyed).to.equal(false);
      for (const event of ['readable', 'error', 'close', 'end']) expect(quiet.listenerCount(event), event).to.equal(0);
      quiet.destroy();
    });

    it('an error of the stream itself ends the source, naming the input', async () => {
      const broken = new PassThrough();
      broken.write('a\n');
      setTimeout(() => broken.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 5);
      const err = await rejection(collectAll(lines(broken)));
      expect(err.code).to.equal(codes.INPUT);
      expect(err.message).to.equal('stream: connection closed before the body was complete');
    });
  });

  describe('inputs the source opened itself', () => {
    let server: Server;
    let url: string;
    before(async () => {
      server = createServer((_req, res) => res.end('a,b\n1\n'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.csv`;
    });
    after(() => {
      server.close();
      server.closeAllConnections();
    });

    it('are still closed on an error (an HTTP body it fetched)', async () => {
      const err = await rejection(collectAll(csv(url)));
      expect(err.code).to.equal(codes.BAD_RECORD);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const open = await new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
      expect(open).to.equal(0);
    });
  });
});
