/**
 * `planCloud`: reads every resource in parallel (so a plan costs about one round trip per dependent read, not
 * one per resource) and diffs each against the config. Reading never changes anything.
 */
import type { MinilvbConfig } from '../../config/index.js';
import { CloudCallError, createSetupContext } from './context.js';
import { RESOURCES } from './resources/index.js';
import type {
  ApplyStep,
  CloudClients,
  CloudSetupOptions,
  PlanItem,
  Resource,
  RetryPolicy,
  SetupContext,
} from './types.js';

/** The plan: one item per resource, in apply order. */
export interface CloudPlan {
  items: PlanItem[];
  /** Wall time of the reads, ms. */
  readMs: number;
}

/** What apply needs and --json must not show: the context and each item's executable steps. */
export interface PlanRuntime {
  ctx: SetupContext;
  steps: Map<string, ApplyStep[]>;
}

const RUNTIME = new WeakMap<CloudPlan, PlanRuntime>();

/** The context and steps behind a plan made by planCloud. */
export function planRuntime(plan: CloudPlan): PlanRuntime | undefined {
  return RUNTIME.get(plan);
}

export interface PlanCloudOptions extends CloudSetupOptions {
  retry?: RetryPolicy;
  /** Plan only these resource ids (and nothing else). */
  only?: readonly string[];
  /** Milliseconds clock (tests); default Date.now. */
  now?: () => number;
}

async function planOne(r: Resource, ctx: SetupContext): Promise<{ item: PlanItem; steps: ApplyStep[] }> {
  const base = { id: r.id, title: r.title, changes: [], notes: [], steps: [], dependsOn: r.dependsOn };
  const skip = r.skip(ctx);
  if (skip) return { item: { ...base, action: 'skip', notes: [skip] }, steps: [] };
  try {
    const p = await r.plan(ctx);
    const steps = p.action === 'create' || p.action === 'update' ? (p.steps ?? []) : [];
    return {
      item: {
        ...base,
        action: p.action,
        changes: p.changes ?? [],
        notes: p.notes ?? [],
        steps: steps.map((s) => s.description),
        ...(p.blocks ? { blocks: true } : {}),
      },
      steps,
    };
  } catch (err) {
    if (!(err instanceof CloudCallError)) throw err;
    return {
      item: { ...base, action: 'error', notes: [err.message, ...(err.hint ? [err.hint] : [])], error: err.info },
      steps: [],
    };
  }
}

export async function planCloud(
  config: MinilvbConfig,
  clients: CloudClients,
  opts: PlanCloudOptions = {},
): Promise<CloudPlan> {
  const now = opts.now ?? Date.now;
  const started = now();
  const { retry, only, now: _now, ...setup } = opts;
  const ctx = createSetupContext(config, clients, setup, retry);
  const chosen = RESOURCES.filter((r) => !only || only.includes(r.id));
  const planned = await Promise.all(chosen.map((r) => planOne(r, ctx)));
  const blocking = new Set(planned.filter((p) => p.item.blocks).map((p) => p.item.id));
  const steps = new Map<string, ApplyStep[]>();
  const items = planned.map(({ item, steps: s }) => {
    const waits = item.dependsOn.filter((d) => blocking.has(d));
    if (waits.length > 0 && (item.action === 'create' || item.action === 'update')) {
      return { ...item, action: 'manual' as const, steps: [], notes: [...item.notes, `waits for ${waits.join(', ')}`] };
    }
    steps.set(item.id, s);
    return item;
  });
  const plan: CloudPlan = { items, readMs: now() - started };
  RUNTIME.set(plan, { ctx, steps });
  return plan;
}

/** True when applying the plan would change something. */
export function planChanges(plan: CloudPlan): PlanItem[] {
  return plan.items.filter((i) => i.action === 'create' || i.action === 'update');
}
