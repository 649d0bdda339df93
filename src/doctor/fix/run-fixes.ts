/**
 * `doctor --fix`: collects the repairs the checks declare (Check.fix) for their failures and
 * warnings, applies those the caller approves one at a time, then re-runs the repaired checks
 * (with their prerequisites) so the report shows the state after. Deciding is the caller's part
 * (the CLI asks, or --yes, or lists only), so this never prompts.
 */
import { MinilvbError } from '../../errors.js';
import type { Check, CheckResult, CheckStatus, FixContext } from '../check.js';
import { runDoctor, summarize, type DoctorReport, type RunDoctorOptions } from '../run.js';

/** A repair a check offers for its result. */
export interface PlannedFix {
  id: string;
  title: string;
  /** What applying does, one line. */
  action: string;
  before: { status: CheckStatus; summary: string };
}

/** What happened to a planned repair. */
export interface FixResult extends PlannedFix {
  applied: boolean;
  /** What was done, why not, or the error. */
  message: string;
  /** The check's result after the re-run (applied repairs only). */
  after?: { status: CheckStatus; summary: string };
}

export interface RunFixesOptions {
  /** The options the report was made with (re-runs reuse them). */
  run: RunDoctorOptions;
  report: DoctorReport;
  /** Asked once per repair, in report order; false leaves it undone. */
  decide(fix: PlannedFix): Promise<boolean>;
  /** Why a repair not approved was left undone (e.g. "declined", "no terminal: pass --yes"). */
  declinedReason: string;
}

/** The repairs and the report with the repaired checks re-run. */
export interface FixRun {
  fixes: FixResult[];
  report: DoctorReport;
}

export async function planFixes(
  checks: readonly Check[],
  results: readonly CheckResult[],
  ctx: FixContext,
): Promise<PlannedFix[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const out: PlannedFix[] = [];
  for (const r of results) {
    const fix = byId.get(r.id)?.fix;
    if (!fix || (r.status !== 'fail' && r.status !== 'warn')) continue;
    // A plan that cannot even be worked out (database gone meanwhile) is no repair to offer.
    const action = await fix.plan(r, ctx).catch(() => undefined);
    if (action) out.push({ id: r.id, title: r.title, action, before: { status: r.status, summary: r.summary } });
  }
  return out;
}

export async function runFixes(options: RunFixesOptions): Promise<FixRun> {
  const { run, report } = options;
  const ctx: FixContext = { config: run.config, meta: run.meta, inputs: run.inputs };
  const planned = await planFixes(run.checks, report.results, ctx);
  const byId = new Map(run.checks.map((c) => [c.id, c]));
  const fixes: FixResult[] = [];
  for (const p of planned) {
    if (!(await options.decide(p))) {
      fixes.push({ ...p, applied: false, message: options.declinedReason });
      continue;
    }
    const result = report.results.find((r) => r.id === p.id);
    const fix = byId.get(p.id)?.fix;
    if (!result || !fix) continue;
    try {
      fixes.push({ ...p, applied: true, message: await fix.apply(result, ctx) });
    } catch (err) {
      const message =
        err instanceof MinilvbError
          ? `${err.message}${err.hint ? ` (${err.hint})` : ''}`
          : err instanceof Error
            ? err.message
            : String(err);
      fixes.push({ ...p, applied: false, message: `failed: ${message}` });
    }
  }
  const applied = fixes.filter((f) => f.applied).map((f) => f.id);
  if (applied.length === 0) return { fixes, report };
  const { selection: _all, ...rest } = run;
  const again = await runDoctor({ ...rest, select: applied });
  // The re-run includes the repaired checks' prerequisites: their fresh results replace the old ones too.
  const fresh = new Map(again.results.map((r) => [r.id, r]));
  const results = report.results.map((r) => fresh.get(r.id) ?? r);
  for (const f of fixes) {
    const after = fresh.get(f.id);
    if (f.applied && after) f.after = { status: after.status, summary: after.summary };
  }
  return {
    fixes,
    report: {
      results,
      summary: summarize(results),
      cleanup: [...report.cleanup, ...again.cleanup],
      durationMs: report.durationMs + again.durationMs,
    },
  };
}
