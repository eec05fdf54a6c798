import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { hideUserinfo, parseRedisUrl } from '../../lib/distributed/redis-url.js';
import { startRedis, type TestRedis } from '../fixtures/distributed/redis-server.js';
import { cli } from '../helpers/distributed.js';

const cert = fileURLToPath(new URL('../fixtures/sources/tls-cert.pem', import.meta.url));
const key = fileURLToPath(new URL('../fixtures/sources/tls-key.pem', import.meta.url));

describe('Redis URLs: any case, raw or escaped passwords, never shown', function () {
  this.timeout(30000);

  it('reads user, password, host, port and db, a raw / or @ in the password included', () => {
    const t = parseRedisUrl('REDIS://alice:pa/ss@w%rd@127.0.0.1:6390/2');
    expect(t).to.deep.include({
      host: '127.0.0.1',
      port: 6390,
      db: 2,
      username: 'alice',
      password: 'pa/ss@w%rd',
      tls: false,
      shown: 'redis://alice:***@127.0.0.1:6390/2',
    });
    expect(parseRedisUrl('rediss://:s%2Fcret@[::1]')).to.deep.include({
      host: '::1',
      port: 6379,
      username: undefined,
      password: 's/cret',
      tls: true,
      shown: 'rediss://:***@[::1]',
    });
    expect(parseRedisUrl('redis://cache')).to.deep.include({ host: 'cache', password: undefined, shown: 'redis://cache' });
    expect(t.redact('WRONGPASS for pa/ss@w%rd and pa%2Fss%40w%25rd')).to.equal('WRONGPASS for *** and ***');
  });

  it('says what is wrong with a bad URL without its password, whatever its scheme', () => {
    for (const url of ['mysql://u:hunter2@h', 'Redis://u:hunter2@h:99999', 'redis://u:hunter2@', 'http://u:hunter2@h/x']) {
      expect(() => parseRedisUrl(url), url)
        .to.throw()
        .that.satisfies((e: Error) => !e.message.includes('hunter2'));
    }
    expect(hideUserinfo('see HTTP://bob:hunter2@x/y and ftp://a@b')).to.equal('see HTTP://bob:***@x/y and ftp://a@b');
  });

  describe('an ACL user with a password', () => {
    let redis: TestRedis;
    const password = 'pa/ss@w%rd';
    before(async () => (redis = await startRedis({ args: ['--user', 'default', 'off', '--user', 'alice', 'on', `>${password}`, '~*', '&*', '+@all'] })));
    after(async () => redis?.stop());

    it('connects with user and password, the scheme in capitals and the password unescaped', async () => {
      const r = await cli(['status', '--redis', `REDIS://alice:${password}@127.0.0.1:${redis.port}`]);
      expect(r, r.err).to.deep.include({ code: 0, out: 'no runs\n' });
    });

    it('a wrong password is one line naming the URL, the password hidden', async () => {
      for (const wrong of ['wr/ong@pass', encodeURIComponent('wr/ong@pass')]) {
        const r = await cli(['status', '--redis', `Redis://alice:${wrong}@127.0.0.1:${redis.port}`]);
        // The CLI hides the whole user part of a URL in its error lines; the library keeps the user.
        expect(r.code).to.equal(1);
        expect(r.err, r.err).to.match(
          new RegExp(`^streamtoolz status: redis://(alice:)?\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}: connecting: .*WRONGPASS.*\\n$`),
        );
        expect(r.err).to.not.include('wr/ong').and.not.include('ong@pass').and.not.include('%2F');
      }
    });
  });

  describe('rediss://', () => {
    let redis: TestRedis;
    before(async () => (redis = await startRedis({ tls: { cert, key } })));
    after(async () => redis?.stop());

    it('connects over TLS, trusting the CA given with --redis-ca', async () => {
      expect(redis.url).to.match(/^rediss:/);
      const r = await cli(['status', '--redis', redis.url, '--redis-ca', cert]);
      expect(r, r.err).to.deep.include({ code: 0, out: 'no runs\n' });
    });

    it('refuses a server whose certificate it cannot verify, in one line', async () => {
      const r = await cli(['status', '--redis', redis.url]);
      expect(r.code).to.equal(1);
      expect(r.err, r.err).to.match(/^streamtoolz status: rediss:\/\/127\.0\.0\.1:\d+: connecting: .*self-signed certificate.*\n$/);
    });
  });
});
