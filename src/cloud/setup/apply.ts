/**
 * `applyCloud`: runs a plan's steps in resource order (dependencies first), stops at the first failure and
 * reports what was done and the error with the cloud's code and request id. Re-planning after a partial apply
 * finds the steps already done as `ok`, so running it again converges.
 */
import { CloudCallError } from './context.js';
import { planRuntime, type CloudPlan } from './plan.js';
import type { CloudErrorInfo } from './types.js';

/** One step that was carried out. */
export interface DoneStep {
  id: string;
  step: string;
}

/** The outcome of apply. */
export interface ApplyReport {
  ok: boolean;
  done: DoneStep[];
  /** Resources that need the user (manual) or were skipped, with why. */
  left: Array<{ id: string; action: string; note: string }>;
  /** The failure that stopped apply. */
  error?: CloudErrorInfo & { id: string; step: string; message: string; hint?: string };
}

export async function applyCloud(plan: CloudPlan): Promise<ApplyReport> {
  const runtime = planRuntime(plan);
  if (!runtime) throw new Error('applyCloud needs a plan made by planCloud');
  const done: DoneStep[] = [];
  const left: ApplyReport['left'] = [];
  for (const item of plan.items) {
    if (item.action === 'manual') left.push({ id: item.id, action: 'manual', note: item.notes.join('; ') });
    if (item.action === 'error' && item.error) {
      return {
        ok: false,
        done,
        left,
        error: { ...item.error, id: item.id, step: 'read', message: item.notes.join(' ') },
      };
    }
    for (const step of runtime.steps.get(item.id) ?? []) {
      try {
        await step.run(runtime.ctx);
      } catch (err) {
        if (!(err instanceof CloudCallError)) throw err;
        return {
          ok: false,
          done,
          left,
          error: {
            ...err.info,
            id: item.id,
            step: step.description,
            message: err.message,
            ...(err.hint ? { hint: err.hint } : {}),
          },
        };
      }
      done.push({ id: item.id, step: step.description });
    }
  }
  return { ok: true, done, left };
}
