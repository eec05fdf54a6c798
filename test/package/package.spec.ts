/**
 * The package as users get it: `npm pack` (which builds it), the files against an allow-list,
 * then the tarball installed offline into a new project, where the README's first pipeline
 * runs from ESM, CommonJS and TypeScript (nodenext, bundler, and the legacy node resolution
 * with the subpath types), and `npx streamtoolz --help` answers.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBlocks, splitImports, toCommonJs, wrapAsync } from './code-blocks.js';
import { dryRunFiles, installConsumer, pack, type Packed, writeConsumer } from './consumer.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  typesVersions: Record<string, Record<string, string[]>>;
  bin: Record<string, string>;
  main: string;
  types: string;
  license: string;
};

/** What may be in the tarball; anything else (maps, build info, tests, examples) may not. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^docs\/[a-z-]+\.md$/,
  /^dist\/(lib|sources|transforms|sinks)\/.+\.(js|d\.ts)$/,
  /^dist\/cli\/.+\.js$/,
];

const readme = readBlocks(join(root, 'README.md'), 'README.md');
const first = readme.find((b) => b.attrs.includes('first-pipeline'))!;

function node(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Compiles `code` as `first.ts` in `app/<name>` with `options`, and runs it from `app`. */
function compileAndRun(app: string, name: string, type: 'module' | 'commonjs', options: Record<string, unknown>, code: string) {
  const dir = join(app, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
  writeFileSync(join(dir, 'first.ts'), code);
  const compilerOptions = { target: 'ES2022', strict: true, outDir: 'out', types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], ...options };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['first.ts'] }));
  const built = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
  expect(built.stdout + built.stderr, `tsc (${name})`).to.equal('');
  writeFileSync(join(dir, 'out', 'package.json'), JSON.stringify({ type }));
  return node([join(dir, 'out', 'first.js')], app);
}

describe('the package', function () {
  this.timeout(120_000);
  let tmp: string;
  let packed: Packed;
  let app: string;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'streamtoolz-package-'));
    packed = pack(root, tmp);
    app = join(tmp, 'my-app');
    mkdirSync(app);
    writeConsumer(root, app, 'my-app', packed.tarball);
    installConsumer(app);
    copyFileSync(join(root, 'test', 'fixtures', 'docs', 'book.txt'), join(app, 'book.txt'));
  });

  after(() => {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  describe('contents', () => {
    it('holds only allowed files: no source maps, build info, tests, benchmarks or examples', () => {
      const files = dryRunFiles(root);
      expect(files).to.deep.equal(packed.files.map((f) => f.path).sort());
      expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).to.deep.equal([]);
    });

    it('holds every file that exports, typesVersions, main, types and bin point at', () => {
      const paths = new Set(packed.files.map((f) => f.path));
      const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin)];
      for (const entry of Object.values(manifest.exports)) targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
      for (const map of Object.values(manifest.typesVersions)) for (const list of Object.values(map)) targets.push(...list);
      const missing = targets.map((t) => t.replace(/^\.\//, '')).filter((t) => !paths.has(t));
      expect(missing).to.deep.equal([]);
    });

    it('holds a compiled file for every source file of the library and the command', () => {
      const sources = execFileSync('git', ['ls-files', 'lib', 'sources', 'transforms', 'sinks', 'cli'], { cwd: root, encoding: 'utf8' })
        .split('\n')
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
      const paths = new Set(packed.files.map((f) => f.path));
      expect(sources.filter((f) => !paths.has(`dist/${f.replace(/\.ts$/, '.js')}`))).to.deep.equal([]);
    });

    it('points at no source map from its JavaScript', () => {
      const js = packed.files.filter((f) => f.path.endsWith('.js')).map((f) => f.path);
      expect(js.filter((f) => readFileSync(join(root, f), 'utf8').includes('sourceMappingURL'))).to.deep.equal([]);
    });

    it('ships the MIT license that package.json names', () => {
      expect(manifest.license).to.equal('MIT');
      expect(packed.files.map((f) => f.path)).to.include('LICENSE');
      expect(readFileSync(join(root, 'LICENSE'), 'utf8')).to.match(/^MIT License\n/);
    });
  });

  describe("installed into a new project, the README's first pipeline", () => {
    it('runs from an ES module', () => {
      writeFileSync(join(app, 'first.mjs'), first.code);
      const r = node(['first.mjs'], app);
      expect(r.err).to.equal('');
      expect(r.out.trimEnd()).to.equal(first.output);
    });

    it('runs from CommonJS, through require()', () => {
      writeFileSync(join(app, 'first.cjs'), toCommonJs(first.code));
      const r = node(['first.cjs'], app);
      expect(r.err).to.equal('');
      expect(r.out.trimEnd()).to.equal(first.output);
    });

    it('compiles and runs as TypeScript under moduleResolution nodenext, strict, without skipLibCheck', () => {
      const r = compileAndRun(app, 'ts-nodenext', 'module', { module: 'NodeNext', moduleResolution: 'NodeNext' }, first.code);
      expect(r.err).to.equal('');
      expect(r.out.trimEnd()).to.equal(first.output);
    });

    // skipLibCheck here and below, as `tsc --init` writes it: the nodenext case checks the libraries' types.
    it('compiles and runs as TypeScript under moduleResolution bundler', () => {
      const r = compileAndRun(app, 'ts-bundler', 'module', { module: 'preserve', moduleResolution: 'bundler', skipLibCheck: true }, first.code);
      expect(r.err).to.equal('');
      expect(r.out.trimEnd()).to.equal(first.output);
    });

    it('compiles and runs under the legacy moduleResolution node, with the subpath types', () => {
      const { imports, body } = splitImports(first.code);
      const subpaths = [
        "import { lines } from 'streamtoolz/sources';",
        "import { flatMap } from 'streamtoolz/transforms';",
        "import { frequencies } from 'streamtoolz/sinks';",
      ];
      // Types from the subpaths must be the same as through the root.
      const check = 'const same: [typeof sources.lines, typeof t.flatMap, typeof sinks.frequencies] = [lines, flatMap, frequencies];\nvoid same;';
      const code = wrapAsync([...imports, ...subpaths], `${check}\n${body}`);
      const r = compileAndRun(app, 'ts-legacy', 'commonjs', { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, skipLibCheck: true }, code);
      expect(r.err).to.equal('');
      expect(r.out.trimEnd()).to.equal(first.output);
    });
  });

  describe('installed into a new project', () => {
    it('answers npx streamtoolz --help', () => {
      const r = spawnSync('npx', ['--offline', 'streamtoolz', '--help'], { cwd: app, encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout)
        .to.match(/^streamtoolz: /)
        .and.include('Usage: streamtoolz <command>');
    });

    it('installs the dependency tree the README shows (npm ls --omit=dev --all)', () => {
      const shown = readme.find((b) => b.attrs.includes('npm-ls'))!;
      const r = spawnSync('npm', ['ls', '--omit=dev', '--all'], { cwd: app, encoding: 'utf8' });
      const tree = (s: string) => s.trimEnd().split('\n').slice(1);
      expect(tree(r.stdout)).to.deep.equal(tree(shown.code));
    });
  });
});
