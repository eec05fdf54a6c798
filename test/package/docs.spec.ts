/**
 * Runs the code blocks of README.md, CONTRIBUTING.md, ARCHITECTURE.md and docs/*.md against
 * this checkout, in a temp dir holding the small inputs of test/fixtures/docs: `ts` and `js`
 * blocks as ES modules under tsx (`streamtoolz` mapped to the sources by the temp dir's
 * tsconfig `paths`), `sh` blocks under bash with `streamtoolz` on PATH. A block followed by an
 * `output` block must print exactly that. The `ts` blocks are also type-checked together,
 * strict. Conventions: test/package/code-blocks.ts and CONTRIBUTING.md.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CodeBlock, matchesOutput, RUNNABLE, readBlocks } from './code-blocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Docs written on other branches at the time of writing: their links may not resolve yet. */
const PENDING = new Set(['docs/services.md', 'docs/scale-out.md', 'docs/memory.md', 'docs/records.md']);

const docs = ['README.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md']
  .concat(
    existsSync(join(root, 'docs'))
      ? readdirSync(join(root, 'docs'))
          .filter((f) => f.endsWith('.md'))
          .map((f) => `docs/${f}`)
      : [],
  )
  .filter((f) => existsSync(join(root, f)));

/** tsx's ESM loader, as a URL for `node --import`. */
function tsxLoader(): string {
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: { '.': string } };
  return pathToFileURL(resolve(dirname(pkgPath), pkg.exports['.'])).href;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

const slug = (b: CodeBlock) => `${b.file.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '_')}-${b.line}`;

describe('the code blocks of the documentation', function () {
  this.timeout(60_000);
  const blocks = docs.flatMap((f) => readBlocks(join(root, f), f));
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let typeCheck: Promise<Run>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamtoolz-docs-'));
    cpSync(join(root, 'test', 'fixtures', 'docs'), dir, { recursive: true });
    const loader = tsxLoader();
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'streamtoolz'), `#!/bin/sh\nexec "${process.execPath}" --import ${loader} "${join(root, 'cli', 'main.ts')}" "$@"\n`, {
      mode: 0o755,
    });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
        paths: { streamtoolz: [join(root, 'lib', 'index.ts')], 'streamtoolz/*': [join(root, '*', 'index.ts')] },
      },
      include: ['*.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    for (const b of blocks) {
      if (b.noRun !== undefined || (b.lang !== 'ts' && b.lang !== 'js')) continue;
      writeFileSync(join(dir, `${slug(b)}.${b.lang === 'ts' ? 'ts' : 'mjs'}`), `${b.code}\n`);
    }
    env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, NODE_OPTIONS: '' };
    // Started now, awaited by its own test: it runs while the blocks run.
    typeCheck = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir, env, 120_000);
  });

  after(async () => {
    await typeCheck?.catch(() => undefined);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  for (const file of docs) {
    describe(file, () => {
      const text = readFileSync(join(root, file), 'utf8');
      const mine = blocks.filter((b) => b.file === file);

      it('gives a reason for every block it does not run', () => {
        const bare = mine.filter((b) => b.noRun === '').map((b) => `${b.file}:${b.line}`);
        expect(bare, 'no-run blocks without a reason').to.deep.equal([]);
      });

      it('links only to files inside the repository that exist', () => {
        const bad: string[] = [];
        for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = m[1]!.split('#')[0]!;
          if (target === '' || /^[a-z]+:/.test(target)) continue;
          const path = relative(root, resolve(root, dirname(file), target));
          if (path.startsWith('..')) bad.push(`${target} (outside the repository)`);
          else if (!existsSync(join(root, path)) && !PENDING.has(path)) bad.push(`${target} (missing)`);
        }
        expect(bad).to.deep.equal([]);
      });

      for (const b of mine) {
        if (b.noRun !== undefined || !RUNNABLE.has(b.lang)) continue;
        it(`runs the ${b.lang} block at line ${b.line}${b.output === undefined ? '' : ' and prints its output'}`, async () => {
          const name = slug(b);
          let result: Run;
          if (b.lang === 'sh') {
            writeFileSync(join(dir, `${name}.sh`), `set -e\n${b.code}\n`);
            result = await run('bash', [`${name}.sh`], dir, env, 30_000);
          } else {
            result = await run(process.execPath, ['--import', tsxLoader(), `${name}.${b.lang === 'ts' ? 'ts' : 'mjs'}`], dir, env, 30_000);
          }
          expect(result.code, `${file}:${b.line} exited with ${result.code}\n${result.stderr}`).to.equal(0);
          if (b.output !== undefined) {
            expect(matchesOutput(result.stdout, b.output), `${file}:${b.line} printed:\n${result.stdout}\nexpected:\n${b.output}`).to.equal(true);
          }
        });
      }
    });
  }

  // In a describe of its own, so that it runs after the blocks, while they run.
  describe('all the ts blocks', () => {
    it('type-check, strict', async () => {
      const result = await typeCheck;
      expect(result.stdout + result.stderr).to.equal('');
      expect(result.code).to.equal(0);
    });
  });
});

describe('README.md', () => {
  const text = readFileSync(join(root, 'README.md'), 'utf8');

  it('names the talk it comes from, not a file outside the repository', () => {
    expect(text).to.include('Big data in little laptop');
    expect(text).to.not.match(/SEED\.txt|\.\.\/shared|\bthe seed\b/i);
  });

  it('has exactly one first pipeline, runnable', () => {
    const first = readBlocks(join(root, 'README.md'), 'README.md').filter((b) => b.attrs.includes('first-pipeline'));
    expect(first).to.have.length(1);
    expect(first[0]!.noRun).to.equal(undefined);
    expect(first[0]!.output, 'its output block').to.be.a('string');
  });
});
