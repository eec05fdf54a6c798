import { expect } from 'chai';
import { setImmediate as tick } from 'node:timers/promises';
import { RedisLink } from '../../lib/distributed/redis-link.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';

/** Open TCP sockets of this process (the test's own client and servers are child processes). */
const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Waits until the socket count is back to `n` (a destroyed socket's handle closes a tick later). */
async function socketsBackTo(n: number): Promise<number> {
  for (let i = 0; i < 100 && sockets() !== n; i++) await tick();
  return sockets();
}

const failure = <T>(p: Promise<T>): Promise<Error | undefined> =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

describe('RedisLink', function () {
  this.timeout(20000);
  const servers: TestRedis[] = [];
  const links: RedisLink[] = [];
  const server = async (): Promise<TestRedis> => {
    const s = await startRedis();
    servers.push(s);
    return s;
  };
  const link = async (url: string, reconnectMs?: number): Promise<RedisLink> => {
    const l = await RedisLink.connect(url, { reconnectMs });
    links.push(l);
    return l;
  };
  afterEach(async () => {
    for (const l of links.splice(0)) l.close();
    for (const s of servers.splice(0)) await s.stop();
  });

  it('runs steps, and an error reply rejects with one line naming the URL and the step', async () => {
    const { url } = await server();
    const redis = await link(`${url}/1`);
    expect(await redis.call('setting', (c) => c.set('k', 'v'))).to.equal('OK');
    const db0 = await link(url);
    expect(await db0.client.exists('k')).to.equal(0); // /1 selected db 1
    const err = await failure(redis.call('acknowledging', (c) => c.sendCommand(['XACK', 'nokey'])));
    expect(err?.message).to.match(new RegExp(`^${url}/1: acknowledging: ERR wrong number of arguments for 'xack' command$`));
    expect((err as { code?: string }).code).to.equal('ERR_STREAMTOOLZ_INPUT');
    expect(await redis.call('pinging', (c) => c.ping())).to.equal('PONG'); // still usable
  });

  it('gives binary replies as Buffers on its binary view', async () => {
    const redis = await link((await server()).url);
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await redis.client.hSet('h', 'f', bytes);
    expect(await redis.binary.hGet('h', 'f')).to.deep.equal(bytes);
  });

  it('says connection refused at once when no server listens, and leaves no socket', async () => {
    const before = sockets();
    const started = Date.now();
    const err = await failure(RedisLink.connect('redis://127.0.0.1:1', { reconnectMs: 60000 }));
    expect(err?.message).to.equal('redis://127.0.0.1:1: connecting: connection refused (is redis-server running?)');
    expect(Date.now() - started).to.be.below(2000); // no retries on a first connection
    expect(await socketsBackTo(before)).to.equal(before);
  });

  it('refuses a URL that is not redis://, and never shows a password', async () => {
    expect((await failure(RedisLink.connect('http://x')))?.message).to.match(
      /^http:\/\/x: not a redis\[s\]:\/\/\[\[user\]\[:password\]@\]host\[:port\]\[\/db\] URL \(/,
    );
    const err = await failure(RedisLink.connect('redis://me:secret@127.0.0.1:1'));
    expect(err?.message).to.equal('redis://me:***@127.0.0.1:1: connecting: connection refused (is redis-server running?)');
    expect(((await failure(RedisLink.connect('redis://x', { reconnectMs: -1 }))) as { code?: string }).code).to.equal('ERR_OUT_OF_RANGE');
  });

  it('closes its socket', async () => {
    const { url } = await server();
    const before = sockets();
    const redis = await RedisLink.connect(url);
    expect(sockets()).to.equal(before + 1);
    redis.close();
    expect(await socketsBackTo(before)).to.equal(before);
    expect((await failure(redis.call('pinging', (c) => c.ping())))?.message).to.equal(`${url}: pinging: connection closed by the client`);
  });

  it('a connection lost and made again within the budget: the step is done again', async () => {
    const s = await server();
    const redis = await link(s.url, 20000);
    expect(redis.connections).to.equal(1);
    await s.kill();
    const pinged = redis.call('pinging', (c) => c.ping());
    await s.restart();
    expect(await pinged).to.equal('PONG');
    expect(redis.connections).to.equal(2);
  });

  it('gives up when the server is not back within the budget: steps in flight and later fail with one line', async () => {
    const s = await server();
    const redis = await link(s.url, 200);
    const blocked = failure(redis.call('waiting for a job', (c) => c.blPop('never', 0)));
    await tick(); // the BLPOP is on the wire
    const lost = Date.now();
    await s.kill();
    const err = await blocked;
    expect(err?.message).to.match(new RegExp(`^${s.url}: waiting for a job: connection lost \\(.+\\), not back within 200 ms$`));
    expect(Date.now() - lost).to.be.at.least(150);
    expect(redis.open).to.equal(false);
    expect((await failure(redis.call('pinging', (c) => c.ping())))?.message).to.match(/: pinging: connection lost .*, not back within 200 ms$/);
  });

  it('with a budget of 0, fails at the first loss', async () => {
    const s = await server();
    const redis = await link(s.url, 0);
    await s.kill();
    const err = await failure(redis.call('pinging', (c) => c.ping()));
    expect(err?.message).to.match(new RegExp(`^${s.url}: pinging: connection lost( \\(.+\\))?$`));
  });
});
