import { expect } from 'chai';
import { RecordError } from '../../lib/core/errors.js';
import { canonicalString } from '../../lib/kmer/canonical.js';
import { decode } from '../../lib/kmer/encode.js';
import { DirectKmerTable } from '../../lib/kmer/direct-table.js';
import { KmerHashTable } from '../../lib/kmer/hash-table.js';
import { KmerScanner, type KmerScannerOptions } from '../../lib/kmer/scanner.js';
import { reusedChunks } from '../helpers/reused-buffer.js';

/** The obvious string implementation, as an independent reference. */
function naive(sequences: string[], k: number, canonical: boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const seq of sequences) {
    const s = seq.toUpperCase();
    for (let i = 0; i + k <= s.length; i++) {
      let kmer = s.slice(i, i + k);
      if (!/^[ACGT]+$/.test(kmer)) continue;
      if (canonical) kmer = canonicalString(kmer);
      out.set(kmer, (out.get(kmer) ?? 0) + 1);
    }
  }
  return out;
}

function scanAll(chunks: Iterable<Uint8Array>, k: number, options: KmerScannerOptions, direct = false): Map<string, number> {
  // A direct table takes the scanner's counting loops, a hash table its batch loops.
  const table = direct ? new DirectKmerTable(k) : new KmerHashTable({ initialCapacity: 8 });
  const scanner = new KmerScanner(k, table, { batchSize: 7, ...options });
  for (const c of chunks) scanner.scan(c);
  scanner.end();
  const out = new Map<string, number>();
  table.forEach((hi, lo, count) => out.set(decode(hi, lo, k), count));
  return out;
}

const enc = new TextEncoder();
const sortMap = (m: Map<string, number>): Map<string, number> => new Map([...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
// A '>' inside a line is not a header: it ends a run like any other non-base.
const FASTA =
  '>r1 first\nACGTACGTNNacgtAC\n;acgtacgt comment\nGGTTCA\n\n>r2\nTTTTGGGGCCCCAAAATTTTGGGGCCCCAAAATTTTGG\nAC>GTRYACG\r\nACG\r\n>empty\n>r3\nA\nC\nG\nT\nA\nC\n';
const FASTA_SEQS = ['ACGTACGTNNacgtAC', 'GGTTCA', 'TTTTGGGGCCCCAAAATTTTGGGGCCCCAAAATTTTGGAC>GTRYACGACG', '', 'ACGTAC'];
const FASTQ = '@q1\nACGTTGCAAC\n+\n@@+@IIIIII\n@q2 desc\nacgtnACGTAAAACCCC\nGG\n+q2\n+IIIIIIIIIIIIIIII\nII\n@q3\n\n+\n\n';
const FASTQ_SEQS = ['ACGTTGCAAC', 'acgtnACGTAAAACCCCGG', ''];
const LINES = 'ACGTACGTAC\nGGGCCCAAATTT\n\nacgtNacgtacgt\n';
const LINES_SEQS = ['ACGTACGTAC', 'GGGCCCAAATTT', '', 'acgtNacgtacgt'];

/** Every split of `text` into two chunks, and one byte per chunk. */
function splits(text: string): Uint8Array[][] {
  const bytes = enc.encode(text);
  const out: Uint8Array[][] = [[bytes], Array.from(bytes, (b) => Uint8Array.of(b))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe('KmerScanner', () => {
  for (const [name, text, seqs] of [
    ['FASTA', FASTA, FASTA_SEQS],
    ['FASTQ', FASTQ, FASTQ_SEQS],
    ['lines', LINES, LINES_SEQS],
  ] as const) {
    for (const k of [1, 3, 5, 10, 16, 17, 21, 31]) {
      for (const canonical of [false, true]) {
        it(`reads ${name} with k=${k}${canonical ? ' canonical' : ''} the same whatever the chunking`, () => {
          const expected = naive([...seqs], k, canonical);
          for (const chunks of splits(text)) {
            expect(scanAll(chunks, k, { canonical })).to.deep.equal(expected);
            if (k <= 12) expect(sortMap(scanAll(chunks, k, { canonical }, true))).to.deep.equal(sortMap(expected));
          }
        });
      }
    }
  }

  it('carries byte counts past 255 into exact totals (direct table, k ≥ 10)', () => {
    // One k-mer 700 times (a run of A), and a two-base repeat whose k-mers occur ~300 times.
    const text = `>a\n${'A'.repeat(709)}\n>b\n${'AC'.repeat(310)}\n`;
    for (const canonical of [false, true]) {
      const expected = naive(['A'.repeat(709), 'AC'.repeat(310)], 10, canonical);
      for (const chunks of [[enc.encode(text)], [enc.encode(text.slice(0, 333)), enc.encode(text.slice(333))]]) {
        expect(sortMap(scanAll(chunks, 10, { canonical }, true))).to.deep.equal(sortMap(expected));
      }
    }
  });

  it('counts k-mers that span line breaks and chunk boundaries', () => {
    const got = scanAll([enc.encode('>x\nAC'), enc.encode('G\nT'), enc.encode('A\n')], 4, { format: 'fasta' });
    expect(got).to.deep.equal(
      new Map([
        ['ACGT', 1],
        ['CGTA', 1],
      ]),
    );
  });

  it('scans bare sequences and resets between records', () => {
    const table = new KmerHashTable();
    const scanner = new KmerScanner(3, table);
    scanner.scanSequence(enc.encode('ACG'));
    scanner.scanSequence(enc.encode('T'));
    scanner.endRecord();
    scanner.scanSequence(enc.encode('GTAC'), 1, 4);
    scanner.end();
    expect(scanner.total).to.equal(3);
    const got = new Map<string, number>();
    table.forEach((hi, lo, c) => got.set(decode(hi, lo, 3), c));
    expect(got).to.deep.equal(
      new Map([
        ['ACG', 1],
        ['CGT', 1],
        ['TAC', 1],
      ]),
    );
  });

  it('detects the format from the first byte', () => {
    const table = new KmerHashTable();
    const s = new KmerScanner(3, table);
    s.scan(enc.encode('\n@r\nACGT\n+\nIIII\n'));
    expect(s.format).to.equal('fastq');
  });

  it('names the input and line of a malformed FASTQ record', () => {
    const bad = (text: string): RecordError => {
      const s = new KmerScanner(3, new KmerHashTable(), { format: 'fastq', input: 'reads.fq' });
      try {
        s.scan(enc.encode(text));
        s.end();
      } catch (err) {
        return err as RecordError;
      }
      throw new Error('no error');
    };
    let err = bad('@a\nACGT\n+\nIIII\nACGT\n');
    expect(err).to.be.instanceOf(RecordError);
    expect(err.code).to.equal('ERR_STREAMTOOLZ_BAD_RECORD');
    expect(err.message).to.equal("reads.fq line 5: expected '@' at the start of a FASTQ record, found 'A' (kmers(k=3))");
    err = bad('@a\nACGT\n+\nIIIIII\n');
    expect(err.message).to.match(/^reads\.fq line 4: quality is longer/);
    err = bad('@a\nACGT\n+\nII');
    expect(err.message).to.match(/cut short/);
  });

  it('keeps no view of a chunk: the reader may reuse its buffer (reuseBuffer, readRange)', () => {
    const fastq = Array.from({ length: 300 }, (_, i) => `@r${i}\n${'ACGTTGCAAC'.repeat(1 + (i % 9))}\n+\n${'I'.repeat(10 * (1 + (i % 9)))}\n`).join('');
    for (const [text, size] of [
      [FASTA.repeat(20), 13],
      [fastq, 29],
    ] as const) {
      const want = scanAll([enc.encode(text)], 5, {});
      expect(scanAll(reusedChunks(Buffer.from(text), size), 5, {}), `chunks of ${size}`).to.deep.equal(want);
    }
  });

  it('rejects k outside 1..31 at once', () => {
    expect(() => new KmerScanner(32, new KmerHashTable())).to.throw(RangeError, 'The "k" option must be an integer from 1 to 31. Received 32');
  });

  describe('input that is not sequence data', () => {
    /** The error of scanning `bytes` in chunks of `size`, or undefined. */
    const failure = (bytes: Uint8Array, size = bytes.length, options: KmerScannerOptions = {}): RecordError | undefined => {
      const s = new KmerScanner(3, new KmerHashTable(), { input: 'x', ...options });
      try {
        for (let i = 0; i < bytes.length; i += size) s.scan(bytes.subarray(i, i + size));
        s.end();
      } catch (err) {
        return err as RecordError;
      }
      return undefined;
    };

    it('rejects data that starts with no sequence format, as jellyfish does', () => {
      expect(failure(enc.encode('<html><body>404</body></html>\n'))?.message).to.equal(
        "x byte 0: not FASTA, FASTQ or sequence lines: the data starts with '<' (kmers(k=3))",
      );
      expect(failure(enc.encode('\n\n  {"a": 1}\n'))?.message).to.match(/^x byte 4: not FASTA, FASTQ or sequence lines: the data starts with '\{'/);
      expect(failure(Uint8Array.of(0x8b, 0x41, 0x43, 0x47, 0x54, 10))?.message).to.match(/the data starts with byte 0x8b/);
      expect(failure(enc.encode('42\n'))?.code).to.equal('ERR_STREAMTOOLZ_BAD_RECORD');
    });

    it('rejects a control character in the first 64 KiB, and a NUL byte anywhere, at its offset whatever the chunks', () => {
      const deflated = Buffer.concat([Buffer.from('ACGT\n'), Buffer.from([0x78, 0x9c, 0x03, 0x00])]);
      for (const size of [1, 3, 100]) {
        expect(failure(deflated, size)?.message, `chunks of ${size}`).to.equal(
          'x byte 7: binary data (byte 0x03), not FASTA, FASTQ or sequence lines (kmers(k=3))',
        );
      }
      const late = Buffer.concat([Buffer.from(`>a\n${'ACGT'.repeat(50_000)}\n`), Buffer.from([0x41, 0x00, 0x41])]);
      for (const size of [4096, late.length])
        expect(failure(late, size)?.message).to.equal('x byte 200005: binary data (byte 0x00), not FASTA, FASTQ or sequence lines (kmers(k=3))');
      // Past the first 64 KiB, other control characters are left to the parser (a run breaker, like N).
      expect(failure(Buffer.concat([Buffer.from(`${'ACGT'.repeat(20_000)}\n`), Buffer.from('AC\x01GT\n')]))).to.equal(undefined);
    });

    it('gives offsets in the whole input for a scanner of a range that starts past 0', () => {
      expect(failure(Buffer.from('>b\nAC\x00GT\n'), 3, { format: 'fasta', offset: 1000 })?.message).to.match(/^x byte 1005: binary data \(byte 0x00\)/);
    });

    it('skips a UTF-8 byte-order mark and leading blank space, whatever the chunks', () => {
      const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \n\t>r1\nACGTA\n>r2\nGG\n')]);
      for (const size of [1, 2, text.length]) {
        const table = new KmerHashTable();
        const s = new KmerScanner(3, table);
        for (let i = 0; i < text.length; i += size) s.scan(text.subarray(i, i + size));
        s.end();
        expect(s.format, `chunks of ${size}`).to.equal('fasta');
        expect(s.total).to.equal(3);
      }
      expect(failure(Uint8Array.of(0xef, 0xbb, 0x41, 10))?.message).to.match(/^x byte 0: .* starts with byte 0xef/);
    });

    it("takes ';' first as FASTA (an old-style comment), as the FASTA reader does", () => {
      const s = new KmerScanner(3, new KmerHashTable());
      s.scan(enc.encode(';comment GATTACA\n>r\nACGT\n'));
      s.end();
      expect(s.format).to.equal('fasta');
      expect(s.total).to.equal(2);
    });

    it('escapes a control character it names', () => {
      const records = '@a\nACGT\n+\nIIII\n'.repeat(5000); // past the first 64 KiB
      expect(failure(enc.encode(`${records}\x1b[2J\n`), undefined, { format: 'fastq' })?.message).to.equal(
        "x line 20001: expected '@' at the start of a FASTQ record, found byte 0x1b (kmers(k=3))",
      );
    });
  });
});
