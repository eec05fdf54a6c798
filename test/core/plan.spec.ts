import { expect } from 'chai';
import { PassThrough, type Readable, type Transform, Writable } from 'node:stream';
import { IterableSource } from '../../lib/core/from.js';
import { OpStage } from '../../lib/core/op-stage.js';
import { plan } from '../../lib/core/plan.js';
import { kName, kOps } from '../../lib/core/symbols.js';
import { collect, sum } from '../../sinks/basic.js';
import { filter } from '../../transforms/filter.js';
import { flatMap } from '../../transforms/flat-map.js';
import { map } from '../../transforms/map.js';
import { thrown } from '../helpers/support.js';

const double = (x: number): number => x * 2;
const foreign = (): Transform => new PassThrough({ objectMode: true });

describe('plan', () => {
  it('fuses a run of op stages into one stage, and the ops before a reducer into the sink', () => {
    const f = foreign();
    const { parts, streams, hasSink } = plan([[1, 2, 3], map(double), filter(Boolean), f, flatMap((x: number) => [x]), map(double), sum()]);
    expect(parts).to.have.length(4);
    expect(parts[0]).to.be.instanceOf(IterableSource);
    const fused = parts[1] as OpStage;
    expect(fused).to.be.instanceOf(OpStage);
    expect(fused[kName]).to.equal('map(double) | filter(Boolean)');
    expect(fused[kOps].map((op) => op.position)).to.deep.equal([2, 3]);
    expect(parts[2]).to.equal(f);
    expect(typeof parts[3]).to.equal('function');
    expect(hasSink).to.equal(true);
    expect([...streams.values()].map((s) => `${s.position}:${s.name}`)).to.deep.equal(['1:from(Array)', '2:map(double) | filter(Boolean)', '4:PassThrough']);
  });

  it('has the source send batches when the stage reading it is fused', () => {
    const { parts } = plan([[1, 2, 3], map(double), sum()]);
    expect(parts).to.have.length(2);
    // The source in batch mode pushes arrays.
    const source = parts[0] as Readable;
    expect(source.read()).to.deep.equal([1, 2, 3]);
  });

  it('ends with a Writable as is, and with no sink result', () => {
    const dest = new Writable({ objectMode: true, write: (_x, _e, cb) => cb() });
    const { parts, hasSink, streams } = plan([[1], map(double), dest]);
    expect(hasSink).to.equal(false);
    expect(streams.get(dest)).to.deep.equal({ name: 'Writable', position: 3 });
    expect(parts.at(-1)).to.not.equal(undefined);
  });

  it('puts a take of `sample` items right after the source', () => {
    const { parts } = plan([[1, 2, 3, 4], collect()], { sample: 2 });
    expect(parts).to.have.length(2);
    expect(typeof parts[1]).to.equal('function');
  });

  it('refuses what is not a stage, with a code', () => {
    const err = thrown(() => plan([[1], 42, sum()]));
    expect(err).to.be.instanceOf(TypeError);
    expect(err.code).to.equal('ERR_INVALID_ARG_TYPE');
    expect(err.message).to.equal('Stage 2 of pipe() must be a stream or a function. Received type number (42)');
  });
});
