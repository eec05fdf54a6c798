/**
 * The fenced code blocks of a Markdown file, as the docs test runs them. A block's info
 * string is its language and, optionally:
 * - `no-run: REASON`: never run (the reason is required);
 * - `output`: the expected stdout of the runnable block just above it (`...` on a line of its
 *   own stands for any number of lines);
 * - `first-pipeline`: the README's first pipeline, which test/package also runs from the
 *   installed tarball.
 * `ts`, `js` and `sh` blocks run; other languages (`text`, `json`...) are text.
 */
import { readFileSync } from 'node:fs';

/** One fenced block. */
export interface CodeBlock {
  /** The Markdown file, as given. */
  file: string;
  /** Line of the opening fence, 1-based. */
  line: number;
  lang: string;
  /** The words of the info string after the language. */
  attrs: string[];
  code: string;
  /** Set for `no-run` blocks: why the block is not run (empty when the author gave none). */
  noRun?: string;
  /** The `output` block that follows this one, when there is one. */
  output?: string;
}

export const RUNNABLE = new Set(['ts', 'js', 'sh']);

const FENCE = /^(\s*)(`{3,}|~{3,})\s*(.*)$/;

/** The fenced blocks of `text`, with each `output` block attached to the block before it. */
export function parseBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let previousEnd = -1;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j]!;
      if (close.trim().startsWith(fence) && close.trim().replace(/[`~]/g, '') === '') break;
      body.push(close.startsWith(indent) ? close.slice(indent.length) : close.trimStart());
    }
    const [lang = '', ...attrs] = info.trim().split(/\s+/).filter(Boolean);
    const code = body.join('\n');
    const isOutput = lang === 'output' || attrs.includes('output');
    const last = blocks.at(-1);
    if (isOutput && last !== undefined && lines.slice(previousEnd + 1, i).every((l) => l.trim() === '')) {
      last.output = code;
    } else if (!isOutput) {
      const block: CodeBlock = { file, line: i + 1, lang, attrs, code };
      const noRun = /\bno-run\b:?\s*(.*)$/.exec(info);
      if (noRun !== null) block.noRun = noRun[1]!.trim();
      blocks.push(block);
    } else {
      throw new Error(`${file}:${i + 1}: an output block must follow a runnable block directly`);
    }
    previousEnd = j;
    i = j;
  }
  return blocks;
}

/** The blocks of a Markdown file on disk. */
export function readBlocks(path: string, shownAs = path): CodeBlock[] {
  return parseBlocks(shownAs, readFileSync(path, 'utf8'));
}

/** Does `actual` (stdout) match `expected`, where a line `...` matches any lines? */
export function matchesOutput(actual: string, expected: string): boolean {
  const clean = (s: string) =>
    s
      .replace(/\s+$/, '')
      .split('\n')
      .map((l) => l.trimEnd());
  const want = clean(expected);
  const got = clean(actual);
  const match = (w: number, g: number): boolean => {
    if (w === want.length) return g === got.length;
    if (want[w] === '...') {
      for (let k = g; k <= got.length; k++) if (match(w + 1, k)) return true;
      return false;
    }
    return g < got.length && want[w] === got[g] && match(w + 1, g + 1);
  };
  return match(0, 0);
}

/** The `import ... from` lines of a module, and the rest of it. */
export function splitImports(code: string): { imports: string[]; body: string } {
  const imports: string[] = [];
  const body: string[] = [];
  for (const line of code.split('\n')) (/^import .* from '[^']+';$/.test(line) ? imports : body).push(line);
  return { imports, body: body.join('\n') };
}

/** The module's body inside an async function, for module systems without top-level await. */
export function wrapAsync(imports: string[], body: string): string {
  return `${imports.join('\n')}\n(async () => {\n${body}\n})().catch((err) => {\n  console.error(err);\n  process.exitCode = 1;\n});\n`;
}

/**
 * The README's first pipeline as CommonJS: its `import { a, b as c } from 'x'` lines become
 * `require` calls and the rest runs inside an async function.
 */
export function toCommonJs(code: string): string {
  const { imports, body } = splitImports(code);
  const requires = imports.map((line) => {
    const m = /^import \{ (.*) \} from '([^']+)';$/.exec(line);
    if (m === null) throw new Error(`not a named import: ${line}`);
    return `const { ${m[1]!.replace(/ as /g, ': ')} } = require('${m[2]}');`;
  });
  return wrapAsync(requires, body);
}
