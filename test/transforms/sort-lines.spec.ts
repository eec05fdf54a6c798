import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipe } from '../../lib/core/pipe.js';
import { kSpill } from '../../lib/core/symbols.js';
import type { SpillStats } from '../../lib/spill/spill-stats.js';
import { sortLines } from '../../transforms/sort-lines.js';
import { rng } from '../helpers/rng.js';
import { expectEmptyAndRemove, freshTmpdir, gnuSort, openFds, randomNumbers, randomStrings } from '../helpers/spill.js';
import { rejection, thrown } from '../helpers/support.js';

const spillOf = (stage: unknown): SpillStats => (stage as { [kSpill]: SpillStats })[kSpill];

/** The bytes of `text` in chunks of random sizes (1 to 300 bytes), so that lines are cut anywhere. */
function chunks(text: string, seed: number): Buffer[] {
  const bytes = Buffer.from(text);
  const r = rng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * 300);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

async function sorted(lines: readonly string[], stage: ReturnType<typeof sortLines>, seed = 1): Promise<string[]> {
  const parts: Buffer[] = [];
  await pipeline(Readable.from(chunks(`${lines.join('\n')}\n`, seed)), stage, async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) parts.push(c);
  });
  const text = Buffer.concat(parts).toString();
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/** Lines that exercise what `sort -g` reads: blanks, signs, exponents, inf, nan, hex, text. */
const oddLines = [
  '3',
  '  -2.5e1 apples',
  '+7',
  'pears',
  '',
  '1e',
  '1e+',
  '.5',
  '5.',
  '-0',
  '0',
  '0.0e99',
  'inf',
  '-inf',
  'Infinity',
  'nan',
  'NaN',
  '0x1p3',
  '0x.8',
  '-0x1A',
  '1.0',
  '1',
  '1e0',
  '12345678901234567890123',
  '12345678901234567890124',
  '1.7976931348623157e308',
  '-1.7976931348623157e308',
  '4.9e-324',
  '-',
  '.',
  'e5',
  '\t42',
  '000123.4500',
  '123.45',
];

describe('sortLines', () => {
  let dir: string;
  beforeEach(() => {
    dir = freshTmpdir();
  });
  afterEach(() => expectEmptyAndRemove(dir));

  it('orders what sort -g reads as sort -g -s does', async () => {
    const expected = gnuSort(oddLines, ['-g', '-s']);
    expect(await sorted(oddLines, sortLines({ numeric: true }))).to.deep.equal(expected);
    expect(await sorted(oddLines, sortLines({ numeric: true, memory: '16KB', tmpdir: dir }))).to.deep.equal(expected);
  });

  it('sorts numbers as sort -g -s does, spilled and merged in more than one pass', async () => {
    const lines = randomNumbers(100_000, 41).map(String);
    const stage = sortLines({ numeric: true, memory: '16KB', tmpdir: dir });
    expect(await sorted(lines, stage)).to.deep.equal(gnuSort(lines, ['-g', '-s']));
    // ~2 MB of text in 16 KB: some 250 runs, more than the 64 merged at once.
    expect(spillOf(stage).runsWritten).to.be.above(64);
    expect(spillOf(stage).runsMerged).to.equal(spillOf(stage).runsWritten);
  });

  it('keeps equal numbers in input order, whatever their text', async () => {
    const r = rng(42);
    const forms = ['1', '1.0', '1e0', '10e-1', '+1', ' 1', '2', '2.00', '0.2e1'];
    const lines = Array.from({ length: 5_000 }, (_, i) => `${forms[Math.floor(r() * forms.length)]}\t${i}`);
    const stage = sortLines({ numeric: true, memory: '16KB', tmpdir: dir });
    expect(await sorted(lines, stage)).to.deep.equal(gnuSort(lines, ['-g', '-s']));
  });

  it('sorts text in byte order as LC_ALL=C sort does, lines sharing long prefixes included', async () => {
    const r = rng(43);
    const prefixes = ['', 'same-prefix-', 'abcdefgh', 'abcdefg'];
    const lines = randomStrings(30_000, 44).map((s) => prefixes[Math.floor(r() * prefixes.length)] + s);
    const stage = sortLines({ memory: '32KB', tmpdir: dir });
    expect(await sorted(lines, stage, 2)).to.deep.equal(gnuSort(lines, []));
    expect(spillOf(stage).runsWritten).to.be.above(10);
    expect(await sorted(lines, sortLines(), 3)).to.deep.equal(gnuSort(lines, []));
  });

  it('ends a last line that has no newline, and gives nothing for nothing', async () => {
    const out: Buffer[] = [];
    await pipeline(Readable.from([Buffer.from('b\na')]), sortLines(), async (s: AsyncIterable<Buffer>) => {
      for await (const c of s) out.push(c);
    });
    expect(Buffer.concat(out).toString()).to.equal('a\nb\n');
    const nothing: Buffer[] = [];
    await pipeline(Readable.from([]), sortLines({ memory: '16KB', tmpdir: dir }), async (s: AsyncIterable<Buffer>) => {
      for await (const c of s) nothing.push(c);
    });
    expect(nothing).to.deep.equal([]);
  });

  it('takes a line longer than its budget', async () => {
    const long = 'x'.repeat(100_000);
    const lines = ['b', long, 'a', `${long}y`];
    expect(await sorted(lines, sortLines({ memory: '16KB', tmpdir: dir }))).to.deep.equal(['a', 'b', long, `${long}y`]);
  });

  it('removes its files and closes them when aborted mid-merge', async () => {
    const fds = openFds();
    const controller = new AbortController();
    const lines = randomNumbers(50_000, 45).map(String);
    const stage = sortLines({ numeric: true, memory: '16KB', tmpdir: dir });
    const err = await rejection(
      pipe(
        Readable.from(chunks(`${lines.join('\n')}\n`, 5)),
        stage,
        async (source: AsyncIterable<Buffer>) => {
          for await (const _ of source) controller.abort();
        },
        { signal: controller.signal },
      ),
    );
    expect((err as Error).name).to.equal('AbortError');
    expect(stage.destroyed).to.equal(true);
    expect(openFds()).to.equal(fds);
  });

  it('checks its options at once and does not change them', () => {
    const options = { numeric: true, memory: '1MB' };
    sortLines(options);
    expect(options).to.deep.equal({ numeric: true, memory: '1MB' });
    expect(thrown(() => sortLines({ numeric: 'yes' as never })).code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => sortLines({ memory: -1 })).code).to.equal('ERR_OUT_OF_RANGE');
  });
});
