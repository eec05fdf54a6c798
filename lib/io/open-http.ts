/**
 * GET an `http(s)://` URL and return its body as a stream, never buffered whole. Redirects
 * are followed (up to a limit); a status of 400 or more is an {@link InputError}; a server
 * that sends nothing for `timeout` ms is an error, not a hang. A connection cut in the middle
 * of the body surfaces as an error from the body stream (Node reports it as `aborted`).
 */
import type { IncomingMessage } from 'node:http';
import { InputError } from '../core/errors.js';
import { ACCEPT_ENCODING, checkEncodings, contentEncodings } from './content-encoding.js';
import { displayUrl } from './redact.js';

/** Options of {@link openHttp}. */
export interface HttpOptions {
  /** Milliseconds without any data before the request fails. Default 30000. */
  timeout?: number | undefined;
  /** Redirects followed before giving up. Default 10. */
  maxRedirects?: number | undefined;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /** HTTPS: certificate authorities to trust instead of the usual ones (PEM), e.g. a private server's. */
  ca?: string | Buffer | (string | Buffer)[] | undefined;
}

/** An open HTTP body with its size when the server sent a Content-Length. */
export interface HttpBody {
  response: IncomingMessage;
  totalBytes: number | undefined;
  /** Its Content-Encoding codings, in the order applied (see `content-encoding.ts`); all decodable. */
  encodings: string[];
}

/**
 * Opens `url`, following redirects. `name` is how errors name the input (the URL as given).
 *
 * @example
 * ```ts
 * const { response, totalBytes } = await openHttp('https://example.org/x.fa', new URL('https://example.org/x.fa'));
 * for await (const chunk of response) process.stdout.write(chunk);
 * ```
 */
export async function openHttp(name: string, url: URL, options: HttpOptions = {}): Promise<HttpBody> {
  const maxRedirects = options.maxRedirects ?? 10;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    // node:http and node:https (~10 ms of CPU, 3 MB) are loaded only when a URL is read.
    const client = current.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const response = await get(name, current, client.get, options);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      response.destroy();
      if (redirects >= maxRedirects) throw new InputError(name, `too many redirects (more than ${maxRedirects})`);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new InputError(name, `redirect to an unsupported URL: ${displayUrl(next)}`);
      current = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      const where = current.href === url.href ? '' : ` (after redirect to ${displayUrl(current)})`;
      throw new InputError(name, `HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd() + where);
    }
    const encodings = contentEncodings(response.headers['content-encoding']);
    try {
      checkEncodings(name, encodings);
    } catch (err) {
      response.destroy();
      throw err;
    }
    const length = Number(response.headers['content-length']);
    return { response, totalBytes: Number.isFinite(length) && length >= 0 ? length : undefined, encodings };
  }
}

function get(name: string, url: URL, httpGet: typeof import('node:https').get, options: HttpOptions): Promise<IncomingMessage> {
  const timeout = options.timeout ?? 30_000;
  return new Promise((resolve, reject) => {
    let response: IncomingMessage | undefined;
    // agent: false: one connection per input, closed when the body ends, so that nothing
    // keeps the process (or a test's server) alive afterwards.
    const tls = url.protocol === 'https:' && options.ca !== undefined ? { ca: options.ca } : {};
    const request = httpGet(url, {
      agent: false,
      signal: options.signal,
      headers: { 'user-agent': 'streamtoolz', 'accept-encoding': ACCEPT_ENCODING },
      ...tls,
    });
    request.setTimeout(timeout, () => {
      const err = new InputError(name, `timed out: no data for ${timeout} ms`);
      // Once the body is streaming, the error must come out of the body stream.
      if (response) response.destroy(err);
      else request.destroy(err);
    });
    request.once('response', (res) => {
      response = res;
      resolve(res);
    });
    request.once('error', (err) => {
      if (response) response.destroy(err);
      else reject(err);
    });
  });
}
