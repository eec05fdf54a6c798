import { expect } from 'chai';
import { codes } from '../../lib/core/errors.js';
import { importPeer, openSession } from '../../lib/distributed/session.js';

describe('distributed sessions', () => {
  it('say in one line which package to install when an optional peer is missing', async () => {
    const err = await importPeer('streamtoolz-no-such-peer', 'streamtoolz worker').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal("streamtoolz worker needs the optional package 'streamtoolz-no-such-peer': npm install bullmq ioredis");
    expect(err).to.have.property('code', codes.INPUT);
  });

  it('fail at once, in one line, when nothing listens', async () => {
    const err = await openSession('redis://u:hunter2@127.0.0.1:1', { connectTimeoutMs: 3000 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.equal('redis://u:***@127.0.0.1:1: connecting: connection refused (is redis-server running?)');
  });
});
