/**
 * RESP2 (the Redis protocol) replies, parsed incrementally from socket chunks and no
 * sockets here: chunks go in, whole replies come out. Bulk strings stay Buffers, because
 * encoded aggregator states are binary.
 *
 * A reply split across chunks is re-parsed from its start when more bytes arrive; to keep
 * that linear for a large bulk string, the parser remembers how many bytes it needs at
 * least and does not try again before they are there.
 */

/** An error reply (`-ERR ...`): a value, not a thrown error, so the caller can attach the command. */
export class RespErrorReply {
  constructor(readonly message: string) {}
}

/** One RESP2 reply. */
export type RespReply = string | number | Buffer | null | RespErrorReply | RespReply[];

const CR = 13;
const INCOMPLETE = -1;

interface Parsed {
  value: RespReply;
  end: number;
}

/**
 * Cuts RESP2 replies out of a byte stream.
 *
 * @example
 * ```ts
 * const p = new RespParser();
 * p.push(Buffer.from('+OK\r\n:4'));
 * p.next(); // 'OK'
 * p.push(Buffer.from('2\r\n'));
 * p.next(); // 42
 * p.next(); // undefined: nothing complete
 * ```
 */
export class RespParser {
  #buf: Buffer = Buffer.alloc(0);
  #chunks: Buffer[] = [];
  #length = 0;
  #need = 0;

  /** Adds bytes read from the socket. */
  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The next complete reply, or `undefined` when more bytes are needed. */
  next(): RespReply | undefined {
    if (this.#length < this.#need || this.#length === 0) return undefined;
    if (this.#chunks.length > 0) {
      this.#buf = this.#buf.length === 0 && this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat([this.#buf, ...this.#chunks]);
      this.#chunks = [];
    }
    this.#need = 0;
    const parsed = this.#parse(0);
    if (parsed === undefined) return undefined;
    this.#buf = this.#buf.subarray(parsed.end);
    this.#length = this.#buf.length;
    return parsed.value;
  }

  #line(pos: number): number {
    const cr = this.#buf.indexOf(CR, pos);
    return cr === -1 || cr + 1 >= this.#buf.length ? INCOMPLETE : cr;
  }

  #parse(pos: number): Parsed | undefined {
    const buf = this.#buf;
    if (pos >= buf.length) return this.#short(pos + 3);
    const cr = this.#line(pos + 1);
    if (cr === INCOMPLETE) return this.#short(buf.length + 1);
    const text = buf.toString('latin1', pos + 1, cr);
    const after = cr + 2;
    switch (buf[pos]) {
      case 0x2b: // '+'
        return { value: text, end: after };
      case 0x2d: // '-'
        return { value: new RespErrorReply(buf.toString('utf8', pos + 1, cr)), end: after };
      case 0x3a: // ':'
        return { value: Number(text), end: after };
      case 0x24: { // '$'
        const n = Number(text);
        if (n < 0) return { value: null, end: after };
        if (after + n + 2 > buf.length) return this.#short(after + n + 2);
        return { value: buf.subarray(after, after + n), end: after + n + 2 };
      }
      case 0x2a: { // '*'
        const n = Number(text);
        if (n < 0) return { value: null, end: after };
        const items: RespReply[] = [];
        let at = after;
        for (let i = 0; i < n; i++) {
          const item = this.#parse(at);
          if (item === undefined) return undefined;
          items.push(item.value);
          at = item.end;
        }
        return { value: items, end: at };
      }
      default:
        throw new Error(`bad RESP reply: unexpected byte 0x${buf[pos]!.toString(16)} at ${pos}`);
    }
  }

  #short(need: number): undefined {
    this.#need = need;
    return undefined;
  }
}

/**
 * One command as RESP2 bytes: an array of bulk strings (numbers sent as decimal text).
 *
 * @example
 * ```ts
 * encodeCommand(['SET', 'k', Buffer.from([0, 1])]); // *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\0\x01\r\n
 * ```
 */
export function encodeCommand(args: readonly (string | number | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : typeof arg === 'number' ? Buffer.from(String(arg), 'latin1') : Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n', 'latin1');
