/**
 * Validating skips over JSON text in bytes: each function takes the position of a value
 * (or of a string's first byte) and returns the position just past it, or -1 when the bytes
 * are not JSON as `JSON.parse` reads it. Nothing is built: this is how the field scanner
 * passes over the parts of a record nobody asked for, and still rejects every record
 * `JSON.parse` rejects. Like simdjson's On-Demand `skip_child`, a container is skipped by
 * depth counting, but here every scalar inside is checked too, since a malformed record
 * must fail whatever the projection. Iterative, so deep nesting cannot overflow the stack.
 *
 * The loops do not test the end of the record on every byte: they stop at the byte after
 * it (a line break, or the `,`/`]` after an array element) or at the end of the buffer
 * (reading `undefined`), and positions only grow, so the caller's final check that it
 * stopped exactly at the end catches any run past it. Knows nothing of streams.
 */

/** JSON's blank space: space, tab, line feed, carriage return. */
export function skipSpace(buf: Uint8Array, i: number): number {
  let c = buf[i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = buf[++i];
  return i;
}

/** `\uXXXX` takes four hex digits; the other escapes one of `"\/bfnrt`. */
const HEX = new Uint8Array(256);
const ESCAPE = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1;

/** Past the escape that starts at `buf[i]` (the byte after the backslash), or -1. */
export function skipEscape(buf: Uint8Array, i: number): number {
  const e = buf[i] as number;
  if (e === 117) {
    // A missing byte reads undefined, which indexes to undefined: not a hex digit.
    if (HEX[buf[i + 1] as number] !== 1 || HEX[buf[i + 2] as number] !== 1 || HEX[buf[i + 3] as number] !== 1 || HEX[buf[i + 4] as number] !== 1) return -1;
    return i + 5;
  }
  return ESCAPE[e] === 1 ? i + 1 : -1;
}

/** Past the closing quote of the string whose first byte (after the opening quote) is at `i`. */
export function skipString(buf: Uint8Array, i: number): number {
  for (;;) {
    const c = buf[i++] as number;
    // Most bytes are letters, digits or UTF-8 continuation bytes: settled in one or two tests.
    if (c > 92) continue;
    if (c > 34) {
      if (c !== 92) continue;
      i = skipEscape(buf, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === 34) return i;
    // JSON allows no raw control character in a string; undefined is the end of the buffer.
    if (!(c >= 32)) return -1;
  }
}

/** Past a number that starts at `i` (`-` or a digit), checked against JSON's grammar. */
export function skipNumber(buf: Uint8Array, i: number): number {
  let c = buf[i];
  if (c === 45) c = buf[++i];
  if (c === 48) c = buf[++i];
  else if (c !== undefined && c >= 49 && c <= 57) {
    do c = buf[++i];
    while (c !== undefined && c >= 48 && c <= 57);
  } else return -1;
  if (c === 46) {
    const from = ++i;
    c = buf[i];
    while (c !== undefined && c >= 48 && c <= 57) c = buf[++i];
    if (i === from) return -1;
  }
  if (c === 101 || c === 69) {
    c = buf[++i];
    if (c === 43 || c === 45) c = buf[++i];
    const from = i;
    while (c !== undefined && c >= 48 && c <= 57) c = buf[++i];
    if (i === from) return -1;
  }
  return i;
}

/** Past `true`, `false` or `null` at `i`, or -1. */
export function skipLiteral(buf: Uint8Array, i: number): number {
  const c = buf[i];
  if (c === 116) return buf[i + 1] === 114 && buf[i + 2] === 117 && buf[i + 3] === 101 ? i + 4 : -1;
  if (c === 102) return buf[i + 1] === 97 && buf[i + 2] === 108 && buf[i + 3] === 115 && buf[i + 4] === 101 ? i + 5 : -1;
  if (c === 110) return buf[i + 1] === 117 && buf[i + 2] === 108 && buf[i + 3] === 108 ? i + 4 : -1;
  return -1;
}

/** Open containers of the value being skipped: `{` or `[` per level. */
let stack = new Uint8Array(64);

/** Past a key (a string at `i`), the blank space around it and its colon: at its value. */
function skipKey(buf: Uint8Array, i: number): number {
  if (buf[i] !== 34) return -1;
  i = skipString(buf, i + 1);
  if (i < 0) return -1;
  i = skipSpace(buf, i);
  return buf[i] === 58 ? skipSpace(buf, i + 1) : -1;
}

/** Past any JSON value at `i` (blank space already skipped). */
export function skipValue(buf: Uint8Array, i: number): number {
  let depth = 0;
  for (;;) {
    const c = buf[i];
    if (c === 34) i = skipString(buf, i + 1);
    else if (c === 123 || c === 91) {
      i = skipSpace(buf, i + 1);
      if (buf[i] === c + 2)
        i++; // `{}` or `[]`: '}' and ']' are two past '{' and '['
      else {
        if (depth === stack.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[depth++] = c;
        if (c === 123) i = skipKey(buf, i);
        if (i < 0) return -1;
        continue;
      }
    } else if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) i = skipNumber(buf, i);
    else i = skipLiteral(buf, i);
    if (i < 0) return -1;
    // After a value: close containers, or go on after a comma.
    for (;;) {
      if (depth === 0) return i;
      i = skipSpace(buf, i);
      const d = buf[i];
      const open = stack[depth - 1] as number;
      if (d === 44) {
        i = skipSpace(buf, i + 1);
        if (open === 123) i = skipKey(buf, i);
        if (i < 0) return -1;
        break;
      }
      if (d !== open + 2) return -1;
      i++;
      depth--;
    }
  }
}
