/**
 * Assertions over a DoctorReport, shared by every doctor test: the one "exactly these checks
 * failed" helper, and the lookups its messages are built from.
 */
import assert from 'node:assert/strict';
import type { CheckResult, DoctorReport } from '../../src/doctor/index.js';

/** The result of one check (throws when it did not run, so a typo fails the test). */
export function resultOf(report: DoctorReport, id: string): CheckResult {
  const r = report.results.find((x) => x.id === id);
  if (!r) throw new Error(`check ${id} is not in the report (have: ${report.results.map((x) => x.id).join(', ')})`);
  return r;
}

/** Ids of checks with the given statuses. */
export function idsWith(report: DoctorReport, ...statuses: CheckResult['status'][]): string[] {
  return report.results.filter((r) => statuses.includes(r.status)).map((r) => r.id);
}

/** One line per result, for assertion messages. */
export function dumpReport(report: DoctorReport): string {
  return report.results.map((r) => `${r.status.padEnd(5)} ${r.id}: ${r.summary}`).join('\n');
}

/** What each failed check must say; `status` is checked only when given (fail or error otherwise). */
export interface FailureExpectation {
  status?: 'fail' | 'inconclusive' | 'error';
  faqId?: string;
  summary?: RegExp;
  cause?: RegExp;
  fix?: RegExp;
}

/**
 * Exactly the checks `ids` failed or errored (every other check passed, warned or was skipped), and
 * each of them meets `expect`. Returns their results, in the order of `ids`.
 */
export function assertFailures(
  report: DoctorReport,
  ids: string | string[],
  expect: FailureExpectation = {},
): CheckResult[] {
  const want = typeof ids === 'string' ? [ids] : ids;
  const dump = dumpReport(report);
  assert.deepEqual(
    idsWith(report, 'fail', 'inconclusive', 'error').sort(),
    [...want].sort(),
    `expected exactly [${want.join(', ')}] to fail:\n${dump}`,
  );
  return want.map((id) => {
    const r = resultOf(report, id);
    if (expect.status) assert.equal(r.status, expect.status, `${id}\n${dump}`);
    if (expect.faqId) assert.equal(r.faqId, expect.faqId, `${id}\n${dump}`);
    if (expect.summary) assert.match(r.summary, expect.summary);
    if (expect.cause) assert.match(r.cause ?? '', expect.cause);
    if (expect.fix) assert.match(`${r.fix?.text ?? ''} ${(r.fix?.commands ?? []).join(' ')}`, expect.fix);
    return r;
  });
}

/** Nothing failed and exactly `id` warned, naming the cause. */
export function assertOnlyWarning(
  report: DoctorReport,
  id: string,
  expect: { summary?: RegExp; fix?: RegExp } = {},
): CheckResult {
  const dump = dumpReport(report);
  assert.deepEqual(idsWith(report, 'fail', 'inconclusive', 'error'), [], dump);
  assert.deepEqual(idsWith(report, 'warn'), [id], `expected only ${id} to warn:\n${dump}`);
  const r = resultOf(report, id);
  if (expect.summary) assert.match(r.summary, expect.summary);
  if (expect.fix) assert.match(r.fix?.text ?? '', expect.fix);
  return r;
}

/** A check was skipped because of `blocker`. */
export function assertBlockedBy(report: DoctorReport, id: string, blocker: string): void {
  const r = report.results.find((x) => x.id === id);
  assert.equal(r?.status, 'skip', `${id} should be skipped:\n${dumpReport(report)}`);
  assert.match(r?.summary ?? '', new RegExp(blocker.replace(/\./g, '\\.')));
}
