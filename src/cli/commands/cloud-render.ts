/** Human rendering of `cloud plan` and `cloud apply`: one block per resource, changes as `field: from → to`. */
import type { ApplyReport, CloudPlan, PlanItem } from '../../cloud/setup/index.js';
import type { Style } from '../output/style.js';

const MARK: Record<PlanItem['action'], string> = {
  ok: '✓ ok    ',
  create: '+ create',
  update: '~ update',
  manual: '! manual',
  skip: '- skip  ',
  error: '✗ error ',
};

function paint(s: Style, item: PlanItem): string {
  const m = MARK[item.action];
  switch (item.action) {
    case 'ok':
      return s.green(m);
    case 'create':
    case 'update':
      return s.cyan(m);
    case 'manual':
      return s.yellow(m);
    case 'error':
      return s.red(m);
    default:
      return s.dim(m);
  }
}

export function renderItems(items: readonly PlanItem[], s: Style): string {
  const lines: string[] = [];
  for (const item of items) {
    lines.push(`${paint(s, item)} ${s.bold(item.id)}  ${s.dim(item.title)}`);
    for (const c of item.changes) lines.push(`           ${c.field}: ${c.from} → ${c.to}`);
    for (const n of item.notes) lines.push(`           ${s.dim(n)}`);
  }
  return lines.join('\n');
}

function counts(plan: CloudPlan): string {
  const n = (a: PlanItem['action']): number => plan.items.filter((i) => i.action === a).length;
  const parts = [`${n('create')} to create`, `${n('update')} to update`, `${n('manual')} manual`, `${n('ok')} ok`];
  return `${parts.join(', ')}, ${n('error')} unreadable`;
}

export function renderPlan(plan: CloudPlan, s: Style): string {
  const changes = plan.items.some((i) => i.action === 'create' || i.action === 'update');
  return [
    renderItems(plan.items, s),
    '',
    `${counts(plan)} (read in ${plan.readMs} ms).`,
    changes ? 'Run `minilvb cloud apply` to make these changes.' : 'Nothing for `minilvb cloud apply` to do.',
  ].join('\n');
}

/** What `cloud apply` returns. */
export interface ApplyData {
  plan: CloudPlan;
  applied: ApplyReport | null;
  /** Why nothing was applied (declined, nothing to do). */
  reason?: string;
}

export function renderApply(data: ApplyData, s: Style): string {
  const { applied } = data;
  const lines = [renderItems(data.plan.items, s), ''];
  if (!applied) return [...lines, data.reason ?? 'Nothing applied.'].join('\n');
  for (const d of applied.done) lines.push(`${s.green('done')}  ${d.id}: ${d.step}`);
  const e = applied.error;
  if (e) {
    lines.push(`${s.red('failed')} ${e.id}: ${e.step}`);
    lines.push(`       ${e.message}`);
    if (e.hint) lines.push(`       ${s.cyan('Hint:')} ${e.hint}`);
    lines.push(
      `Stopped at the first error after ${applied.done.length} step(s); fix it and run \`minilvb cloud apply\` again.`,
    );
  } else lines.push(applied.done.length === 0 ? 'Nothing to change.' : `Applied ${applied.done.length} step(s).`);
  for (const l of applied.left) lines.push(`${s.yellow('left')}  ${l.id} (${l.action}): ${l.note}`);
  return lines.join('\n');
}
