/**
 * `cloud plan` / `cloud apply` against the cloud emulators through the library: the config pointing at them,
 * a blank account (nothing configured but the domains), and plan/apply with an instant retry sleep.
 */
import { loadConfig, type MinilvbConfig } from '../../src/config/index.js';
import {
  applyCloud,
  clientsFromConfig,
  planCloud,
  type ApplyReport,
  type CloudPlan,
  type PlanCloudOptions,
} from '../../src/cloud/setup/index.js';
import type { CloudStack } from '../emulators/cloud-stack.js';
import { currentConfig, projectDir } from './fixtures.js';

/** The config of `base` (default currentConfig()) with the stack's endpoints and keys plus overrides. */
export async function stackConfig(
  stack: CloudStack,
  overrides: Record<string, unknown> = {},
  base: Record<string, unknown> = currentConfig(),
): Promise<MinilvbConfig> {
  const dir = projectDir(base);
  const loaded = await loadConfig({ cwd: dir, env: {}, home: dir, overrides: { ...stack.overrides, ...overrides } });
  return loaded.config;
}

/** Empties the account: the domains stay (adding them needs ICP filing), everything else goes. */
export function blankAccount(stack: CloudStack): void {
  const live = stack.live.state;
  live.pushAuthKeys = {};
  live.playAuthKeys = {};
  live.callbackTemplates = [];
  live.callbackRules = [];
  live.recordTemplates = [];
  live.recordRules = [];
  stack.cos.state.buckets = stack.cos.state.buckets.filter((b) => !b.name.startsWith('xiaozhibo-'));
  for (const app of stack.im.state.apps) app.notImported = [...app.administrators];
}

/** Retries without waiting, so transient-failure tests take no time; `sleeps` records each wait. */
export function instantRetry(sleeps: number[] = []): NonNullable<PlanCloudOptions['retry']> {
  return {
    attempts: 4,
    minMs: 100,
    maxMs: 800,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

export async function planFor(config: MinilvbConfig, opts: PlanCloudOptions = {}): Promise<CloudPlan> {
  return planCloud(config, await clientsFromConfig(config), { retry: instantRetry(), ...opts });
}

/** Plans and applies once. */
export async function applyFor(
  config: MinilvbConfig,
  opts: PlanCloudOptions = {},
): Promise<{ plan: CloudPlan; report: ApplyReport }> {
  const plan = await planFor(config, opts);
  return { plan, report: await applyCloud(plan) };
}

/** `id:action` of every item, for compact assertions. */
export function actions(plan: CloudPlan): string[] {
  return plan.items.map((i) => `${i.id}:${i.action}`);
}
