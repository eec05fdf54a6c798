/**
 * How a piece of input data is shown in an error message: quoted, cut to a few dozen
 * characters, control characters escaped. Data is untrusted: a 100 kB field must not become
 * a 100 kB error line, and an escape sequence in a file must not reach the user's terminal.
 */

/** Characters that a terminal acts on or that reorder or break a line: C0, DEL, C1, line and bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The longest text {@link quoteData} shows, in characters, before it cuts. */
export const QUOTE_MAX = 60;

/**
 * `text` with every control character written as an escape (`\x1b`, `\u202e`), so that the
 * message stays one line and nothing in it drives the terminal.
 *
 * @example
 * ```ts
 * escapeControl('a\x1b[31mb\n'); // 'a\\x1b[31mb\\x0a'
 * ```
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * `text` in single quotes for a message: control characters escaped, and when longer than
 * `max` characters, its first ones followed by `…` and the full length.
 *
 * @example
 * ```ts
 * quoteData('abc');                 // "'abc'"
 * quoteData('9'.repeat(100000));    // "'99999…99' (100000 characters)" (at most 60 shown)
 * ```
 */
export function quoteData(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return `'${escapeControl(text)}'`;
  // Cut before escaping, so that an escape is never cut in half; nor is a surrogate pair.
  let head = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `'${escapeControl(head)}…' (${text.length} characters)`;
}
