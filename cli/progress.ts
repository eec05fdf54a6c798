/**
 * A progress bar on stderr: bytes read of the total, rate and ETA, redrawn at most every
 * 100 ms on one line. Drawn only when stderr is a terminal (or with --progress), so that
 * logs and pipes stay clean.
 */
import type { CliIO } from './command.js';

/** A progress bar; all methods are no-ops when disabled. */
export interface Progress {
  update(bytesRead: number, totalBytes?: number): void;
  done(): void;
}

const units = ['B', 'kB', 'MB', 'GB', 'TB'];

/** `12.3 MB`. */
export function formatBytes(n: number): string {
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/** `1m05s` / `42s`. */
function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  s = Math.round(s);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A progress bar for `label`, or a silent one when `enabled` is false.
 *
 * @example
 * ```ts
 * const bar = createProgress(io, 'kmers', values.progress || io.stderrIsTTY);
 * source.on('progress', (p) => bar.update(p.bytesRead, p.totalBytes));
 * ```
 */
export function createProgress(io: Pick<CliIO, 'stderr'>, label: string, enabled: boolean, now: () => number = Date.now): Progress {
  if (!enabled) return { update() {}, done() {} };
  const start = now();
  let last = 0;
  let drawn = false;
  const draw = (bytes: number, total: number | undefined): void => {
    const elapsed = Math.max((now() - start) / 1000, 1e-3);
    const rate = bytes / elapsed;
    let line = `${label} ${formatBytes(bytes)}`;
    if (total !== undefined && total > 0) {
      const frac = Math.min(bytes / total, 1);
      const width = 24;
      const full = Math.round(frac * width);
      line = `${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${formatBytes(bytes)}/${formatBytes(total)}`;
      line += ` ${formatBytes(rate)}/s ETA ${formatSeconds((total - bytes) / rate)}`;
    } else {
      line += ` ${formatBytes(rate)}/s`;
    }
    io.stderr.write(`\r${line}\x1b[K`);
    drawn = true;
  };
  let latest: [number, number | undefined] = [0, undefined];
  return {
    update(bytesRead, totalBytes) {
      latest = [bytesRead, totalBytes];
      const t = now();
      if (t - last < 100) return;
      last = t;
      draw(bytesRead, totalBytes);
    },
    done() {
      if (!drawn) return;
      draw(latest[0], latest[1]);
      io.stderr.write('\n');
    },
  };
}
