import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pcaCommand } from '../../cli/commands/pca.js';
import { runCommand, type CliRun } from '../helpers/cli.js';
import { cases, expectClose, fixtureDir, type PcaCase } from '../helpers/pca.js';

const cli = (argv: string[], stdin?: Readable): Promise<CliRun> => runCommand(pcaCommand, argv, stdin);

function expectModel(json: string, c: PcaCase): void {
  const m = JSON.parse(json) as Record<string, unknown> & { nSamplesSeen: number; components: number[][] };
  expect(m.nSamplesSeen).to.equal(c.nSamplesSeen);
  c.components.forEach((row, i) => expectClose(m.components[i]!, row, `components[${i}]`));
  for (const name of ['mean', 'var', 'explainedVariance', 'explainedVarianceRatio', 'singularValues'] as const) expectClose(m[name] as number[], c[name], name);
  expectClose([m.noiseVariance as number], [c.noiseVariance], 'noiseVariance');
}

const args = (c: PcaCase): string[] => [
  '--components',
  String(c.nComponents),
  ...(c.batchSize ? ['--batch-size', String(c.batchSize)] : []),
  ...(c.whiten ? ['--whiten'] : []),
];
const byName = (name: string): PcaCase => cases.find((c) => c.name === name)!;

describe('streamtoolz pca', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-pca-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of cases) {
    it(`writes scikit-learn's model for ${c.name}`, async () => {
      const r = await cli([...args(c), join(fixtureDir, c.file)]);
      expect(r.code, r.err).to.equal(0);
      expectModel(r.out, c);
      expect(r.err).to.match(
        new RegExp(`^pca: ${c.rows} rows x ${c.features} features, ${c.nComponents} components? explaining [\\d., ]+ of the variance, in [\\d.]+ s\\n$`),
      );
    });
  }

  it('skips a header row, and reads gzip and stdin alike', async () => {
    const c = byName('whiten');
    expectModel((await cli([...args(c), join(fixtureDir, 'with-header.csv')])).out, c);
    const gz = join(dir, 'x.csv.data');
    writeFileSync(gz, gzipSync(readFileSync(join(fixtureDir, 'with-header.csv'))));
    expectModel((await cli([...args(c), gz])).out, c);
    expectModel((await cli([...args(c), '-'], Readable.from([readFileSync(join(fixtureDir, c.file))]))).out, c);
  });

  it('projects every row in a second pass (--project) and draws them (--plot)', async () => {
    const c = byName('whiten');
    const [csv, svg, model] = [join(dir, 'p.csv'), join(dir, 'p.svg'), join(dir, 'm.json')];
    const r = await cli([...args(c), '--model', model, '--project', csv, '--plot', svg, join(fixtureDir, 'with-header.csv')]);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.equal('');
    expectModel(readFileSync(model, 'utf8'), c);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).to.equal('PC1,PC2');
    expect(lines).to.have.length(c.rows + 1);
    c.transform.forEach((row, i) => expectClose(lines[i + 1]!.split(',').map(Number), row, `projected row ${i}`));
    const plot = readFileSync(svg, 'utf8');
    expect(plot.match(/<circle /g)).to.have.length(c.rows);
    expect(plot).to.include('PC1 (80.9% of variance)');
  });

  it('says where a bad row is: input and line, exit 1', async () => {
    const bad: [string, RegExp][] = [
      ['a,b,c\n1,2,3\n4,5\n', /x\.csv line 3: expected 3 fields, got 2/],
      ['1,2,3\n4,five,6\n', /x\.csv line 2: field 2 is not a number: 'five'/],
      ['1,2,3\n4,NaN,6\n', /x\.csv line 2: field 2 is 'NaN', not a finite number/],
      ['1,2,3\n4,5,6\n7,8,Infinity\n', /x\.csv line 3: field 3 is 'Infinity', not a finite number/],
    ];
    for (const [text, message] of bad) {
      const file = join(dir, 'x.csv');
      writeFileSync(file, text);
      const r = await cli([file]);
      expect(r.code).to.equal(1);
      expect(r.err).to.match(message);
      expect(r.err.trimEnd().split('\n')).to.have.length(1);
    }
  });

  it('fails with exit 1 on fewer rows or features than components, or a missing input', async () => {
    const file = join(dir, 'few.csv');
    writeFileSync(file, 'a,b,c\n1,2,3\n4,5,6\n');
    let r = await cli(['--components', '3', file]);
    expect(r.code).to.equal(1);
    expect(r.err).to.equal(`streamtoolz pca: ${file}: 2 rows for 3 components: PCA needs at least as many (see --components)\n`);
    r = await cli(['--components', '4', file]);
    expect(r.err).to.equal(`streamtoolz pca: ${file}: 3 features for 4 components: PCA needs at least as many (see --components)\n`);
    r = await cli([join(dir, 'missing.csv')]);
    expect(r.code).to.equal(1);
    expect(r.err).to.include('missing.csv');
  });

  it('fails a line longer than --max-line-length with one line naming the input and line', async () => {
    const file = join(dir, 'long.csv');
    writeFileSync(file, `a,b\n1,2\n${'3'.repeat(200)},4\n5,6\n`);
    const r = await cli(['--max-line-length', '100', file]);
    expect(r.code).to.equal(1);
    expect(r.err).to.equal(`streamtoolz pca: ${file} line 3: line longer than maxLineLength (100 bytes): at least 202 bytes (pca)\n`);
    expect((await cli(['--max-line-length', '1K', file])).code).to.equal(0);
    expect((await cli(['--max-line-length', 'lots', file])).code).to.equal(2);
  });

  it('refuses a second pass over stdin before reading it', async () => {
    const r = await cli(['--project', join(dir, 'p.csv'), '-'], Readable.from(['1,2\n3,4\n5,6\n']));
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/cannot be read a second time: it reads stdin/);
  });

  it('exits 2 with the help on bad usage', async () => {
    for (const argv of [
      [],
      ['--components', '0', 'x.csv'],
      ['--components', 'two', 'x.csv'],
      ['--components', '3', '--batch-size', '2', 'x.csv'],
      ['--bogus', 'x.csv'],
      ['--components', '1', '--plot', 'p.svg', 'x.csv'],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.err).to.match(/^streamtoolz pca: .+\n\nUsage: streamtoolz pca/);
    }
  });
});
