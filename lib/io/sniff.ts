/**
 * Format sniffing on the first bytes of an input: the first byte that is not a UTF-8
 * byte-order mark or blank space.
 */

/**
 * The first significant byte of `head`, or -1 when `head` is only blank space (or a
 * partial byte-order mark) so far and more bytes are needed to decide.
 *
 * @example
 * ```ts
 * firstSignificantByte(Buffer.from('\ufeff  [1]')); // 0x5b ('[')
 * firstSignificantByte(Buffer.from('  \n'));        // -1
 * ```
 */
export function firstSignificantByte(head: Buffer): number {
  let i = 0;
  if (head[0] === 0xef) {
    if (head.length < 3) return -1;
    if (head[1] === 0xbb && head[2] === 0xbf) i = 3;
  }
  for (; i < head.length; i++) {
    const c = head[i] as number;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
  }
  return -1;
}
