#!/usr/bin/env node
/** The `streamtoolz` executable: wires the process to `runCli`. */
import { Interrupted, type StopSignal } from './interrupt.js';
import { outputError } from './output-error.js';
import { errorLine, runCli } from './run.js';

const controller = new AbortController();
// Once: a second Ctrl-C ends the process at once, as the default handler does.
for (const sig of ['SIGINT', 'SIGTERM'] as const satisfies StopSignal[]) process.once(sig, () => controller.abort(new Interrupted(sig)));

let running = true;
// runCli reports a failing stdout while the command runs; this reports one that fails after
// it returned (a last buffered write), once, on one line. A closed pipe (`| head`) is no error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (running || err.code === 'EPIPE' || process.exitCode === 1) return;
  process.stderr.write(`streamtoolz: ${errorLine(outputError('stdout', err))}\n`);
  process.exitCode = 1;
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTTY: process.stderr.isTTY === true,
  signal: controller.signal,
});
process.exitCode = code;
running = false;
// Stopped by a signal: worker threads, sockets or a stdin still open must not keep the
// process alive once the command has cleaned up.
if (controller.signal.aborted) process.exit(code);
