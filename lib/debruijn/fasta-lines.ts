/**
 * FASTA text of assembled sequences, in chunks of about 1 MB so that a genome-sized
 * sequence is written without building one string of it plus its line breaks.
 */

/**
 * A FASTA record (`>header`, then the sequence in lines of `width`; 0 for one line), as chunks.
 *
 * @example
 * ```ts
 * [...fastaChunks('contig_1 length=10', 'ATGGCGTGCA', 4)].join(''); // '>contig_1 length=10\nATGG\nCGTG\nCA\n'
 * ```
 */
export function* fastaChunks(header: string, sequence: string, width: number): Generator<string, void, undefined> {
  yield `>${header}\n`;
  const step = width > 0 ? width : sequence.length || 1;
  const perChunk = Math.max(1, Math.floor((1 << 20) / (step + 1)));
  for (let i = 0; i < sequence.length; ) {
    const lines: string[] = [];
    for (let n = 0; n < perChunk && i < sequence.length; n++, i += step) lines.push(sequence.slice(i, i + step));
    yield `${lines.join('\n')}\n`;
  }
}
