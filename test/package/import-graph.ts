/**
 * The import graph of the shipped code (lib, sources, transforms, sinks, cli): for each
 * TypeScript file, what it imports (static, dynamic and `export ... from`), read with the
 * TypeScript compiler's `preProcessFile`, plus the worker files it starts
 * (`new URL('./x.js', import.meta.url)`). Relative imports become repository paths of `.ts`
 * files (`./` prefixed paths are never bare specifiers, so `isLocal` tells them apart); the
 * others stay as written (`node:stream`, `csv-parse`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import ts from 'typescript';

export const SHIPPED = ['lib', 'sources', 'transforms', 'sinks', 'cli'];

/** The files named by `new URL('./x.js', import.meta.url)` in code (not in comments): worker files. */
function workerFiles(file: string, text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [first, second] = node.arguments ?? [];
      if (first !== undefined && ts.isStringLiteral(first) && first.text.endsWith('.js') && second?.getText() === 'import.meta.url') found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  return found;
}

/** Each shipped `.ts` file and the modules it imports. */
export function importGraph(root: string): Map<string, string[]> {
  const files = execFileSync('git', ['ls-files', ...SHIPPED], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const specs = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
    specs.push(...workerFiles(file, text));
    graph.set(
      file,
      specs.map((s) => (s.startsWith('.') ? `./${posix.normalize(posix.join(dirname(file), s)).replace(/\.js$/, '.ts')}` : s)),
    );
  }
  return graph;
}

/** Is `module` a file of this repository (as importGraph writes them: `./lib/core/pipe.ts`)? */
export const isLocal = (module: string): boolean => module.startsWith('./');

/** The repository path of a local module: `./lib/core/pipe.ts` -> `lib/core/pipe.ts`. */
export const pathOf = (module: string): string => module.slice(2);

/** The chain of imports from `file` to the first module that `hit` accepts, or undefined. */
export function reaches(graph: Map<string, string[]>, file: string, hit: (module: string) => boolean): string[] | undefined {
  const parent = new Map<string, string | undefined>([[file, undefined]]);
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const module of graph.get(current) ?? []) {
      const dep = isLocal(module) ? pathOf(module) : module;
      if (parent.has(dep)) continue;
      parent.set(dep, current);
      if (hit(dep)) {
        const chain: string[] = [];
        for (let at: string | undefined = dep; at !== undefined; at = parent.get(at)) chain.unshift(at);
        return chain;
      }
      if (graph.has(dep)) queue.push(dep);
    }
  }
  return undefined;
}

/** The number of lines that hold code: comments and blank lines not counted. */
export function codeLines(text: string): number {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const lines = new Set<number>();
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    lines.add(source.getLineAndCharacterOfPosition(scanner.getTokenStart()).line);
    lines.add(source.getLineAndCharacterOfPosition(scanner.getTokenEnd()).line);
  }
  return lines.size;
}

/** The npm package a bare specifier names: `@scope/name/x` -> `@scope/name`, `name/x` -> `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
