/**
 * The temporary folder of one spilling operation: made on first use under the configured
 * base (`os.tmpdir()` or `{ tmpdir }`), removed with everything in it by `remove()` (on
 * success, error and abort), and by a process `'exit'` hook for the folders still alive when
 * the process ends (an uncaught error, `process.exit()`). SIGKILL cannot be covered; the
 * folders are named `streamtoolz-spill-*` so that they are easy to find.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const live = new Set<SpillDir>();
let hooked = false;

function removeAllSync(): void {
  for (const dir of live) dir.remove();
}

/**
 * One operation's temporary folder.
 *
 * @example
 * ```ts
 * const dir = new SpillDir(os.tmpdir());
 * const path = dir.file('run'); // /tmp/streamtoolz-spill-a1B2c3/run-0
 * dir.remove();
 * ```
 */
export class SpillDir {
  readonly #base: string;
  #path: string | undefined;
  #files = 0;

  constructor(base: string) {
    this.#base = base;
  }

  /** The folder, made on first call. */
  get path(): string {
    if (this.#path === undefined) {
      this.#path = mkdtempSync(join(this.#base, 'streamtoolz-spill-'));
      live.add(this);
      if (!hooked) {
        hooked = true;
        process.once('exit', removeAllSync);
      }
    }
    return this.#path;
  }

  /** A new file name inside the folder (the file is not created). */
  file(prefix: string): string {
    return join(this.path, `${prefix}-${this.#files++}`);
  }

  /** Removes the folder and what is in it; safe to call more than once. */
  remove(): void {
    if (this.#path === undefined) return;
    rmSync(this.#path, { recursive: true, force: true });
    this.#path = undefined;
    live.delete(this);
  }
}

/** How many spill folders are alive in this process (for tests). */
export function liveSpillDirs(): number {
  return live.size;
}
