import { expect } from 'chai';
import { matchesOutput, parseBlocks, splitImports, toCommonJs } from './code-blocks.js';

const doc = [
  '# Title',
  '',
  '```ts first-pipeline',
  "import { pipe, transforms as t } from 'streamtoolz';",
  'console.log(1);',
  '```',
  '',
  '```text output',
  '1',
  '```',
  '',
  '```sh no-run: needs a Redis server',
  'streamtoolz worker --redis redis://host',
  '```',
  '',
  '```ts no-run',
  'x;',
  '```',
  '',
  '- a list',
  '  ```js',
  '  console.log(2);',
  '  ```',
].join('\n');

describe('code-blocks', () => {
  const blocks = parseBlocks('doc.md', doc);

  it('finds each fenced block with its line, language and attributes', () => {
    expect(blocks.map((b) => [b.line, b.lang, b.attrs])).to.deep.equal([
      [3, 'ts', ['first-pipeline']],
      [12, 'sh', ['no-run:', 'needs', 'a', 'Redis', 'server']],
      [16, 'ts', ['no-run']],
      [21, 'js', []],
    ]);
  });

  it('attaches an output block to the block just above it', () => {
    expect(blocks[0]!.output).to.equal('1');
    expect(blocks[0]!.code).to.equal("import { pipe, transforms as t } from 'streamtoolz';\nconsole.log(1);");
  });

  it('reads the reason of a no-run block, empty when there is none', () => {
    expect(blocks[1]!.noRun).to.equal('needs a Redis server');
    expect(blocks[2]!.noRun).to.equal('');
    expect(blocks[0]!.noRun).to.equal(undefined);
  });

  it('strips the indent of a block inside a list', () => {
    expect(blocks[3]!.code).to.equal('console.log(2);');
  });

  it('refuses an output block that follows no block', () => {
    expect(() => parseBlocks('x.md', 'text\n\n```text output\n1\n```\n')).to.throw('x.md:3: an output block must follow a runnable block directly');
  });

  it('matches output exactly but for trailing blanks, with ... for any lines', () => {
    expect(matchesOutput('a\nb  \n\n', 'a\nb')).to.equal(true);
    expect(matchesOutput('a\nb', 'a\nc')).to.equal(false);
    expect(matchesOutput('a\nx\ny\nb', 'a\n...\nb')).to.equal(true);
    expect(matchesOutput('a\nb', 'a\n...\nb')).to.equal(true);
    expect(matchesOutput('a\nx', 'a\n...\nb')).to.equal(false);
  });

  it('turns a module into CommonJS: require() for the imports, the rest in an async function', () => {
    expect(toCommonJs(blocks[0]!.code)).to.equal(
      "const { pipe, transforms: t } = require('streamtoolz');\n(async () => {\nconsole.log(1);\n})().catch((err) => {\n  console.error(err);\n  process.exitCode = 1;\n});\n",
    );
    expect(splitImports(blocks[0]!.code).imports).to.have.length(1);
  });
});
