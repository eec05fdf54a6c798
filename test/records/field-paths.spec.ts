import { expect } from 'chai';
import { codes } from '../../lib/core/errors.js';
import { compileFields, type FieldNode } from '../../lib/records/field-paths.js';

/** The tree as plain data: key → true (whole value) or its subtree. */
function shape(node: FieldNode): Record<string, unknown> {
  return Object.fromEntries(node.keys.map((k) => [k.name, k.child === undefined ? true : shape(k.child)]));
}

describe('compileFields', () => {
  it('builds a tree of keys from dotted paths, with each key’s UTF-8 bytes', () => {
    const root = compileFields(['status', 'req.path', 'req.ms', 'ü']);
    expect(shape(root)).to.deep.equal({ status: true, req: { path: true, ms: true }, ü: true });
    expect([...(root.keys[2]?.bytes ?? [])]).to.deep.equal([0xc3, 0xbc]);
  });

  it('lets a shorter path that wants the whole value win, in either order', () => {
    expect(shape(compileFields(['a.b', 'a', 'a.c']))).to.deep.equal({ a: true });
    expect(shape(compileFields(['a', 'a.b.c']))).to.deep.equal({ a: true });
  });

  it('rejects what is not a non-empty array of dotted paths', () => {
    for (const bad of [undefined, [], 'a', ['a.'], [''], [null]]) {
      expect(() => compileFields(bad), JSON.stringify(bad))
        .to.throw(TypeError)
        .with.property('code', codes.INVALID_ARG_VALUE);
    }
  });
});
