/**
 * streamtoolz: big data on a little laptop, with Node streams.
 *
 * @example
 * ```ts
 * import { pipe, sources, transforms, sinks } from 'streamtoolz';
 * const total = await pipe(sources.from([0, 1, 2, 3, 4, 5]), transforms.map((x: number) => x * 2), sinks.sum());
 * ```
 */
export { pipe, pipeWith, sampleRun } from './core/pipe.js';
export { formatStats, type PipeStats, type StageStats } from './core/stats.js';
export { compose } from './core/compose.js';
export { from, type FromOptions } from './core/from.js';
export { opStage, OpStage, type OpStageOptions } from './core/op-stage.js';
export { SKIP, type Op, type StepResult } from './core/op.js';
export { asyncSink, reducerSink, STOP, type Reducer, type ReducerSink } from './core/sink.js';
export { BatchSource } from './core/batch-source.js';
export {
  AbortError,
  codes,
  InputError,
  RecordError,
  StageError,
  StreamtoolzError,
  type ErrorCode,
  type RecordErrorInfo,
  type StageErrorInfo,
} from './core/errors.js';
export type { DeadLetter, DeadLetterTarget, OnError } from './core/error-policy.js';
export type { ForeignDuplex, PipeDestination, PipeOptions, Sink, SinkOptions, Source, SourceLike, Stage, StageFn, StageLike } from './core/types.js';
export type { ItemContext, UserFnOptions } from './core/user-fn.js';
export type { UserStageOptions } from './core/user-stage.js';
export type { RetryOptions } from './core/retry.js';
export * as sources from '../sources/index.js';
export * as transforms from '../transforms/index.js';
export * as sinks from '../sinks/index.js';
export { IncrementalPCA, type IncrementalPCAOptions } from './pca/incremental-pca.js';
export { modelFromJSON, type IncrementalPCAState } from './pca/model-json.js';
export { fold, mergeAll, type Aggregator } from './parallel/aggregator.js';
export { frequenciesAggregator } from './parallel/frequencies-aggregator.js';
export { kmerAggregator, KmerState, type KmerAggregatorOptions } from './kmer/kmer-aggregator.js';
export { pcaAggregator, type PcaAggregatorOptions, type PcaItem } from './pca/pca-aggregator.js';
export { PcaState } from './pca/pca-state.js';
export { pcaResult, type PcaResult } from './pca/pca-result.js';
export { splitFile, splitBuffer, splitRanges, openRange, type ByteRange, type FileRange, type SplitFileOptions } from './parallel/split.js';
export { alignCuts, type SplitFormat } from './parallel/record-cuts.js';
export { countKmersParallel, pcaParallel, type ParallelPassOptions } from './parallel/parallel-passes.js';
export { countKmersInRange, pcaStateOfRange, type KmerJob, type PcaJob } from './parallel/range-jobs.js';
export { WorkerPool, resolveWorkerFile, type WorkerPoolOptions } from './parallel/pool.js';
export {
  DeBruijnGraph,
  buildGraph,
  graphFromTable,
  eulerianPath,
  EulerPath,
  assemble,
  contigs,
  clipTips,
  assembleGraph,
  toDot,
  dotLines,
  type Contig,
  type Assembly,
} from './debruijn/index.js';
export { graphSvg, type GraphSvgOptions } from './plot/graph-svg.js';
export { KmerCounts } from './kmer/kmer-counts.js';
export { histogramSvg, type HistogramSvgOptions } from './plot/histogram-svg.js';
export { scatterSvg } from './plot/scatter-svg.js';
export { defineJob, isJob, type Job, type JobDefinition, type JobFormat, type JobInput } from './job/define-job.js';
export { runJob, type RunJobOptions } from './job/run-job.js';
export { loadJob, type LoadedJob } from './job/load-job.js';
export { aggregatorOf, mergeable, kAggregator } from './job/mergeable.js';
export { resultToJSON } from './job/job-json.js';
