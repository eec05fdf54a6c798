/**
 * The layering written down in ARCHITECTURE.md, checked over the import graph of the shipped
 * code. A rule broken today is listed in KNOWN with the reason and the issue that removes it;
 * a listed exception that no longer occurs fails too, so that the list only shrinks.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeLines, importGraph, isLocal, packageOf, pathOf, reaches } from './import-graph.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const modules = importGraph(root);
/** Each file and the repository files it imports. */
const graph = new Map([...modules].map(([f, deps]) => [f, deps.filter(isLocal).map(pathOf)]));
const files = [...graph.keys()];

const under =
  (...dirs: string[]) =>
  (f: string) =>
    dirs.some((d) => f.startsWith(`${d}/`));
const core = under('lib/core');
const domain = under('lib/kmer', 'lib/pca', 'lib/debruijn');
const kernel = (f: string) => under('lib/kmer', 'lib/pca', 'lib/debruijn', 'lib/util', 'lib/plot')(f) && !f.startsWith('lib/kmer/threads/');
const wrapper = under('sources', 'transforms', 'sinks');
const cli = under('cli');
const stream = (m: string) => m === 'node:stream' || m.startsWith('node:stream/') || m === 'stream' || m.startsWith('stream/');

/** `from -> to` pairs that break a rule today, with why they are still there. */
const KNOWN: Record<string, string> = {
  'lib/parallel/parallel-passes.ts -> lib/kmer/kmer-aggregator.ts':
    'countKmersParallel/pcaParallel are domain passes kept in lib/parallel (issue 18: move them to their domains)',
  'lib/parallel/parallel-passes.ts -> lib/pca/pca-aggregator.ts': 'as above',
  'lib/parallel/parallel-passes.ts -> lib/kmer/kmer-counts.ts': 'as above',
  'lib/parallel/parallel-passes.ts -> lib/pca/pca-result.ts': 'as above',
  'lib/parallel/parallel-passes.ts -> sinks/basic.ts': 'as above: the passes are pipes, built from a sink and a stage',
  'lib/parallel/parallel-passes.ts -> transforms/parallel-map.ts': 'as above',
  'lib/parallel/range-jobs.ts -> lib/pca/numeric-csv-scanner.ts': 'the k-mer and PCA range jobs that the generic range worker runs (issue 18)',
  'lib/parallel/range-jobs.ts -> lib/kmer/kmer-aggregator.ts': 'as above',
  'lib/parallel/range-jobs.ts -> lib/pca/pca-aggregator.ts': 'as above',
  'lib/distributed/part-thread.ts -> lib/kmer/threads/input-jobs.ts':
    'the built-in k-mer runs keep their packed-runs partials (reduce writes the bytes of kmers); user jobs go through the aggregator protocol (issue 18: move the k-mer side to lib/kmer)',
  'lib/distributed/merge-kmer-partials.ts -> lib/kmer/direct-table.ts': 'as above',
  'lib/distributed/merge-kmer-partials.ts -> lib/kmer/kmer-counts.ts': 'as above',
  'lib/distributed/merge-kmer-partials.ts -> lib/kmer/kmer-partial.ts': 'as above',
  'lib/distributed/merge-kmer-partials.ts -> lib/kmer/packed-runs-table.ts': 'as above',
  'lib/distributed/kmer-partial-bytes.ts -> lib/kmer/kmer-partial.ts': 'as above',
  'lib/distributed/reduce.ts -> lib/kmer/kmer-counts.ts': 'as above',
  'lib/distributed/reduce.ts -> lib/pca/pca-aggregator.ts': 'as above',
  'lib/distributed/reduce.ts -> lib/pca/pca-result.ts': 'as above',
};

interface Rule {
  name: string;
  applies: (file: string) => boolean;
  forbids: (module: string) => boolean;
}

const RULES: Rule[] = [
  {
    name: 'lib/core imports no domain, I/O, wrapper or command code',
    applies: core,
    forbids: (m) => !core(m) && !under('lib/util')(m),
  },
  {
    name: 'lib (but its index) imports no sources, transforms, sinks or cli',
    applies: (f) => f.startsWith('lib/') && f !== 'lib/index.ts',
    forbids: under('sources', 'transforms', 'sinks', 'cli'),
  },
  {
    name: 'kernels import no I/O, no wrappers, no command, and no pool or scale-out code',
    applies: kernel,
    forbids: under('lib/io', 'lib/distributed', 'lib/kmer/threads', 'sources', 'transforms', 'sinks', 'cli'),
  },
  {
    name: 'the generic parallel and distributed code imports no domain code',
    applies: under('lib/parallel', 'lib/distributed'),
    forbids: (m) => domain(m) || under('sources', 'transforms', 'sinks')(m),
  },
  {
    name: 'sources, transforms and sinks import no command code',
    applies: wrapper,
    forbids: cli,
  },
  {
    name: 'nothing but cli imports cli',
    applies: (f) => !cli(f),
    forbids: cli,
  },
];

describe('ARCHITECTURE.md: the layering', () => {
  const violations: string[] = [];
  for (const rule of RULES) {
    for (const file of files.filter(rule.applies)) {
      for (const dep of graph.get(file)!) if (rule.forbids(dep)) violations.push(`${file} -> ${dep}`);
    }
  }

  for (const rule of RULES) {
    it(rule.name, () => {
      const mine = files.filter(rule.applies).flatMap((file) =>
        graph
          .get(file)!
          .filter(rule.forbids)
          .map((dep) => `${file} -> ${dep}`),
      );
      expect(mine.filter((v) => KNOWN[v] === undefined)).to.deep.equal([]);
    });
  }

  it('kernels reach no stream module, even through what they import', () => {
    const chains = files
      .filter(kernel)
      .map((f) => reaches(modules, f, stream))
      .filter((c) => c !== undefined)
      .map((c) => c.join(' -> '));
    expect(chains).to.deep.equal([]);
  });

  it('lists no known exception that no longer occurs', () => {
    expect(Object.keys(KNOWN).filter((k) => !violations.includes(k))).to.deep.equal([]);
  });

  it('sources, transforms and sinks are thin: at most 150 lines of code a file', () => {
    const long = files
      .filter(wrapper)
      .map((f) => `${f}: ${codeLines(readFileSync(join(root, f), 'utf8'))}`)
      .filter((entry) => Number(entry.split(': ')[1]) > 150);
    expect(long).to.deep.equal([]);
  });

  it('the shipped code imports only Node, itself and the declared dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const bad: string[] = [];
    for (const [file, deps] of modules) {
      for (const dep of deps) {
        if (isLocal(dep)) {
          if (!graph.has(pathOf(dep))) bad.push(`${file} -> ${dep} (outside the shipped code)`);
        } else if (!dep.startsWith('node:') && !builtins.has(dep) && !declared.has(packageOf(dep))) {
          bad.push(`${file} -> ${dep} (not in dependencies)`);
        }
      }
    }
    expect(bad).to.deep.equal([]);
  });
});
