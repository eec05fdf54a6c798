import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { StreamtoolzError, codes } from '../../lib/core/errors.js';
import { runCli, mainHelp } from '../../cli/run.js';
import { pipe } from '../../lib/core/pipe.js';
import { sum } from '../../sinks/basic.js';
import { map } from '../../transforms/map.js';
import { UsageError, intOption, parseCommandArgs, type CliIO, type Command } from '../../cli/command.js';

function io(): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => (out += b));
  stderr.on('data', (b: Buffer) => (err += b));
  return { stdout, stderr, stdin: new PassThrough(), stderrIsTTY: false, signal: new AbortController().signal, out: () => out, err: () => err };
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
});
