import { expect } from 'chai';
import { Readable, Transform } from 'node:stream';
import { pipe, sampleRun } from '../../lib/core/pipe.js';
import { formatStats, type PipeStats } from '../../lib/core/stats.js';
import { collect, sum } from '../../sinks/basic.js';
import { reduce } from '../../sinks/reduce.js';
import * as sources from '../../sources/index.js';
import { rejection } from '../helpers/support.js';
import { filter } from '../../transforms/filter.js';
import { flatMap } from '../../transforms/flat-map.js';
import { map } from '../../transforms/map.js';
import { tap } from '../../transforms/tap.js';

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

describe('pipe stats', () => {
  it('counts items in and out of every stage, times ours, and names the slowest', async () => {
    let report: PipeStats | undefined;
    const busy = (x: number): number => {
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      return x;
    };
    const passThrough = new Transform({ objectMode: true, transform: (c, _e, cb) => cb(null, c) });
    const total = await pipe(
      range(300),
      map((x: number) => x * 2),
      filter((x: number) => x % 3 !== 0),
      map(busy),
      passThrough,
      flatMap((x: number) => [x, x]),
      sum(),
      {
        stats: (s: PipeStats) => (report = s),
      },
    );
    expect(total).to.equal(
      2 *
        [...range(300)]
          .map((x) => x * 2)
          .filter((x) => x % 3 !== 0)
          .reduce((a, b) => a + b, 0),
    );
    const rows = report!.stages.map((s) => [s.position, s.name, s.itemsIn, s.itemsOut]);
    expect(rows).to.deep.equal([
      [1, 'from(Generator)', undefined, 300],
      [2, 'map(<anonymous>)', 300, 300],
      [3, 'filter(<anonymous>)', 300, 200],
      [4, 'map(busy)', 200, 200],
      [5, 'Transform', 200, 200],
      [6, 'flatMap(<anonymous>)', 200, 400],
      [7, 'sum', 400, undefined],
    ]);
    expect(report!.slowest!.name).to.equal('map(busy)');
    expect(report!.stages[4]!.ms, 'a foreign stage is not timed').to.equal(undefined);
    const table = formatStats(report!);
    expect(table).to.match(/^#\s+stage\s+items in\s+items out\s+bytes out\s+ms\n/);
    expect(table).to.include('slowest: map(busy) (stage 4)');
  });

  it('counts the bytes of stages that emit strings or Buffers, and the items a sink function reads', async () => {
    let report: PipeStats | undefined;
    await pipe(
      ['ab', 'cde'],
      map((s: string) => s.toUpperCase()),
      async (src: AsyncIterable<string>) => {
        for await (const _ of src);
      },
      { stats: (s: PipeStats) => (report = s) },
    );
    expect(report!.stages[1]!.bytesOut).to.equal(5);
    expect(report!.stages[2]!.itemsIn).to.equal(2);
  });

  it('counts what stages skip under onError, fused, concurrent and in the sink, and shows the column only then', async () => {
    let report: PipeStats | undefined;
    const odd = (x: number): number => {
      if (x % 2 === 1) throw new Error('odd');
      return x;
    };
    const noFives = async (x: number): Promise<number> => {
      if (x % 5 === 0) throw new Error('five');
      return x;
    };
    const total = await pipe(
      range(20),
      map(odd, { onError: 'skip' }),
      map(noFives, { onError: 'skip', concurrency: 2 }),
      reduce((a: number, x: number) => (x === 8 ? odd(1) : a + x), 0, { onError: 'skip' }),
      { stats: (s: PipeStats) => (report = s) },
    );
    expect(total).to.equal(2 + 4 + 6 + 12 + 14 + 16 + 18);
    expect(report!.stages.map((s) => s.skipped)).to.deep.equal([undefined, 10, 2, 1]);
    expect(formatStats(report!)).to.match(/^#\s+stage\s+items in\s+items out\s+bytes out\s+ms\s+skipped\n/);
  });

  it('times an async reducer that rejects without leaving the rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown): number => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const add = async (a: number, x: number): Promise<number> => {
        if (x === 2) throw new Error('two');
        return a + x;
      };
      const err = await rejection(pipe([1, 2, 3], reduce(add, 0), { stats: () => {} }));
      expect((err as Error).message).to.equal('reduce(add) (stage 2) failed at item 1: two');
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reports what a record source skipped, through its kSkipped', async () => {
    let report: PipeStats | undefined;
    const upload = Readable.from(['a,b\n1,2\n3,4,5\n6,7\n']);
    const n = await pipe(sources.csv(upload, { columns: true, onError: 'skip' }), collect(), {
      stats: (s: PipeStats) => (report = s),
    });
    expect(n).to.have.length(2);
    expect(report!.stages[0]!.skipped).to.equal(1);
  });

  it('prints the table to stderr with stats: true', async () => {
    const write = process.stderr.write;
    let text = '';
    process.stderr.write = ((chunk: string) => ((text += chunk), true)) as typeof process.stderr.write;
    try {
      await pipe(
        [1, 2, 3],
        map((x: number) => x),
        sum(),
        { stats: true },
      );
    } finally {
      process.stderr.write = write;
    }
    expect(text).to.include('map(<anonymous>)');
    expect(text).to.include('slowest:');
  });
});

describe('sampleRun', () => {
  it('runs a pipe on the first n records of an endless source', async () => {
    expect(
      await sampleRun(4)(
        range(Number.MAX_SAFE_INTEGER),
        map((x: number) => x * 10),
        collect(),
      ),
    ).to.deep.equal([0, 10, 20, 30]);
  });

  it('throws at once for a bad n', () => {
    expect(() => sampleRun(-1)).to.throw(RangeError, 'The "n" option must be a non-negative integer. Received -1');
  });
});

describe('tap with a label', () => {
  it('logs the first n items, one line each, and passes everything on', async () => {
    const lines: string[] = [];
    const out = await pipe([{ id: 'a' }, { id: 'b' }, { id: 'c' }], tap('record', { n: 2, log: (l) => lines.push(l) }), collect());
    expect(out).to.have.length(3);
    expect(lines).to.deep.equal(["record[0]: { id: 'a' }", "record[1]: { id: 'b' }"]);
  });
});
