/**
 * Strings as bytes for the string sort: UTF-8, except that a lone surrogate (a string
 * JavaScript allows but Unicode does not) is written as the 3 bytes its code point would
 * take (WTF-8), so that no string comes back changed and byte order stays code point order.
 * Well-formed strings take Buffer's fast UTF-8 path.
 */

/**
 * Writes `s` at `buf[at...]` (room for `3 * s.length` bytes needed); returns the bytes
 * written.
 *
 * @example
 * ```ts
 * writeString(buf, 0, 'a\uD800'); // 4 bytes: 61 ED A0 80
 * ```
 */
export function writeString(buf: Buffer, at: number, s: string): number {
  if ((s as unknown as { isWellFormed(): boolean }).isWellFormed()) return buf.write(s, at, 'utf8');
  let n = at;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) buf[n++] = c;
    else if (c < 0x800) {
      buf[n++] = 0xc0 | (c >> 6);
      buf[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      buf[n++] = 0xe0 | (c >> 12);
      buf[n++] = 0x80 | ((c >> 6) & 63);
      buf[n++] = 0x80 | (c & 63);
    } else {
      buf[n++] = 0xf0 | (c >> 18);
      buf[n++] = 0x80 | ((c >> 12) & 63);
      buf[n++] = 0x80 | ((c >> 6) & 63);
      buf[n++] = 0x80 | (c & 63);
    }
  }
  return n - at;
}

/**
 * Reads back what `writeString` wrote at `buf[start, end)`.
 *
 * @example
 * ```ts
 * readString(buf, 0, 4); // 'a\uD800'
 * ```
 */
export function readString(buf: Buffer, start: number, end: number): string {
  const s = buf.toString('utf8', start, end);
  // Buffer's decoder turns an encoded surrogate into U+FFFD: decode such strings by hand.
  if (s.indexOf('\uFFFD') === -1 || !hasSurrogateBytes(buf, start, end)) return s;
  let out = '';
  for (let i = start; i < end; ) {
    const b = buf[i]!;
    let c: number;
    if (b < 0x80) c = buf[i++]!;
    else if (b < 0xe0) c = ((b & 31) << 6) | (buf[i + 1]! & 63);
    else if (b < 0xf0) c = ((b & 15) << 12) | ((buf[i + 1]! & 63) << 6) | (buf[i + 2]! & 63);
    else c = ((b & 7) << 18) | ((buf[i + 1]! & 63) << 12) | ((buf[i + 2]! & 63) << 6) | (buf[i + 3]! & 63);
    if (b >= 0x80) i += b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    out += String.fromCodePoint(c);
  }
  return out;
}

/** True when `buf[start, end)` holds the WTF-8 bytes of a surrogate (ED A0..BF ..). */
function hasSurrogateBytes(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i + 1 < end; i++) if (buf[i] === 0xed && buf[i + 1]! >= 0xa0) return true;
  return false;
}
