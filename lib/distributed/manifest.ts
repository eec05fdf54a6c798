/**
 * A run's manifest: what it computes (k-mers, PCA, or a job module named by file name and
 * content hash) and its parts (a piece of a file each, with the size, mtime and SHA-256 the
 * file had when the run was submitted). It is the run's parent job's data. Everything read
 * back from Redis is checked here before use: a worker never acts on a path, a module or a
 * range that is not in a well-formed manifest of a submitted run.
 */
import { createHash } from 'node:crypto';
import type { FilePiece } from '../job/pieces.js';
import { NAME_PATTERN, RUN_ID_PATTERN } from './names.js';

/** What a run computes. */
export type RunSpec =
  | { kind: 'kmers'; k: number; canonical: boolean; format: 'fasta' | 'fastq' | 'lines' }
  | { kind: 'pca' }
  | { kind: 'job'; module: { name: string; sha256: string } };

/** What the file of a part was at submit time. */
export interface InputCheck {
  size: number;
  mtimeMs: number;
  /** SHA-256 (hex) of the part's bytes [start, end). */
  sha256: string;
  /**
   * The file's device, inode and status-change time at submit: when a worker finds all three
   * (and the size) unchanged, it is the same file, unmodified since (any write moves ctime,
   * which no user call can set back), and the bytes need no hashing again.
   */
  dev?: number | undefined;
  ino?: number | undefined;
  ctimeMs?: number | undefined;
}

/** One part: a piece of a file and its check. */
export interface PartEntry {
  piece: FilePiece;
  check: InputCheck;
}

/** A run's manifest (its parent job's data). */
export interface Manifest {
  name: string;
  spec: RunSpec;
  parts: PartEntry[];
}

/** A part job's data: its run and index (and where it reads, for dashboards). */
export interface PartData {
  run: string;
  index: number;
}

/** A malformed job or manifest: the message says what is wrong with it. */
export class MalformedJob extends Error {
  override readonly name = 'MalformedJob';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The id of a run: its name and a hash of its spec and its parts (paths, ranges and content
 * hashes), so that the same inputs give the same run and other inputs another one.
 *
 * @example
 * ```ts
 * runId(manifest); // 'reads-3f9c0a12b7e4d5c6'
 * ```
 */
export function runId(manifest: Manifest): string {
  const h = createHash('sha256')
    .update(JSON.stringify([manifest.spec, manifest.parts]))
    .digest('hex');
  return `${manifest.name}-${h.slice(0, 16)}`;
}

function checkSpec(spec: unknown): RunSpec {
  if (!isObject(spec)) throw new MalformedJob('the run has no spec');
  if (spec.kind === 'kmers') {
    const { k, canonical, format } = spec;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > 31)
      throw new MalformedJob(`k must be an integer from 1 to 31, got ${JSON.stringify(k)?.slice(0, 20)}`);
    if (typeof canonical !== 'boolean') throw new MalformedJob('canonical must be true or false');
    if (format !== 'fasta' && format !== 'fastq' && format !== 'lines') throw new MalformedJob('format must be fasta, fastq or lines');
    return { kind: 'kmers', k, canonical, format };
  }
  if (spec.kind === 'pca') return { kind: 'pca' };
  if (spec.kind === 'job') {
    const m = spec.module;
    if (!isObject(m) || typeof m.name !== 'string' || m.name.length > 255 || typeof m.sha256 !== 'string' || !HEX64.test(m.sha256))
      throw new MalformedJob('the job module must be named by file name and SHA-256');
    return { kind: 'job', module: { name: m.name, sha256: m.sha256 } };
  }
  throw new MalformedJob(`unknown kind of run ${JSON.stringify(spec.kind)?.slice(0, 40)}`);
}

function checkPart(p: unknown, i: number): PartEntry {
  const bad = (why: string): MalformedJob => new MalformedJob(`part ${i}: ${why}`);
  if (!isObject(p) || !isObject(p.piece) || !isObject(p.check)) throw bad('no piece or check');
  const { path, start, end, size, headerEnd } = p.piece;
  const { size: checkSize, mtimeMs, sha256 } = p.check;
  if (typeof path !== 'string' || path === '' || path.length > 4096 || path.includes('\0') || !path.startsWith('/'))
    throw bad('the path must be an absolute file path');
  if (!isCount(start) || !isCount(end) || !isCount(size) || !isCount(headerEnd)) throw bad('no range');
  if (start > end || end > size || headerEnd > start) throw bad(`bytes ${start}-${end} are not a range of a ${size}-byte file`);
  if (checkSize !== size || typeof mtimeMs !== 'number' || typeof sha256 !== 'string' || !HEX64.test(sha256))
    throw bad('no size, mtime and SHA-256 of the input');
  const { dev, ino, ctimeMs } = p.check;
  if (![dev, ino, ctimeMs].every((v) => v === undefined || typeof v === 'number')) throw bad('device, inode and ctime must be numbers');
  const same = typeof dev === 'number' ? { dev, ino: ino as number | undefined, ctimeMs: ctimeMs as number | undefined } : {};
  return { piece: { path, start, end, size, headerEnd }, check: { size, mtimeMs, sha256, ...same } };
}

/**
 * A manifest read from Redis, checked field by field; its id must be `id`.
 *
 * @example
 * ```ts
 * const manifest = checkManifest(parent.data, parent.id);
 * ```
 */
export function checkManifest(data: unknown, id: string): Manifest {
  if (!isObject(data)) throw new MalformedJob('the run has no manifest');
  const { name, parts } = data;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new MalformedJob('the run has no valid name');
  const spec = checkSpec(data.spec);
  if (!Array.isArray(parts) || parts.length === 0 || parts.length > 1_000_000) throw new MalformedJob('the run has no parts');
  const manifest: Manifest = { name, spec, parts: parts.map(checkPart) };
  if (runId(manifest) !== id) throw new MalformedJob(`the manifest of run ${id} does not match its id (it was changed after submit)`);
  return manifest;
}

/**
 * A part job's data read from Redis, checked.
 *
 * @example
 * ```ts
 * const { run, index } = checkPartData(job.data);
 * ```
 */
export function checkPartData(data: unknown): PartData {
  if (!isObject(data)) throw new MalformedJob(`job data must be an object, got ${data === null ? 'null' : typeof data}`);
  const { run, index } = data;
  if (typeof run !== 'string' || !RUN_ID_PATTERN.test(run)) throw new MalformedJob('job data names no run');
  if (!isCount(index)) throw new MalformedJob(`job data has no part index (got ${JSON.stringify(index)?.slice(0, 20)})`);
  return { run, index };
}
