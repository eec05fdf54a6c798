/**
 * Redis URLs as a user types them: `redis[s]://[[user][:password]@]host[:port][/db]`, the
 * scheme in any case, the password escaped or not (a raw '/' or '@' in it is taken as part
 * of it: a host has neither). A password never reaches an error or a log line: only
 * {@link RedisTarget.shown} is ever printed, and {@link RedisTarget.redact} scrubs any text
 * that might echo it.
 */
import { InputError } from '../core/errors.js';

/** Where to connect, as ioredis takes it, and how to name it. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string | undefined;
  password?: string | undefined;
  tls: boolean;
  /** The URL with any password replaced by `***`. */
  shown: string;
  /** `text` with the password (raw or escaped) replaced by `***`. */
  redact(text: string): string;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a raw '%' in a password is the password
  }
};

/** Any `scheme://user:password@` in `text`, the password hidden (for URLs we did not parse). */
export function hideUserinfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s@]*)@(?=[^\s@]*(?:\s|$))/gi, (_, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return `${scheme}${colon < 0 ? info : `${info.slice(0, colon)}:***`}@`;
  });
}

/**
 * Parses a Redis URL; a bad one is a one-line InputError that shows no password.
 *
 * @example
 * ```ts
 * const t = parseRedisUrl('rediss://alice:s3cr/et@cache.local:6380/2');
 * t.shown; // 'rediss://alice:***@cache.local:6380/2'
 * ```
 */
export function parseRedisUrl(url: string): RedisTarget {
  const m = /^(rediss?):\/\/(.*)$/is.exec(url.trim());
  const safe = hideUserinfo(url);
  if (m === null) throw new InputError(safe.replace(/^([^:]*):\/\/.*$/s, '$1://...'), 'not a redis:// or rediss:// URL');
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  const at = rest.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  const location = at < 0 ? rest : rest.slice(at + 1);
  let username: string | undefined;
  let rawPassword: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    username = colon < 0 ? userinfo : userinfo.slice(0, colon);
    rawPassword = colon < 0 ? undefined : userinfo.slice(colon + 1);
  }
  const password = rawPassword === undefined ? undefined : decode(rawPassword);
  const shownInfo = userinfo === undefined ? '' : `${username}${rawPassword === undefined ? '' : ':***'}@`;
  const shown = `${scheme}://${shownInfo}${location}`;
  const redact = (text: string): string => {
    let out = text;
    for (const secret of new Set([rawPassword, password, rawPassword && encodeURIComponent(password ?? '')])) {
      if (secret !== undefined && secret !== '' && secret.length >= 1) out = out.split(secret).join('***');
    }
    return hideUserinfo(out);
  };
  const hp = /^(\[[0-9a-f:.]+\]|[^:/?#[\]]+)(?::(\d{1,5}))?(?:\/(\d{0,5}))?\/?(?:\?.*)?$/i.exec(location);
  if (hp === null) throw new InputError(shown, 'not a redis[s]://[[user][:password]@]host[:port][/db] URL');
  const port = hp[2] === undefined ? 6379 : Number(hp[2]);
  const db = hp[3] === undefined || hp[3] === '' ? 0 : Number(hp[3]);
  if (port < 1 || port > 65535) throw new InputError(shown, `port ${port} is out of range`);
  return {
    host: hp[1]!.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
    username: username === undefined || username === '' ? undefined : decode(username),
    password,
    tls: scheme === 'rediss',
    shown,
    redact,
  };
}
