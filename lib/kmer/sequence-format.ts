/**
 * What sequence data looks like from its first bytes, for the k-mer scanner and the plan
 * of a `--threads` run: the format its first significant byte announces, and the bytes no
 * FASTA, FASTQ or sequence-lines file holds (binary and compressed data).
 */

/**
 * How many bytes at the start of an input are checked for control characters: binary and
 * compressed data (a deflate or brotli body nobody decoded, an executable) show them in
 * their first bytes, while the rest of the input is only checked for NUL (`indexOf(0)`, at
 * memory speed).
 */
export const TEXT_CHECK_BYTES = 1 << 16;

/**
 * Where the first byte of `buf[from, to)` that text does not hold is: a control character
 * other than tab, line feed and carriage return, or DEL. -1 when there is none.
 *
 * @example
 * ```ts
 * controlByteIndex(Buffer.from('ACGT\r\n\x1b[0m'), 0, 10); // 6
 * ```
 */
export function controlByteIndex(buf: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return i;
  }
  return -1;
}

/**
 * A byte as a message shows it: `'x'` when it is printable ASCII, else `byte 0x8b`.
 *
 * @example
 * ```ts
 * showByte(0x3c); // "'<'"
 * showByte(0x1f); // 'byte 0x1f'
 * ```
 */
export function showByte(c: number): string {
  return c > 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/**
 * The sequence format that the first significant byte of an input announces: `>` (or an
 * old-style `;` comment) FASTA, `@` FASTQ, a letter or `-`, `*`, `.` one sequence per line;
 * undefined for anything else (`<html>`, `{`, a digit, binary data), which is not sequence
 * data at all.
 *
 * @example
 * ```ts
 * sequenceFormatOf(0x3e); // 'fasta'
 * sequenceFormatOf(0x7b); // undefined ('{')
 * ```
 */
export function sequenceFormatOf(c: number): 'fasta' | 'fastq' | 'lines' | undefined {
  if (c === 62 || c === 59) return 'fasta';
  if (c === 64) return 'fastq';
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 42 || c === 46) return 'lines';
  return undefined;
}
