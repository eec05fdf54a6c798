/**
 * `transforms.kmers(k)`: from sequences to k-mers, one string each: the composable form
 * (for counting, `sinks.countKmers` makes no string per k-mer and is far faster).
 */
import { BASE_CODE, NOT_BASE } from '../lib/kmer/encode.js';
import { canonicalString } from '../lib/kmer/canonical.js';
import type { Op } from '../lib/core/op.js';
import { opStage } from '../lib/core/op-stage.js';
import type { Stage } from '../lib/core/types.js';
import { checkOptionNames, copyOptions, type OptionNames, validateBoolean, validateInteger } from '../lib/core/validate.js';
import type { SequenceLike } from '../sinks/count-kmers.js';

/**
 * Options of {@link kmers}.
 *
 * @example
 * ```ts
 * await pipe(['ACGTT'], transforms.kmers(3, { canonical: true }), sinks.collect()); // ['ACG', 'ACG', 'AAC']
 * ```
 */
export interface KmersOptions {
  /** Emit the smaller of each k-mer and its reverse complement (`jellyfish count -C`). */
  canonical?: boolean | undefined;
}

/**
 * The k-mers of one sequence, produced one `next()` at a time so that a 4 MB sequence never
 * turns into 4 million strings at once: the op stage pulls only as fast as its consumer reads.
 */
class KmerIterator implements Iterator<string> {
  readonly #seq: string;
  readonly #k: number;
  readonly #canonical: boolean;
  #i = 0;
  /** Valid bases ending just before position #i. */
  #run = 0;

  constructor(seq: string, k: number, canonical: boolean) {
    // One upper-case copy per sequence: case folding, as jellyfish does.
    this.#seq = seq.toUpperCase();
    this.#k = k;
    this.#canonical = canonical;
  }

  next(): IteratorResult<string> {
    const s = this.#seq;
    const k = this.#k;
    while (this.#i < s.length) {
      const c = s.charCodeAt(this.#i++);
      if ((c < 256 ? BASE_CODE[c]! : NOT_BASE) === NOT_BASE) {
        this.#run = 0; // a k-mer with N (or any non-ACGT) is skipped
        continue;
      }
      if (++this.#run >= k) {
        const kmer = s.slice(this.#i - k, this.#i);
        return { done: false, value: this.#canonical ? canonicalString(kmer) : kmer };
      }
    }
    return { done: true, value: undefined };
  }
}

class KmersOp implements Op<SequenceLike, string> {
  readonly name: string;
  readonly expands = true;
  done = false;
  readonly #k: number;
  readonly #canonical: boolean;
  readonly #decoder = new TextDecoder();

  constructor(k: number, canonical: boolean) {
    this.name = canonical ? `kmers(k=${k}, canonical)` : `kmers(k=${k})`;
    this.#k = k;
    this.#canonical = canonical;
  }

  step(item: SequenceLike): Iterator<string> {
    return new KmerIterator(this.#text(item), this.#k, this.#canonical);
  }

  #text(item: SequenceLike): string {
    if (typeof item === 'string') return item;
    if (item instanceof Uint8Array) return this.#decoder.decode(item);
    const seq = (item as { sequence?: unknown } | null)?.sequence;
    if (typeof seq === 'string') return seq;
    if (seq instanceof Uint8Array) return this.#decoder.decode(seq);
    // Thrown inside step: the stage reports it as `kmers(k=6) failed at item N: ...`.
    throw new TypeError(`expected a string, a Uint8Array or a record with a sequence, got ${item === null ? 'null' : typeof item}`);
  }
}

const KMERS_OPTIONS: OptionNames<KmersOptions> = { canonical: true };

/**
 * Every k-mer of each sequence, as an upper-case string. Semantics as jellyfish: case is
 * folded, k-mers with a character other than A/C/G/T are skipped, and with `canonical` a
 * k-mer and its reverse complement give the smaller of the two. Each item is one whole
 * sequence (a FASTA record's lines joined); no k-mer spans two items. Backpressure holds
 * inside a sequence: k-mers are made only as fast as the consumer reads them.
 *
 * @example
 * ```ts
 * const counts = await pipe(
 *   sources.fasta('reads.fa'),
 *   transforms.pluck('sequence'),
 *   transforms.kmers(6),
 *   sinks.frequencies(),
 * ); // Map { 'ACGTAC' => 12, ... }
 * ```
 */
export function kmers(k: number, options?: KmersOptions): Stage<SequenceLike, string> {
  validateInteger(k, 'k', 1, 31);
  const opts = copyOptions(checkOptionNames(options, KMERS_OPTIONS, 'transforms.kmers()'));
  const canonical = opts.canonical ?? false;
  validateBoolean(canonical, 'canonical');
  return opStage(new KmersOp(k, canonical));
}
