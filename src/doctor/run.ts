/**
 * Runs doctor checks concurrently in dependency order: a check starts as soon as its
 * prerequisites have finished. Every check has a timeout; a throw or a timeout becomes that
 * check's `error` result, so a run always finishes with one result per selected check.
 */
import { getPath, howToSet, type MinilvbConfig } from '../config/index.js';
import { MinilvbError } from '../errors.js';
import { systemClock, type Clock } from '../time/clock.js';
import type {
  Check,
  CheckContext,
  CheckOutcome,
  CheckResult,
  CheckStatus,
  ConfigMeta,
  DoctorInputs,
  FetchInit,
} from './check.js';
import { probeUrl } from './probe-url.js';
import { selectChecks, type Selection } from './select.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Progress events for a UI: a check started or finished. */
export type DoctorEvent = { kind: 'start'; id: string; title: string } | { kind: 'finish'; result: CheckResult };

/** Options of runDoctor; everything injectable. */
export interface RunDoctorOptions {
  checks: readonly Check[];
  config: MinilvbConfig;
  meta: ConfigMeta;
  inputs: DoctorInputs;
  /** Check ids or groups to run (empty: all). */
  select?: readonly string[];
  skip?: readonly string[];
  /**
   * The checks to run, already selected (selectChecks) by a caller that validated `select`/`skip` early; wins over
   * them.
   */
  selection?: Selection;
  /** Per-check timeout (a check's own `timeoutMs` wins). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  signal?: AbortSignal;
  onEvent?: (event: DoctorEvent) => void;
}

/** Counts per status. */
export type DoctorSummary = Record<CheckStatus, number> & { total: number };

/** What happened to a deferred clean-up task. */
export interface CleanupResult {
  name: string;
  ok: boolean;
  message?: string;
}

/** The outcome of a run, results in registry order. */
export interface DoctorReport {
  results: CheckResult[];
  summary: DoctorSummary;
  cleanup: CleanupResult[];
  durationMs: number;
}

const CLEANUP_TIMEOUT_MS = 5000;

export async function runDoctor(options: RunDoctorOptions): Promise<DoctorReport> {
  const clock = options.clock ?? systemClock;
  const now = (): number => clock.now();
  const started = now();
  const { checks, skipped } = options.selection ?? selectChecks(options.checks, options.select, options.skip);
  const known = new Map(options.checks.map((c) => [c.id, c]));
  const results = new Map<string, CheckResult>();
  const memo = new Map<string, Promise<unknown>>();
  const pending = new Map(checks.map((c) => [c.id, c]));
  const running = new Map<string, Promise<void>>();
  const deferred: Array<{ name: string; task: () => Promise<void | string> }> = [];

  const finish = (check: Check, outcome: CheckOutcome, ms: number): void => {
    const res: CheckResult = {
      id: check.id,
      group: check.group,
      title: check.title,
      ...outcome,
      durationMs: Math.round(ms),
    };
    results.set(check.id, res);
    options.onEvent?.({ kind: 'finish', result: res });
  };

  while (pending.size > 0 || running.size > 0) {
    let progressed = false;
    for (const check of [...pending.values()]) {
      const deps = [...(check.needs?.checks ?? []), ...(check.needs?.after ?? [])];
      if (deps.some((d) => pending.has(d) || running.has(d))) continue;
      pending.delete(check.id);
      progressed = true;
      const blocked = skipped.has(check.id)
        ? skipOutcome('skipped with --skip')
        : preflight(check, options.config, results, known);
      if (blocked) {
        finish(check, blocked, 0);
        continue;
      }
      options.onEvent?.({ kind: 'start', id: check.id, title: check.title });
      const t0 = now();
      const task = execute(check, options, results, memo, deferred).then((outcome) => {
        running.delete(check.id);
        finish(check, outcome, now() - t0);
      });
      running.set(check.id, task);
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (!progressed && pending.size > 0) {
      // Only a dependency cycle can leave checks pending with nothing running.
      for (const check of pending.values())
        finish(
          check,
          {
            status: 'error',
            summary: `dependency cycle among ${[...pending.keys()].join(', ')}`,
            cause: 'a bug in the check registry',
          },
          0,
        );
      pending.clear();
    }
  }

  const ordered = checks.map((c) => results.get(c.id)).filter((r): r is CheckResult => r !== undefined);
  const cleanup = await runDeferred(deferred);
  return { results: ordered, summary: summarize(ordered), cleanup, durationMs: Math.round(now() - started) };
}

/** Runs clean-ups last-registered first, one at a time, each bounded; failures are reported, not thrown. */
async function runDeferred(
  deferred: Array<{ name: string; task: () => Promise<void | string> }>,
): Promise<CleanupResult[]> {
  const out: CleanupResult[] = [];
  for (const { name, task } of [...deferred].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CleanupResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ name, ok: false, message: `did not finish within ${formatMs(CLEANUP_TIMEOUT_MS)}` }),
        CLEANUP_TIMEOUT_MS,
      );
    });
    const work = task().then(
      (done): CleanupResult => (typeof done === 'string' ? { name, ok: true, message: done } : { name, ok: true }),
      (err: unknown): CleanupResult => ({ name, ok: false, message: err instanceof Error ? err.message : String(err) }),
    );
    out.push(await Promise.race([work, timeout]));
    clearTimeout(timer);
  }
  return out;
}

/** What the user is told about clean-ups that failed (a probe user left behind): one warning each. */
export function cleanupWarnings(cleanup: readonly CleanupResult[]): string[] {
  return cleanup
    .filter((c) => !c.ok)
    .map((c) => `clean-up "${c.name}" failed: ${c.message ?? 'no reason given'}; remove it by hand`);
}

export function summarize(results: readonly CheckResult[]): DoctorSummary {
  const summary: DoctorSummary = {
    total: results.length,
    pass: 0,
    warn: 0,
    fail: 0,
    skip: 0,
    inconclusive: 0,
    error: 0,
  };
  for (const r of results) summary[r.status]++;
  return summary;
}

/** The exit code of a run: 1 when something failed (or errored, or warned with strict), else 0. */
export function doctorExitCode(summary: DoctorSummary, strict: boolean): 0 | 1 {
  return summary.fail > 0 || summary.inconclusive > 0 || summary.error > 0 || (strict && summary.warn > 0) ? 1 : 0;
}

function skipOutcome(summary: string): CheckOutcome {
  return { status: 'skip', summary };
}

/** Missing config fields or an unhealthy prerequisite turn into a skip that names the reason. */
function preflight(
  check: Check,
  config: MinilvbConfig,
  results: ReadonlyMap<string, CheckResult>,
  known: ReadonlyMap<string, Check>,
): CheckOutcome | undefined {
  const missing = (check.needs?.config ?? []).filter((p) => getPath(config, p) === undefined);
  if (missing.length > 0) {
    return {
      status: 'skip',
      summary: `not configured: set ${missing.join(', ')}`,
      fix: { text: `Set ${missing.map((p) => `${p} (${howToSet(p)})`).join('; ')}.` },
    };
  }
  for (const dep of check.needs?.checks ?? []) {
    if (!known.has(dep))
      return { status: 'error', summary: `needs unknown check ${dep}`, cause: 'a bug in the check registry' };
    const r = results.get(dep);
    if (r && r.status !== 'pass' && r.status !== 'warn') {
      // Name the check that started a chain of skips, not each link of it.
      const root = rootBlocker(r, results);
      const verb =
        root.status === 'fail'
          ? 'failed'
          : root.status === 'error'
            ? 'could not run'
            : root.status === 'inconclusive'
              ? 'was inconclusive'
              : 'was skipped';
      const via = root.id === dep ? '' : ` (needed by ${dep})`;
      return {
        status: 'skip',
        summary: `skipped: ${root.id} ${verb}${root.status === 'fail' ? '' : ` (${root.summary})`}${via}`,
        evidence: { blockedBy: root.id },
      };
    }
  }
  return undefined;
}

/** Follows `blockedBy` from a skipped result to the first check that did not merely skip for another. */
function rootBlocker(result: CheckResult, results: ReadonlyMap<string, CheckResult>): CheckResult {
  let current = result;
  for (let hops = 0; hops < results.size; hops++) {
    const next = current.status === 'skip' ? results.get(String(current.evidence?.blockedBy ?? '')) : undefined;
    if (!next) return current;
    current = next;
  }
  return current;
}

type Deferred = Array<{ name: string; task: () => Promise<void | string> }>;

async function execute(
  check: Check,
  options: RunDoctorOptions,
  results: ReadonlyMap<string, CheckResult>,
  memo: Map<string, Promise<unknown>>,
  deferred: Deferred,
): Promise<CheckOutcome> {
  const limit = check.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx = makeContext(options, controller.signal, results, memo, deferred);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      resolve({
        status: 'error',
        summary: `did not finish within ${formatMs(limit)}`,
        cause:
          'a service it talks to did not answer in time (hung server, firewall ' +
          'dropping packets, or a very slow network)',
        fix: {
          text:
            `Check that the service is up and reachable from here; raise the limit ` +
            `with --timeout <ms> if the network is just slow.`,
        },
      });
    }, limit);
  });
  const work = (async (): Promise<CheckOutcome> => validOutcome(await check.run(ctx)))().catch(crashOutcome);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort(new Error('check finished'));
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function makeContext(
  options: RunDoctorOptions,
  signal: AbortSignal,
  results: ReadonlyMap<string, CheckResult>,
  memo: Map<string, Promise<unknown>>,
  deferred: Deferred,
): CheckContext {
  const baseFetch = options.fetch ?? fetch;
  const target = probeUrl(options.config, options.inputs);
  return {
    config: options.config,
    meta: options.meta,
    inputs: options.inputs,
    serverUrl: target.url,
    serverUrlFrom: target.from,
    signal,
    clock: options.clock ?? systemClock,
    fetch(url: string, init: FetchInit = {}): Promise<Response> {
      const { timeoutMs, ...rest } = init;
      const signals = [
        signal,
        ...(timeoutMs ? [AbortSignal.timeout(timeoutMs)] : []),
        ...(rest.signal ? [rest.signal] : []),
      ];
      return baseFetch(url, { ...rest, signal: AbortSignal.any(signals) });
    },
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let p = memo.get(key) as Promise<T> | undefined;
      if (!p) {
        p = compute();
        memo.set(key, p);
      }
      return p;
    },
    result: (id) => results.get(id),
    defer: (name, task) => {
      deferred.push({ name, task });
    },
  };
}

function validOutcome(outcome: CheckOutcome): CheckOutcome {
  if (
    !outcome ||
    typeof outcome.summary !== 'string' ||
    !['pass', 'warn', 'fail', 'skip', 'inconclusive', 'error'].includes(outcome.status)
  ) {
    return { status: 'error', summary: 'the check returned no valid outcome', cause: 'a bug in this check' };
  }
  return outcome;
}

function crashOutcome(err: unknown): CheckOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof MinilvbError) {
    return {
      status: 'error',
      summary: message.split('\n')[0] ?? message,
      ...(err.hint ? { fix: { text: err.hint } } : {}),
      evidence: { code: err.code },
    };
  }
  return {
    status: 'error',
    summary: `the check crashed: ${message.split('\n')[0] ?? message}`,
    cause: 'an unexpected answer or a bug in this check; run with --verbose and report it',
  };
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
