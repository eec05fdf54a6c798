/**
 * The public exports of the package, read with the TypeScript compiler from the entry points
 * that package.json exports, each with what its TSDoc holds: a summary and an `@example`.
 */
import { join } from 'node:path';
import ts from 'typescript';

/** The entry points, as package.json's `exports` name them. */
export const ENTRY_POINTS: Record<string, string> = {
  streamtoolz: 'lib/index.ts',
  'streamtoolz/sources': 'sources/index.ts',
  'streamtoolz/transforms': 'transforms/index.ts',
  'streamtoolz/sinks': 'sinks/index.ts',
};

export interface PublicExport {
  /** `streamtoolz/sinks: topk` */
  name: string;
  kind: 'value' | 'type';
  /** Where it is declared: `sinks/topk.ts`. */
  file: string;
  summary: boolean;
  example: boolean;
}

/** Every export of every entry point (namespace re-exports such as `sources` are left to their own entry point). */
export function publicExports(root: string): PublicExport[] {
  const files = Object.values(ENTRY_POINTS).map((f) => join(root, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const out: PublicExport[] = [];
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(root, file))!;
    const module = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      if (declarations.some((d) => ts.isSourceFile(d))) continue; // export * as x
      const docs = declarations.flatMap((d) => ts.getJSDocCommentsAndTags(d)).filter(ts.isJSDoc);
      const summary = docs.some((d) => ts.getTextOfJSDocComment(d.comment)?.trim());
      const example = docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'example'));
      const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
      const declared = declarations[0]!.getSourceFile().fileName.slice(root.length).replace(/^\//, '');
      out.push({ name: `${entry}: ${exported.name}`, kind: isValue ? 'value' : 'type', file: declared, summary: Boolean(summary), example });
    }
  }
  return out;
}
