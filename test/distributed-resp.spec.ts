import { expect } from 'chai';
import { encodeCommand, RespErrorReply, RespParser, type RespReply } from '../lib/distributed/resp-parser.js';
import { parseRedisUrl, RespClient } from '../lib/distributed/resp.js';
import { startRedis, type TestRedis } from './fixtures/distributed/redis-server.js';

function parseAll(bytes: Buffer, cuts: number[]): RespReply[] {
  const p = new RespParser();
  const out: RespReply[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    p.push(bytes.subarray(at, cut));
    at = cut;
    for (let r = p.next(); r !== undefined; r = p.next()) out.push(r);
  }
  return out;
}

describe('RespParser', () => {
  const wire = Buffer.from('+OK\r\n-ERR bad thing\r\n:42\r\n$5\r\nhe\r\nl\r\n$-1\r\n*3\r\n:1\r\n*1\r\n$0\r\n\r\n*-1\r\n$3\r\n\x00\xff\r\r\n', 'latin1');
  const want: RespReply[] = ['OK', new RespErrorReply('ERR bad thing'), 42, Buffer.from('he\r\nl'), null, [1, [Buffer.alloc(0)], null], Buffer.from([0, 0xff, 13])];

  it('parses every reply type, binary bulk strings included', () => {
    expect(parseAll(wire, [])).to.deep.equal(want);
  });

  it('gives the same replies whatever the chunk boundaries', () => {
    for (let a = 0; a <= wire.length; a++) for (let b = a; b <= wire.length; b += 3) expect(parseAll(wire, [a, b]), `cuts ${a},${b}`).to.deep.equal(want);
  });

  it('waits for a large bulk string without losing bytes', () => {
    const big = Buffer.alloc(300000, 7);
    const bytes = Buffer.concat([Buffer.from(`$${big.length}\r\n`), big, Buffer.from('\r\n:1\r\n')]);
    const cuts = Array.from({ length: 40 }, (_, i) => (i + 1) * 7919);
    expect(parseAll(bytes, cuts)).to.deep.equal([big, 1]);
  });

  it('encodes commands as arrays of bulk strings', () => {
    expect(encodeCommand(['SET', 'k', 12, Uint8Array.of(0, 1)]).toString('latin1')).to.equal('*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n12\r\n$2\r\n\x00\x01\r\n');
  });

  it('throws on a byte that starts no reply', () => {
    const p = new RespParser();
    p.push(Buffer.from('?x\r\n'));
    expect(() => p.next()).to.throw(/unexpected byte 0x3f/);
  });
});

describe('parseRedisUrl', () => {
  it('reads host, port and db, with defaults', () => {
    expect(parseRedisUrl('redis://127.0.0.1:7000/2')).to.deep.equal({ host: '127.0.0.1', port: 7000, db: 2 });
    expect(parseRedisUrl('redis://localhost')).to.deep.equal({ host: 'localhost', port: 6379, db: 0 });
  });

  it('refuses other URLs with an InputError naming them', () => {
    expect(() => parseRedisUrl('http://x')).to.throw('http://x: not a redis://host[:port][/db] URL');
    expect(() => parseRedisUrl('nope')).to.throw(/^nope: not a redis:\/\/ URL/);
  });
});

describe('RespClient', function () {
  this.timeout(30000);
  let redis: TestRedis;
  before(async () => (redis = await startRedis()));
  after(async () => redis?.stop());

  it('pipelines commands and matches replies in order, binary-safe', async () => {
    const client = await RespClient.connect(`${redis.url}/1`);
    try {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const replies = await Promise.all([client.command('PING'), client.command('SET', 'b', bytes), client.command('GET', 'b'), client.command('INCRBY', 'n', 5), client.command('HSET', 'h', 'f', 'v'), client.command('HGET', 'h', 'nope')]);
      expect(replies).to.deep.equal(['PONG', 'OK', bytes, 5, 1, null]);
      const db0 = await RespClient.connect(redis.url);
      expect(await db0.command('EXISTS', 'b')).to.equal(0); // /1 selected db 1
      await db0.quit();
    } finally {
      await client.quit();
    }
  });

  it('rejects an error reply with a one-line InputError naming the server and command', async () => {
    const client = await RespClient.connect(redis.url);
    try {
      const err = await client.command('XACK', 'nokey', 'nogroup').then(() => undefined, (e: Error) => e);
      expect(err?.message).to.match(new RegExp(`^${redis.url}: XACK: ERR wrong number of arguments`));
      expect((err as { code?: string }).code).to.equal('ERR_STREAMTOOLZ_INPUT');
      expect(await client.command('PING')).to.equal('PONG'); // the connection is still usable
    } finally {
      await client.quit();
    }
  });

  it('fails commands in flight and later ones when the connection closes', async () => {
    const client = await RespClient.connect(redis.url);
    const blocked = client.command('BLPOP', 'never', 0);
    client.close();
    await blocked.then(() => expect.fail('resolved'), (e: Error) => expect(e.message).to.equal(`${redis.url}: BLPOP: connection closed by the client`));
    await client.command('PING').then(() => expect.fail('resolved'), (e: Error) => expect(e.message).to.match(/connection closed/));
    expect(client.closed).to.equal(true);
  });

  it('says connection refused when no server listens', async () => {
    const err = await RespClient.connect('redis://127.0.0.1:1').then(() => undefined, (e: Error) => e);
    expect(err?.message).to.equal('redis://127.0.0.1:1: connection refused (is redis-server running?)');
  });
});
