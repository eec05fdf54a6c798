import { expect } from 'chai';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../helpers/cli-process.js';

// stdout on a full device (/dev/full: every write fails with ENOSPC), as the real process
// sees it: one line naming the output, exit 1, no stack trace.

describe('faults: a full output device', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-full-'));
    writeFileSync(join(dir, 'reads.fa'), '>r1\nACGTACGTTGCAACGT\n>r2\nTTGCAACGTACGGTCA\n');
    writeFileSync(join(dir, 'rows.csv'), 'a,b\n1,2\n2,3\n3,5\n4,4\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const argv of [
    ['kmers', '-k', '5', 'reads.fa'],
    ['assemble', '-k', '5', 'reads.fa'],
    ['pca', 'rows.csv'],
  ]) {
    it(`${argv[0]} > /dev/full: one line naming stdout, exit 1`, async () => {
      const fd = openSync('/dev/full', 'w');
      const p = startCli(
        argv.map((a) => (a.includes('.') ? join(dir, a) : a)),
        fd,
      );
      closeSync(fd);
      const { code, stderr } = await p.exit;
      expect(code, stderr).to.equal(1);
      expect(stderr).to.equal(`streamtoolz ${argv[0]}: stdout: no space left on device (ENOSPC)\n`);
    });
  }

  it('pca --model /dev/full: one line naming the file, exit 1', async () => {
    const { code, stderr } = await startCli(['pca', '--model', '/dev/full', join(dir, 'rows.csv')]).exit;
    expect(code, stderr).to.equal(1);
    expect(stderr).to.equal('streamtoolz pca: /dev/full: no space left on device (ENOSPC)\n');
  });
});
