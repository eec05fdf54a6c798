#!/usr/bin/env node
// `npm run build:wasm`: compiles the WebAssembly kernel of the JSON field scanner
// (lib/records/wasm/json-fields.c) with clang for wasm32 with SIMD128, and writes
// lib/records/wasm/json-fields.wasm and lib/records/wasm/json-fields-bytes.ts (the same
// bytes in base64, which the TypeScript build carries into dist/ with no copy step). Both
// are committed, so that users and CI need no compiler. Needs clang and lld (Debian:
// `apt-get install clang lld`). Plain JS, no dependency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = 'lib/records/wasm';
const clang = process.env.CLANG ?? 'clang';
const flags = [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-mbulk-memory',
  '-nostdlib',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Wl,--no-entry',
  '-Wl,--strip-all',
  '-Wl,-z,stack-size=65536',
];
const tmp = mkdtempSync(join(tmpdir(), 'streamtoolz-wasm-'));
try {
  const out = join(tmp, 'json-fields.wasm');
  try {
    execFileSync(clang, [...flags, '-o', out, join(dir, 'json-fields.c')], { stdio: ['ignore', 2, 2] });
  } catch (err) {
    process.stderr.write(`build:wasm: ${clang} failed (${err.status ?? err.message}); it needs clang and lld with the wasm32 target\n`);
    process.exit(1);
  }
  const bytes = readFileSync(out);
  writeFileSync(join(dir, 'json-fields.wasm'), bytes);
  const base64 = bytes.toString('base64').replace(/.{1,120}/g, (line) => `  '${line}' +\n`);
  writeFileSync(
    join(dir, 'json-fields-bytes.ts'),
    `/**
 * The compiled kernel of json-fields.c, in base64: written by \`npm run build:wasm\` from the
 * same bytes as json-fields.wasm (a test checks that they agree). Do not edit.
 */
export const JSON_FIELDS_WASM =
${base64.slice(0, -3)};
`,
  );
  process.stderr.write(`build:wasm: ${join(dir, 'json-fields.wasm')} (${bytes.length} bytes)\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
