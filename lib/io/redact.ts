/**
 * Credentials never reach a message: a URL given as `https://user:secret@host/x` is shown
 * as `https://***@host/x` in errors, progress and stage names, while the request itself
 * still sends them.
 */

/**
 * `scheme://` followed by anything up to the last `@` before a blank: user information with
 * an unescaped `/` or `@` in the password included. Never to show a password outweighs an
 * `@` in a path, which is hidden too.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)\S*@/gi;

/**
 * `text` with the user information of every URL in it replaced by `***`.
 *
 * @example
 * ```ts
 * redactCredentials('GET https://ann:s3cret@example.org/x failed'); // 'GET https://***@example.org/x failed'
 * ```
 */
export function redactCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}

/**
 * How an input URL is shown: as given, or with `***` for its user name and password when
 * it has any.
 *
 * @example
 * ```ts
 * displayUrl('https://ann:s3cret@example.org/reads.fa'); // 'https://***@example.org/reads.fa'
 * displayUrl('https://example.org/reads.fa');            // 'https://example.org/reads.fa'
 * ```
 */
export function displayUrl(input: string | URL): string {
  const url = typeof input === 'string' ? parse(input) : input;
  if (url === undefined) return redactCredentials(input as string);
  if (url.username === '' && url.password === '') return typeof input === 'string' ? input : input.href;
  const shown = new URL(url.href);
  shown.username = '***';
  shown.password = '';
  return shown.href;
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
