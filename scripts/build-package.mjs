#!/usr/bin/env node
// The published build (`npm pack`/`npm publish` run it as prepack): the library and the
// command only, from tsconfig.build.json, with no source maps and no build info. The folders it
// writes are emptied first, so that no output of a deleted source file is shipped; their
// files come out the same as the checkout build's, which `npm start` and `npm run bench` use.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

for (const dir of ['lib', 'sources', 'transforms', 'sinks', 'cli']) rmSync(`dist/${dir}`, { recursive: true, force: true });
try {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: ['ignore', 2, 2] });
} catch (err) {
  process.stderr.write(`streamtoolz: the package build failed (exit ${err.status ?? err.message})\n`);
  process.exit(err.status || 1);
}
