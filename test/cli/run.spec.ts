import { expect } from 'chai';
import { PassThrough, Writable } from 'node:stream';
import { StreamtoolzError, codes } from '../../lib/core/errors.js';
import { runCli, mainHelp } from '../../cli/run.js';
import { pipe } from '../../lib/core/pipe.js';
import { sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { UsageError, byteSizeOption, intOption, parseCommandArgs, type CliIO, type Command } from '../../cli/command.js';
import { Interrupted } from '../../cli/interrupt.js';
import { writeOut } from '../../cli/write-out.js';

function io(signal = new AbortController().signal, stdout: NodeJS.WritableStream = new PassThrough()): CliIO & { out: () => string; err: () => string } {
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => (out += b));
  stderr.on('data', (b: Buffer) => (err += b));
  return { stdout, stderr, stdin: new PassThrough(), stderrIsTTY: false, signal, out: () => out, err: () => err };
}

const echo: Command = {
  name: 'echo',
  summary: 'prints its argument',
  help: 'Usage: streamtoolz echo [-n N] WORD\n',
  async run(argv, cli) {
    const { values, positionals } = parseCommandArgs(argv, { n: { type: 'string', short: 'n' } });
    const n = intOption(values.n, '-n', 1, 3) ?? 1;
    if (positionals.length !== 1) throw new UsageError('expected one WORD');
    if (positionals[0] === 'bad') throw new StreamtoolzError(codes.BAD_RECORD, 'words.txt line 3: bad word\n(more)');
    if (positionals[0] === 'bug') throw new TypeError('oops');
    if (positionals[0] === 'escape')
      throw new StreamtoolzError(codes.BAD_RECORD, 'https://ann:s3cret@example.org/\x1b[2Jx.csv line 1: bad \x1b]0;owned\x07 field');
    if (positionals[0] === 'forever') {
      // An output loop, as kmers writes its counts: it stops at the signal, or on stdout's failure.
      for (;;) await writeOut(cli.stdout, 'ACGT\t1\n'.repeat(1000), cli.signal);
    }
    cli.stdout.write(`${positionals[0]!.repeat(n)}\n`);
  },
};

describe('runCli', () => {
  it('runs a command: exit 0, result on stdout', async () => {
    const c = io();
    expect(await runCli(['echo', '-n', '2', 'ab'], c, [echo])).to.equal(0);
    expect(c.out()).to.equal('abab\n');
    expect(c.err()).to.equal('');
  });

  it('exits 2 with the message and the help on bad usage', async () => {
    for (const argv of [['echo'], ['echo', '--nope', 'x'], ['echo', '-n', '9', 'x'], ['echo', '-n', '1.5', 'x']]) {
      const c = io();
      expect(await runCli(argv, c, [echo]), argv.join(' ')).to.equal(2);
      expect(c.err()).to.match(/^streamtoolz echo: .+\n\nUsage: streamtoolz echo/);
    }
    const c = io();
    await runCli(['echo', '-n', '9', 'x'], c, [echo]);
    expect(c.err().split('\n')[0]).to.equal("streamtoolz echo: -n must be an integer from 1 to 3, got '9'");
  });

  it('exits 1 with one line for bad data, and for any other failure', async () => {
    let c = io();
    expect(await runCli(['echo', 'bad'], c, [echo])).to.equal(1);
    expect(c.err()).to.equal('streamtoolz echo: words.txt line 3: bad word (more)\n');
    c = io();
    expect(await runCli(['echo', 'bug'], c, [echo])).to.equal(1);
    expect(c.err()).to.equal('streamtoolz echo: oops\n');
  });

  it("prints help: the list of commands, a command's own help, and exits 2 without a command", async () => {
    let c = io();
    expect(await runCli(['--help'], c, [echo])).to.equal(0);
    expect(c.out()).to.equal(mainHelp([echo]));
    expect(c.out()).to.include('  echo  prints its argument');
    c = io();
    expect(await runCli(['echo', '--help'], c, [echo])).to.equal(0);
    expect(c.out()).to.equal(echo.help);
    c = io();
    expect(await runCli(['help', 'echo'], c, [echo])).to.equal(0);
    expect(c.out()).to.equal(echo.help);
    c = io();
    expect(await runCli([], c, [echo])).to.equal(2);
    c = io();
    expect(await runCli(['nope'], c, [echo])).to.equal(2);
    expect(c.err()).to.include("unknown command 'nope'");
  });

  it('--stats prints the per-stage table of the pipes a command runs', async () => {
    const piped: Command = {
      name: 'double',
      summary: 'doubles numbers',
      help: 'Usage: streamtoolz double\n',
      async run(argv, cli) {
        expect(argv).to.deep.equal(['x']);
        // Commands are loaded with import(), as runCli loads what --stats needs: the same modules.
        const [{ pipe: lazyPipe }, { map: lazyMap }, { sum: lazySum }] = await Promise.all([
          import('../../lib/core/pipe.js'),
          import('../../transforms/map.js'),
          import('../../sinks/basic.js'),
        ]);
        cli.stdout.write(
          `${await lazyPipe(
            [1, 2, 3],
            lazyMap((n: number) => n * 2),
            lazySum(),
          )}\n`,
        );
      },
    };
    const c = io();
    expect(await runCli(['double', '--stats', 'x'], c, [piped])).to.equal(0);
    expect(c.out()).to.equal('12\n');
    expect(c.err()).to.match(/^#\s+stage\s+items in/);
    expect(c.err()).to.include('map(<anonymous>)');
    const write = process.stderr.write;
    let printed = '';
    process.stderr.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stderr.write;
    try {
      await pipe(
        [1],
        map((n: number) => n),
        sum(),
      );
    } finally {
      process.stderr.write = write;
    }
    expect(printed, 'the defaults are restored after the command').to.equal('');
  });

  it('prints the version of the package', async () => {
    const c = io();
    expect(await runCli(['--version'], c, [echo])).to.equal(0);
    expect(c.out()).to.match(/^\d+\.\d+\.\d+\n$/);
  });

  it('escapes control characters and hides URL credentials in the error line', async () => {
    const c = io();
    expect(await runCli(['echo', 'escape'], c, [echo])).to.equal(1);
    expect(c.err()).to.equal('streamtoolz echo: https://***@example.org/\\x1b[2Jx.csv line 1: bad \\x1b]0;owned\\x07 field\n');
  });

  it('exits 130 on SIGINT and 143 on SIGTERM, saying which, once the output loop sees the signal', async () => {
    for (const [signal, code, said] of [
      ['SIGINT', 130, 'interrupted (SIGINT)'],
      ['SIGTERM', 143, 'terminated (SIGTERM)'],
    ] as const) {
      const controller = new AbortController();
      const c = io(controller.signal);
      setTimeout(() => controller.abort(new Interrupted(signal)), 20);
      expect(await runCli(['echo', 'forever'], c, [echo]), signal).to.equal(code);
      expect(c.err()).to.equal(`streamtoolz echo: ${said}\n`);
    }
  });

  it('stops on a stdout that fails (ENOSPC) with one line naming it, exit 1', async () => {
    let writes = 0;
    const full = new Writable({
      write(_chunk, _encoding, callback) {
        if (++writes < 3) return callback();
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
      },
    });
    const c = io(undefined, full);
    expect(await runCli(['echo', 'forever'], c, [echo])).to.equal(1);
    expect(c.err()).to.equal('streamtoolz echo: stdout: no space left on device (ENOSPC)\n');
  });

  it('ends quietly, exit 0, when the reader of stdout goes away (| head)', async () => {
    const closed = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const c = io(undefined, closed);
    expect(await runCli(['echo', 'forever'], c, [echo])).to.equal(0);
    expect(c.err()).to.equal('');
  });

  it('reads sizes in bytes with binary units', () => {
    expect(byteSizeOption('65536', '--max-line-length')).to.equal(65536);
    expect(byteSizeOption('64M', '--max-line-length')).to.equal(64 * 1024 * 1024);
    expect(byteSizeOption('1g', '--max-line-length')).to.equal(1024 ** 3);
    expect(byteSizeOption('2KiB', '--max-line-length')).to.equal(2048);
    expect(() => byteSizeOption('0', '--max-line-length')).to.throw(UsageError, "--max-line-length must be a size in bytes (e.g. 1048576, 64M, 1G), got '0'");
    expect(() => byteSizeOption('lots', '--max-line-length')).to.throw(UsageError);
  });

  it('--stats on a command without a pipe prints its phases, wall and CPU time and peak RSS', async () => {
    const phased: Command = {
      name: 'phased',
      summary: 'reports phases',
      help: 'Usage: streamtoolz phased\n',
      async run(_argv, cli) {
        const p = cli.stats!.phase('count');
        p.items = '3 things';
        p.bytes = 42;
        p.end();
      },
    };
    const c = io();
    expect(await runCli(['phased', '--stats'], c, [phased])).to.equal(0);
    expect(c.err()).to.match(/^phased:\nphase\s+items\s+bytes\s+ms\ncount\s+3 things\s+42\s+\d+\.\d\nwall [\d.]+ ms, CPU [\d.]+ ms, peak RSS [\d.]+ MB\n$/);
    const plain = io();
    await runCli(['phased'], plain, [{ ...phased, run: async (_a, cli) => void expect(cli.stats).to.equal(undefined) }]);
    expect(plain.err()).to.equal('');
  });
});
