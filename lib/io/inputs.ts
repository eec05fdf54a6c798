/**
 * What a source reads: a path, a glob, an `http(s)://` URL, `'-'` for stdin, a `Readable`, a
 * Web `ReadableStream` of bytes (a `fetch()` body), or an array of these. This module checks such a description at once (bad arguments throw
 * when the source is made, not when it is read) and expands it, at open time, into the
 * ordered list of concrete inputs.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { InputError, StreamtoolzError, codes } from '../core/errors.js';
import { received } from '../core/validate.js';
import { displayUrl, redactCredentials } from './redact.js';

/**
 * One input: a path, a glob, an `http(s)://` or `file://` URL, `'-'` for stdin, a `Readable`
 * or a Web `ReadableStream` of bytes (or strings). Streams passed in stay the caller's: the
 * source stops reading them when it stops, and never destroys or cancels them.
 */
export type Input = string | Readable | WebReadableStream<Uint8Array | string>;
/** What every source accepts: one input or an array of them, read one after another. */
export type InputSpec = Input | readonly Input[];

/** A concrete input, after globs are expanded. */
export type ResolvedInput =
  | { kind: 'file'; name: string; path: string }
  | { kind: 'url'; name: string; url: URL }
  | { kind: 'stdin'; name: string }
  | { kind: 'stream'; name: string; stream: Readable }
  | { kind: 'web'; name: string; stream: WebReadableStream<Uint8Array | string> };

/** A Web `ReadableStream` (by shape, so that one from another realm or a polyfill counts too). */
export function isWebStream(x: unknown): x is WebReadableStream<Uint8Array | string> {
  return typeof x === 'object' && x !== null && !(x instanceof Readable) && typeof (x as WebReadableStream).getReader === 'function';
}

/**
 * Checks an input description and returns it as a non-empty array (a copy: the caller's
 * array is never kept or changed).
 *
 * @example
 * ```ts
 * normalizeInputs(['a.fa', 'reads/*.fq.gz']); // ['a.fa', 'reads/*.fq.gz']
 * ```
 */
export function normalizeInputs(spec: unknown, argName = 'input'): Input[] {
  const list = Array.isArray(spec) ? [...(spec as unknown[])] : [spec];
  if (list.length === 0) {
    throw Object.assign(new TypeError(`The "${argName}" argument must not be an empty array.`), { code: codes.INVALID_ARG_VALUE });
  }
  for (const item of list) {
    if ((typeof item === 'string' && item.length > 0) || item instanceof Readable || isWebStream(item)) continue;
    throw Object.assign(
      new TypeError(`The "${argName}" argument must be a path, glob, URL, '-', a Readable, a ReadableStream or an array of these. ${received(item)}`),
      {
        code: codes.INVALID_ARG_TYPE,
      },
    );
  }
  return list as Input[];
}

/**
 * How an input is named in errors and progress: `-` is `stdin`, a file stream its path.
 *
 * @example
 * ```ts
 * inputName('-'); // 'stdin'
 * inputName(createReadStream('a.txt')); // 'a.txt'
 * ```
 */
export function inputName(input: Input): string {
  if (typeof input === 'string') return input === '-' ? 'stdin' : urlPattern.test(input) ? displayUrl(input) : input;
  if (isWebStream(input)) return 'stream';
  const path = (input as Readable & { path?: unknown }).path;
  return typeof path === 'string' ? path : 'stream';
}

/**
 * A source's display name.
 *
 * @example
 * ```ts
 * sourceName('fasta', ['a.fa', 'b.fa', 'c.fa']); // 'fasta(a.fa, +2 more)'
 * ```
 */
export function sourceName(kind: string, inputs: readonly Input[]): string {
  const first = inputName(inputs[0] as Input);
  return `${kind}(${first}${inputs.length > 1 ? `, +${inputs.length - 1} more` : ''})`;
}

/**
 * Throws NOT_REOPENABLE when an input cannot be read a second time (stdin, a passed-in
 * stream); `what` names the source in the message.
 *
 * @example
 * ```ts
 * assertReopenable(['-'], 'lines(stdin)'); // throws: lines(stdin) cannot be read a second time: it reads stdin, ...
 * ```
 */
export function assertReopenable(inputs: readonly Input[], what: string): void {
  for (const input of inputs) {
    if (input === '-') {
      throw new StreamtoolzError(
        codes.NOT_REOPENABLE,
        `${what} cannot be read a second time: it reads stdin, which can only be read once. Save the data to a file for a second pass.`,
      );
    }
    if (typeof input !== 'string') {
      throw new StreamtoolzError(
        codes.NOT_REOPENABLE,
        `${what} cannot be read a second time: it reads a stream that was passed in. Pass a path, glob or URL for a second pass.`,
      );
    }
  }
}

const urlPattern = /^https?:\/\//i;

/**
 * A name without any of these characters is no glob: only then is `tinyglobby` (with
 * picomatch and fdir, 15 ms of CPU and 3 MB to load) loaded to decide and expand.
 */
const globChars = /[*?[\]{}()!+@]/;
let tinyglobby: Promise<typeof import('tinyglobby')> | undefined;
const globber = (): Promise<typeof import('tinyglobby')> => (tinyglobby ??= import('tinyglobby'));

/**
 * Expands the inputs into concrete ones, in the order given; each glob's matches are sorted
 * so that runs are reproducible. A glob matching no file is an error (a typo should not
 * read nothing and succeed).
 *
 * @example
 * ```ts
 * await resolveInputs(['reads/*.fq.gz', '-']);
 * // [{ kind: 'file', name: 'reads/a.fq.gz', ... }, { kind: 'file', name: 'reads/b.fq.gz', ... }, { kind: 'stdin', name: 'stdin' }]
 * ```
 */
export async function resolveInputs(inputs: readonly Input[]): Promise<ResolvedInput[]> {
  const out: ResolvedInput[] = [];
  for (const input of inputs) {
    if (input instanceof Readable) out.push({ kind: 'stream', name: inputName(input), stream: input });
    else if (isWebStream(input)) out.push({ kind: 'web', name: inputName(input), stream: input });
    else if (input === '-') out.push({ kind: 'stdin', name: 'stdin' });
    else if (urlPattern.test(input)) out.push({ kind: 'url', name: displayUrl(input), url: parseUrl(input) });
    else if (/^file:\/\//i.test(input)) out.push({ kind: 'file', name: input, path: fileURLToPath(input) });
    else if (globChars.test(input) && (await globber()).isDynamicPattern(input) && !(await exists(input))) {
      const matches = await (await globber()).glob(input, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(input) });
      if (matches.length === 0) throw new InputError(input, 'no files match this pattern');
      // Sort by code unit, not locale: the order must not depend on the machine.
      matches.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const path of matches) out.push({ kind: 'file', name: path, path });
    } else out.push({ kind: 'file', name: input, path: input });
  }
  return out;
}

/** The URL of an input; an InputError (never showing credentials) when it is not one. */
function parseUrl(input: string): URL {
  try {
    return new URL(input);
  } catch {
    throw new InputError(redactCredentials(input), 'not a valid URL');
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
