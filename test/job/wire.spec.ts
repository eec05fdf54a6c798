import { expect } from 'chai';
import { codes } from '../../lib/core/errors.js';
import { FrameWriter } from '../../lib/parallel/codec.js';
import { aggregatorOf } from '../../lib/job/mergeable.js';
import { decodeWire, encodeWire } from '../../lib/job/wire.js';
import * as sinks from '../../sinks/index.js';

const frame = (tag: string, text: string): Uint8Array => {
  const json = Buffer.from(text);
  return new FrameWriter(tag, 1).u32(json.length).bytes(json).finish();
};

describe('wire encoding of sink states', () => {
  it('keeps what each value was: number and string keys, NaN, -0, bigint, undefined, Dates, nested Maps', () => {
    const value = new Map<unknown, unknown>([
      [3, 'three'],
      ['3', [Number.NaN, -0, Infinity, 10n, undefined]],
      [true, { $: 'a user key', d: new Date(5), inner: new Map([[null, new Set([1])]]) }],
    ]);
    expect(decodeWire(encodeWire('TEST', value), 'TEST', 'test')).to.deep.equal(value);
  });

  it('refuses what cannot travel, naming it', () => {
    expect(() => encodeWire('TEST', [() => 1])).to.throw(TypeError, /a function cannot be sent/);
    expect(() => encodeWire('TEST', new (class Point {})())).to.throw(TypeError, /a Point instance cannot be sent/);
  });

  it('reads untrusted bytes defensively: one BAD_RECORD error per kind of damage, never a prototype change', () => {
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from('hello'), /not a TEST state/],
      [frame('TEST', '{"a":'), /not JSON/],
      [frame('TEST', '{"$":"code","v":"process.exit()"}'), /unknown value tag "code"/],
      [frame('TEST', '{"$":"big","v":"12x"}'), /bad bigint/],
      [frame('TEST', '{"$":"map","v":[[1]]}'), /bad Map entries/],
      [frame('TEST', `${'['.repeat(300)}${']'.repeat(300)}`), /nested deeper than 256/],
      [frame('TEST', '[1]').subarray(0, 10), /truncated/],
    ];
    for (const [bytes, why] of cases) {
      expect(() => decodeWire(bytes, 'TEST', 'test'), why.source)
        .to.throw(why)
        .with.property('code', codes.BAD_RECORD);
    }
    const o = decodeWire(frame('TEST', '{"__proto__":{"polluted":1}}'), 'TEST', 'test') as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("checks each state's shape: counts are positive integers, topk at most k ranked items", () => {
    const counts = aggregatorOf(sinks.countBy('w'));
    expect(() => counts.decode(encodeWire('CNTK', new Map([['a', -1]])))).to.throw(/countBy\("w"\) state: a count is not a positive integer/);
    const top = aggregatorOf(sinks.topk(2));
    expect(() => top.decode(encodeWire('TOPK', [1, 2, 3]))).to.throw(/at most 2 items/);
    expect(() => top.decode(encodeWire('TOPK', [1, 2]))).to.throw(/not in ranked order/);
    expect(() => counts.decode(aggregatorOf(sinks.count()).encode(3))).to.throw(/not a CNTK state/);
  });
});
