/**
 * `stageError()`: how every loop and sink wraps what a stage threw, so that the error the
 * user catches names the stage, its position and the item.
 */
import { isLocated, StageError, StreamtoolzError } from './errors.js';

/** Where a stage stands, as much as is known where the error is caught. */
export interface StageWhere {
  name: string;
  position?: number | undefined;
}

/**
 * Wraps an error thrown by a stage as a StageError naming the stage and the item. Errors
 * that already say where they happened pass through (gaining the position if they lack it).
 *
 * @example
 * ```ts
 * try { out = op.step(item, i); } catch (err) { throw stageError(op, i, err); }
 * ```
 */
export function stageError(stage: StageWhere, index: number | undefined, err: unknown): Error {
  if (err instanceof StageError) return stage.position === undefined ? err : err.setPosition(stage.position);
  if (isLocated(err)) return err;
  // Our own errors keep their code (NO_RESULT, ...) while gaining the stage's name.
  const code = err instanceof StreamtoolzError ? err.code : undefined;
  return new StageError({ stage: stage.name, position: stage.position, index }, err, code);
}
