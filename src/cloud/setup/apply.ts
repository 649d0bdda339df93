/**
 * `applyCloud`: runs a plan's steps in resource order (dependencies first), stops at the first failure and
 * reports what was done and the error with the cloud's code and request id. Re-planning after a partial apply
 * finds the steps already done as `ok`, so running it again converges.
 */
import { CloudCallError, permissionOf } from './context.js';
import { planRuntime, type CloudPlan } from './plan.js';
import type { ApplyStep, CloudErrorInfo, PlanItem } from './types.js';

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

/** The permissions of the steps from `from` on, in order, each once (what a narrower policy must allow). */
function remainingPermissions(steps: ApplyStep[], from: number): string[] {
  const all = steps.slice(from).map((s) => permissionOf(s.action));
  return [...new Set(all.filter((p): p is string => p !== undefined))];
}

function failure(item: PlanItem, step: ApplyStep, err: CloudCallError, rest: string[]): ApplyReport['error'] {
  const info = err.info.permission ? { ...err.info, permissions: rest } : err.info;
  const hint =
    err.info.permission && rest.length > 1
      ? `${err.hint ?? ''} A narrower policy must allow: ${rest.join(', ')}.`.trim()
      : err.hint;
  return { ...info, id: item.id, step: step.description, message: err.message, ...(hint ? { hint } : {}) };
}

export async function applyCloud(plan: CloudPlan): Promise<ApplyReport> {
  const runtime = planRuntime(plan);
  if (!runtime) throw new Error('applyCloud needs a plan made by planCloud');
  const all = plan.items.flatMap((i) => runtime.steps.get(i.id) ?? []);
  let index = 0;
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
        return { ok: false, done, left, error: failure(item, step, err, remainingPermissions(all, index)) };
      }
      index += 1;
      done.push({ id: item.id, step: step.description });
    }
  }
  return { ok: true, done, left };
}
