/**
 * Runs the cloud doctor checks (groups cos, lvb, im) through the library API against the cloud
 * emulators, without server or database. `reset()` puts every emulator back to healthy, so each
 * scenario breaks exactly one thing on top of a healthy cloud.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { CHECKS, configMeta, runDoctor, type DoctorReport } from '../../src/doctor/index.js';
import {
  healthyCosState,
  healthyImState,
  healthyLiveState,
  startCloudStack,
  type CloudStack,
  type StackOptions,
} from '../emulators/cloud-stack.js';
import { currentConfig, projectDir } from './fixtures.js';

/** A running cloud plus a doctor runner bound to it. */
export interface CloudDoctor {
  stack: CloudStack;
  /** Runs the selected checks (default: cos, lvb, im) on `base` config (default currentConfig()) plus overrides. */
  run(opts?: {
    overrides?: Record<string, unknown>;
    base?: Record<string, unknown>;
    select?: string[];
    timeoutMs?: number;
  }): Promise<DoctorReport>;
  /** Restores healthy emulator states (in place) and clears faults. */
  reset(opts?: StackOptions): void;
  close(): Promise<void>;
}

/**
 * One emulated cloud for the whole test file, reset to healthy before each test and closed after
 * the file; returns its accessor (the doctor exists once `beforeAll` has run).
 */
export function cloudDoctorPerFile(): () => CloudDoctor {
  let doctor: CloudDoctor | undefined;
  beforeAll(async () => {
    doctor = await startCloudDoctor();
  });
  afterAll(async () => {
    await doctor?.close();
  });
  beforeEach(() => doctor?.reset());
  return () => {
    if (!doctor) throw new Error('the cloud doctor starts in beforeAll(); use it inside a test');
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
      const loaded = await loadConfig({
        cwd: dir,
        env: {},
        home: dir,
        overrides: { ...stack.overrides, ...overrides },
      });
      return runDoctor({
        checks: CHECKS,
        select,
        config: loaded.config,
        inputs: { cwd: dir },
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
        delete e.options.faultCount;
        e.options.latencyMs = opts.latencyMs ?? 0;
      }
    },
    close: () => stack.close(),
  };
}
