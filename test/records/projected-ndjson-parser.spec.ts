import { expect } from 'chai';
import { RecordError } from '../../lib/core/errors.js';
import { compileFields } from '../../lib/records/field-paths.js';
import { JsonFieldScanner } from '../../lib/records/json-field-scanner.js';
import { ProjectedNdjsonParser } from '../../lib/records/projected-ndjson-parser.js';

function parse(pieces: string[], maxLineLength?: number): unknown[] {
  const parser = new ProjectedNdjsonParser('x.ndjson', 'json(x.ndjson)', new JsonFieldScanner(compileFields(['a'])), { maxLineLength });
  const out: unknown[] = [];
  for (const p of pieces) parser.write(Buffer.from(p), out);
  parser.end(out);
  return out;
}

describe('ProjectedNdjsonParser', () => {
  it('splits lines across chunks, dropping a BOM, CR before LF and blank lines', () => {
    const text = '\ufeff{"a":1,"b":2}\r\n\n  \n{"b":3}\n{"a":[4]}';
    expect(parse([text])).to.deep.equal([{ a: 1 }, {}, { a: [4] }]);
    // One byte per chunk: the BOM and every line are cut.
    const parser = new ProjectedNdjsonParser('x', 's', new JsonFieldScanner(compileFields(['a'])));
    const out: unknown[] = [];
    for (const b of Buffer.from(text)) parser.write(Buffer.from([b]), out);
    parser.end(out);
    expect(out).to.deep.equal([{ a: 1 }, {}, { a: [4] }]);
  });

  it('names the line of a malformed record', () => {
    expect(() => parse(['{"a":1}\n\n{"a":', '2,}\n'])).to.throw(RecordError, /^x\.ndjson line 3: not valid JSON: /);
  });

  it('fails a line longer than maxLineLength, cut between chunks or not', () => {
    expect(() => parse(['{"a":1}\n{"a":"', '123456789"}\n'], 12)).to.throw(
      RecordError,
      'x.ndjson line 2: line longer than maxLineLength (12 bytes): at least 17 bytes',
    );
    expect(() => parse(['{"a":"123456789"}\n'], 12)).to.throw(RecordError, /line 1: line longer than maxLineLength/);
  });
});
