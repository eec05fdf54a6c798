import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { commands } from '../../cli/commands/index.js';
import { mainHelp, runCli } from '../../cli/run.js';

describe('cli/commands/index', () => {
  it('lists every command, each loading the command of its name and summary', async () => {
    expect(commands.map((c) => c.name)).to.deep.equal(['kmers', 'pca', 'assemble', 'run', 'submit', 'worker', 'reduce', 'status']);
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).to.equal(entry.name);
      expect(command.summary, `${entry.name}: the registry's summary is the module's`).to.equal(entry.summary);
      expect(command.help).to.match(new RegExp(`^Usage: streamtoolz ${entry.name} `));
    }
  });

  it("is what runCli takes by default: the main help from the registry, a command's help from its module", async () => {
    const run = async (argv: string[]): Promise<{ code: number; out: string }> => {
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (b: Buffer) => (out += b));
      const code = await runCli(argv, {
        stdout,
        stderr: new PassThrough(),
        stdin: new PassThrough(),
        stderrIsTTY: false,
        signal: new AbortController().signal,
      });
      return { code, out };
    };
    const main = await run(['--help']);
    expect(main).to.deep.equal({ code: 0, out: mainHelp(commands) });
    expect(main.out).to.include('  assemble  De Bruijn assembly');
    const kmers = await commands[0]!.load();
    expect(await run(['kmers', '--help'])).to.deep.equal({ code: 0, out: kmers.help });
    expect(await run(['help', 'kmers'])).to.deep.equal({ code: 0, out: kmers.help });
  });

  it("a lazily loaded command's usage error is still exit 2 with its help", async () => {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (b: Buffer) => (err += b));
    const code = await runCli(['kmers'], {
      stdout: new PassThrough(),
      stderr,
      stdin: new PassThrough(),
      stderrIsTTY: false,
      signal: new AbortController().signal,
    });
    expect(code).to.equal(2);
    expect(err).to.match(/^streamtoolz kmers: .+\n\nUsage: streamtoolz kmers /);
  });
});
