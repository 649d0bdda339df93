/**
 * Runs the cloud doctor checks (groups cos, lvb, im) through the library API against the cloud
 * emulators, without server or database. `reset()` puts every emulator back to healthy, so each
 * scenario breaks exactly one thing on top of a healthy cloud.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { CHECKS, configMeta, runDoctor, type CheckResult, type DoctorReport } from '../../src/doctor/index.js';
import { healthyCosState, healthyImState, healthyLiveState, startCloudStack, type CloudStack, type StackOptions } from '../emulators/cloud-stack.js';
import { currentConfig, projectDir } from './fixtures.js';

/** A running cloud plus a doctor runner bound to it. */
export interface CloudDoctor {
  stack: CloudStack;
  /** Runs the selected checks (default: cos, lvb, im) on `base` config (default currentConfig()) plus overrides. */
  run(opts?: { overrides?: Record<string, unknown>; base?: Record<string, unknown>; select?: string[]; timeoutMs?: number }): Promise<DoctorReport>;
  /** Restores healthy emulator states (in place) and clears faults. */
  reset(opts?: StackOptions): void;
  close(): Promise<void>;
}

/**
 * One emulated cloud for the whole test file, reset to healthy before each test and closed after
 * the file; returns its accessor (the doctor exists once `before` has run).
 */
export function cloudDoctorPerFile(): () => CloudDoctor {
  let doctor: CloudDoctor | undefined;
  before(async () => { doctor = await startCloudDoctor(); });
  after(async () => { await doctor?.close(); });
  beforeEach(() => doctor?.reset());
  return () => {
    if (!doctor) throw new Error('the cloud doctor starts in before(); use it inside a test');
    return doctor;
  };
}

export async function startCloudDoctor(opts: { latencyMs?: number } = {}): Promise<CloudDoctor> {
  const stack = await startCloudStack(opts);
  const dirs = new Map<string, string>();
  return {
    stack,
    async run({ overrides = {}, base = currentConfig(), select = ['cos', 'lvb', 'im'], timeoutMs } = {}) {
      const text = JSON.stringify(base);
      const dir = dirs.get(text) ?? projectDir(base);
      dirs.set(text, dir);
      const loaded = await loadConfig({ cwd: dir, env: {}, home: dir, overrides: { ...stack.overrides, ...overrides } });
      return runDoctor({
        checks: CHECKS, select, config: loaded.config, inputs: { cwd: dir },
        meta: configMeta(loaded),
        ...(timeoutMs ? { timeoutMs } : {}),
      });
    },
    reset(stateOpts = {}) {
      Object.assign(stack.cos.state, healthyCosState());
      Object.assign(stack.live.state, healthyLiveState(stateOpts));
      Object.assign(stack.im.state, healthyImState());
      for (const e of [stack.cos, stack.live, stack.im]) {
        e.options.fault = 'none';
        e.options.latencyMs = opts.latencyMs ?? 0;
      }
    },
    close: () => stack.close(),
  };
}

/** One line per result, for assertion messages. */
export function describeReport(report: DoctorReport): string {
  return report.results.map((r) => `${r.status.padEnd(5)} ${r.id}: ${r.summary}`).join('\n');
}

/** The results that are not pass/skip/warn. */
export function broken(report: DoctorReport): CheckResult[] {
  return report.results.filter((r) => r.status === 'fail' || r.status === 'inconclusive' || r.status === 'error');
}

/** Asserts that exactly `id` failed and that its text names the cause (and, if given, the fix). */
export function assertOnlyFailure(report: DoctorReport, id: string, expect: { summary?: RegExp; cause?: RegExp; fix?: RegExp; faqId?: string; status?: 'fail' | 'inconclusive' | 'error' } = {}): CheckResult {
  const bad = broken(report);
  assert.deepEqual(bad.map((r) => r.id), [id], `expected only ${id} to fail:\n${describeReport(report)}`);
  const r = bad[0] as CheckResult;
  assert.equal(r.status, expect.status ?? 'fail', describeReport(report));
  if (expect.summary) assert.match(r.summary, expect.summary);
  if (expect.cause) assert.match(r.cause ?? '', expect.cause);
  if (expect.fix) assert.match(`${r.fix?.text ?? ''} ${(r.fix?.commands ?? []).join(' ')}`, expect.fix);
  if (expect.faqId) assert.equal(r.faqId, expect.faqId);
  return r;
}

/** Asserts that nothing failed and exactly `id` warned, naming the cause. */
export function assertOnlyWarning(report: DoctorReport, id: string, expect: { summary?: RegExp; fix?: RegExp } = {}): CheckResult {
  assert.deepEqual(broken(report).map((r) => r.id), [], describeReport(report));
  const warned = report.results.filter((r) => r.status === 'warn');
  assert.deepEqual(warned.map((r) => r.id), [id], `expected only ${id} to warn:\n${describeReport(report)}`);
  const r = warned[0] as CheckResult;
  if (expect.summary) assert.match(r.summary, expect.summary);
  if (expect.fix) assert.match(r.fix?.text ?? '', expect.fix);
  return r;
}

/** Asserts that a check was skipped because of `blocker`. */
export function assertBlockedBy(report: DoctorReport, id: string, blocker: string): void {
  const r = report.results.find((x) => x.id === id);
  assert.equal(r?.status, 'skip', `${id} should be skipped:\n${describeReport(report)}`);
  assert.match(r?.summary ?? '', new RegExp(blocker.replace(/\./g, '\\.')));
}
