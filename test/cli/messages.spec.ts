import { expect } from 'chai';
import { assembleCommand } from '../../cli/commands/assemble.js';
import { kmersCommand } from '../../cli/commands/kmers.js';
import { pcaCommand } from '../../cli/commands/pca.js';
import { runArgv } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const commands = [kmersCommand, pcaCommand, assembleCommand];

describe('error lines of the commands', () => {
  let http: TestServer;
  let base: string;
  let secret: string;
  before(async () => {
    http = await startServer((req, res) => {
      if (req.url === '/header-only.csv') return void res.end('a,b\n');
      if (req.url === '/bad.fq') return void res.end('@r1\nACGT\n+\nIIIIII\n');
      res.writeHead(404).end();
    });
    base = http.base;
    secret = base.replace('http://', 'http://ann:s3cret@');
  });
  after(() => http.close());

  it('never show the credentials of an input URL', async () => {
    const shown = base.replace('http://', 'http://***@');
    const cases: [string[], string][] = [
      [['pca', `${secret}/missing.csv`], `streamtoolz pca: ${shown}/missing.csv: HTTP 404 Not Found\n`],
      [
        ['pca', `${secret}/header-only.csv`],
        `streamtoolz pca: ${shown}/header-only.csv: 0 rows for 2 components: PCA needs at least as many (see --components)\n`,
      ],
      [
        ['kmers', '-k', '3', `${secret}/bad.fq`],
        `streamtoolz kmers: ${shown}/bad.fq line 4: quality is longer than the sequence (6 characters for 4 bases) (kmers(k=3))\n`,
      ],
      [
        ['assemble', '-k', '3', `${secret}/bad.fq`],
        `streamtoolz assemble: ${shown}/bad.fq line 4: quality is longer than the sequence (6 characters for 4 bases) (kmers(k=3))\n`,
      ],
      [
        ['kmers', '-k', '3', '--threads', '2', `${secret}/bad.fq`],
        `streamtoolz kmers: ${shown}/bad.fq line 4: quality is longer than the sequence (6 characters for 4 bases) (kmers(k=3))\n`,
      ],
    ];
    for (const [argv, err] of cases) {
      const r = await runArgv(argv, commands);
      expect(r.code, argv.join(' ')).to.equal(1);
      expect(r.err).to.equal(err);
    }
  });

  it('show control characters of names and data escaped, on one line', async () => {
    const r = await runArgv(['kmers', '-k', '3', '/no/such/\x1bc\x07.fa'], commands);
    expect(r.code).to.equal(1);
    expect(r.err).to.equal('streamtoolz kmers: /no/such/\\x1bc\\x07.fa: no such file\n');
  });
});
