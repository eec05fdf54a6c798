/**
 * Internal markers shared by stages, sources and `pipe()`. Symbols, so that they never clash
 * with a user's properties and do not show up in `JSON.stringify` or `Object.keys`.
 */

/**
 * On a source: a method that switches the source to batch mode before it is read. From then
 * on every chunk it pushes is a non-empty `T[]` instead of one `T`, which saves one stream
 * boundary per item on the fused fast path of `pipe()`. Only `pipe()` calls it, and only
 * when it consumes the chunks itself.
 */
export const kEnableBatches: unique symbol = Symbol('streamtoolz.enableBatches');

/** On a sink function: its reducer form (see `lib/core/sink.ts`), used by `pipe()` to fuse. */
export const kReducer: unique symbol = Symbol('streamtoolz.reducer');

/** On a stage: its display name for errors and stats, e.g. `kmers(k=6)`. */
export const kName: unique symbol = Symbol('streamtoolz.name');

/** On a stage: its 1-based position among `pipe()`'s arguments, set by `pipe()`. */
export const kPosition: unique symbol = Symbol('streamtoolz.position');

/** On a stage: the ops it runs (see `lib/core/op.ts`), which `pipe()` and `compose()` fuse. */
export const kOps: unique symbol = Symbol('streamtoolz.ops');

/**
 * Phantom key carrying a stage's input type for the compiler; never set at run time. A
 * function type, so that it is checked contravariantly: a stage of numbers does not accept
 * strings.
 */
export const kIn: unique symbol = Symbol('streamtoolz.in');

/**
 * Event an op stage emits when it ends its output before its input ended (take): `pipe()`
 * then stops the stages before it once the sink is done, instead of reading to the end.
 */
export const kEarlyEnd: unique symbol = Symbol('streamtoolz.earlyEnd');

/** Phantom key carrying a stage's output type for the compiler; never set at run time. */
export const kOut: unique symbol = Symbol('streamtoolz.out');

/**
 * On a stage or source: a getter for how many items it skipped or sent to a dead letter under
 * its `onError` option (see `lib/core/error-policy.ts`); `pipe()`'s stats report it.
 */
export const kSkipped: unique symbol = Symbol('streamtoolz.skipped');

/** On a spilling stage or sink's reducer: a getter for its `SpillStats` (see `lib/spill/`); `--stats` prints them. */
export const kSpill: unique symbol = Symbol('streamtoolz.spill');

/**
 * On an op or a sink function: the {@link FieldUse} of its function (see `field-use.ts`),
 * which fields of its input items it reads; absent when it may read anything.
 */
export const kFields: unique symbol = Symbol('streamtoolz.fields');

/**
 * On a source: a method that makes it yield only the given fields of its records, called by
 * `pipe()` before the source is read when every stage after it says what it reads
 * (pushdown); it returns false when it cannot.
 */
export const kProjectFields: unique symbol = Symbol('streamtoolz.projectFields');
