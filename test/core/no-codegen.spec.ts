import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = fileURLToPath(new URL('../fixtures/no-codegen-pipe.mts', import.meta.url));

describe('pipes where code generation is refused', () => {
  it('run on the closure-based loop under --disallow-code-generation-from-strings, with the same answers', async function () {
    this.timeout(60_000);
    const { stdout } = await promisify(execFile)(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', script]);
    const sumOf = [...Array(1000).keys()]
      .map((x) => x * 2)
      .filter((x) => x % 3 !== 0)
      .reduce((a, b) => a + b, 0);
    expect(JSON.parse(stdout)).to.deep.equal({
      canGenerateCode: false,
      fused: sumOf,
      stage: sumOf,
      async: [2, 4, 6],
      error: 'map(<anonymous>) (stage 2) failed at item 1: two [1]',
    });
  });
});
