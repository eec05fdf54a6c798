/**
 * `compose(...stages)`: several stages as one Duplex, to name a sub-pipeline and reuse it
 * as a stage. Our op stages fuse into one op stage (one loop, and `pipe()` fuses it again
 * with its neighbours); other streams and generator functions are joined with Node's own
 * `stream.compose`.
 */
import * as stream from 'node:stream';
import { codedError, codes } from './errors.js';
import type { Op } from './op.js';
import { OpStage } from './op-stage.js';
import { isStream } from './stream-kinds.js';
import { kName, kOps } from './symbols.js';
import type { Stage, StageLike } from './types.js';
import { received } from './validate.js';

/**
 * Joins stages into one reusable stage, typed from the first stage's input to the last
 * stage's output. Like every stream, the result is used in one pipe: call the factory again
 * for another.
 *
 * @example
 * ```ts
 * const kmerStrings = (k: number) => compose(transforms.pluck('sequence'), transforms.kmers(k));
 * await pipe(sources.fasta('genome.fa'), kmerStrings(6), sinks.frequencies());
 * ```
 */
export function compose<A, B = any>(s1: Stage<A, B>): Stage<A, B>;
export function compose<A, B = any>(s1: StageLike<A, B>): Stage<A, B>;
export function compose<A, B = any, C = any>(s1: Stage<A, B>, s2: Stage<B, C>): Stage<A, C>;
export function compose<A, B = any, C = any>(s1: StageLike<A, B>, s2: StageLike<B, C>): Stage<A, C>;
export function compose<A, B = any, C = any, D = any>(s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>): Stage<A, D>;
export function compose<A, B = any, C = any, D = any>(s1: StageLike<A, B>, s2: StageLike<B, C>, s3: StageLike<C, D>): Stage<A, D>;
export function compose<A, B = any, C = any, D = any, E = any>(s1: Stage<A, B>, s2: Stage<B, C>, s3: Stage<C, D>, s4: Stage<D, E>): Stage<A, E>;
export function compose<A, B = any, C = any, D = any, E = any>(s1: StageLike<A, B>, s2: StageLike<B, C>, s3: StageLike<C, D>, s4: StageLike<D, E>): Stage<A, E>;
export function compose<A, B = any, C = any, D = any, E = any, F = any>(
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
): Stage<A, F>;
export function compose<A, B = any, C = any, D = any, E = any, F = any>(
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
): Stage<A, F>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any>(
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
): Stage<A, G>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any>(
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
): Stage<A, G>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any>(
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
): Stage<A, H>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any>(
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
): Stage<A, H>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any>(
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  s8: Stage<H, I>,
): Stage<A, I>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any>(
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  s8: StageLike<H, I>,
): Stage<A, I>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, J = any>(
  s1: Stage<A, B>,
  s2: Stage<B, C>,
  s3: Stage<C, D>,
  s4: Stage<D, E>,
  s5: Stage<E, F>,
  s6: Stage<F, G>,
  s7: Stage<G, H>,
  s8: Stage<H, I>,
  s9: Stage<I, J>,
): Stage<A, J>;
export function compose<A, B = any, C = any, D = any, E = any, F = any, G = any, H = any, I = any, J = any>(
  s1: StageLike<A, B>,
  s2: StageLike<B, C>,
  s3: StageLike<C, D>,
  s4: StageLike<D, E>,
  s5: StageLike<E, F>,
  s6: StageLike<F, G>,
  s7: StageLike<G, H>,
  s8: StageLike<H, I>,
  s9: StageLike<I, J>,
): Stage<A, J>;
export function compose(...stages: unknown[]): Stage<unknown, unknown> {
  if (stages.length === 0) throw codedError(TypeError, codes.MISSING_ARGS, 'compose() needs at least one stage');
  const parts: unknown[] = [];
  let run: Op<unknown, unknown>[] = [];
  const flushRun = (): void => {
    if (run.length > 0) parts.push(new OpStage(run));
    run = [];
  };
  stages.forEach((stage, i) => {
    const ops = (stage as { [kOps]?: Op<unknown, unknown>[] } | null)?.[kOps];
    if (ops !== undefined) return void run.push(...ops);
    if (typeof stage !== 'function' && !isStream(stage)) {
      throw codedError(TypeError, codes.INVALID_ARG_TYPE, `Stage ${i + 1} of compose() must be a stream or a function. ${received(stage)}`);
    }
    flushRun();
    parts.push(stage);
  });
  flushRun();
  if (parts.length === 1 && parts[0] instanceof OpStage) return parts[0] as Stage<unknown, unknown>;
  const names = stages.map((s) => (s as { [kName]?: string })[kName] ?? ((s as { name?: string }).name || 'stage'));
  // Node 20 has `stream.compose` (experimental, no warning); @types/node 20 does not declare it.
  const nodeCompose = (stream as unknown as { compose: (...s: unknown[]) => stream.Duplex }).compose;
  const duplex = nodeCompose(...parts);
  return Object.assign(duplex, { [kName]: `compose(${names.join(', ')})` }) as unknown as Stage<unknown, unknown>;
}
