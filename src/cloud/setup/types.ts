/**
 * The resource model of `cloud plan` / `cloud apply` (docs/cloud-apis.md#cloud-setup): each console step is a
 * resource that reads its current state, states the desired one from the config, and diffs the two into a plan
 * item with the steps that converge it. Nothing is ever deleted.
 */
import type { MinilvbConfig } from '../../config/index.js';
import type { CosClient } from '../cos.js';
import type { ImClientOptions } from '../im.js';
import type { LiveClient } from '../live.js';
import type { CloudResult, CloudSuccess } from '../result.js';

/** What apply would do to a resource; `skip` = not applicable or not asked for, `error` = it could not be read. */
export type PlanAction = 'ok' | 'create' | 'update' | 'manual' | 'skip' | 'error';

/** One field that differs: values are already masked (secrets) or public. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** A cloud error kept with its code and request id. */
export interface CloudErrorInfo {
  /** The service action, e.g. `ModifyLivePushAuthKey`, `PUT Bucket`, `IM account_import`. */
  action: string;
  /** The cloud's own code (`AuthFailure.UnauthorizedOperation`, `NoSuchBucket`, `70403`). */
  cloudCode: string;
  message: string;
  requestId?: string;
  /** For CAM denials: the permission to grant (`live:ModifyLivePushAuthKey`) and a policy that has it. */
  permission?: string;
  policy?: string;
  /** With `permission`, during apply: every permission the remaining steps need (the narrower policy). */
  permissions?: string[];
}

/** One resource in a plan. */
export interface PlanItem {
  id: string;
  title: string;
  action: PlanAction;
  changes: FieldChange[];
  /** What was found, why it is manual, what the user must do. */
  notes: string[];
  /** What apply does, one line per step (empty unless create/update). */
  steps: string[];
  /** Resources that must exist first. */
  dependsOn: string[];
  /** The resource itself is missing and not created by apply: its dependents are skipped. */
  blocks?: boolean;
  /** Set when action is `error`. */
  error?: CloudErrorInfo;
}

/** Flags of `cloud plan` / `cloud apply`. */
export interface CloudSetupOptions {
  /** Modify templates that are not minilvb's own when they are bound to the push domain. */
  adopt?: boolean;
  createBucket?: boolean;
  addDomains?: boolean;
  cors?: boolean;
}

/** Retrying transient failures (5xx, InternalError, rate limits). */
export interface RetryPolicy {
  attempts: number;
  minMs: number;
  maxMs: number;
  /** Waits between attempts (tests pass an instant one). */
  sleep?: (ms: number) => Promise<void>;
}

/** The clients a plan reads through; absent ones make their resources `skip`. */
export interface CloudClients {
  live?: LiveClient;
  cos?: CosClient;
  im?: ImClientOptions;
}

/** What a resource sees while reading, planning and applying. */
export interface SetupContext {
  config: MinilvbConfig;
  options: CloudSetupOptions;
  clients: CloudClients;
  /** One answer per key per plan (reads shared by resources). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Calls the cloud with bounded retries; throws a CloudCallError keeping code and request id. */
  call<T>(action: string, fn: () => Promise<CloudResult<T>>): Promise<CloudSuccess<T>>;
}

/** One API step of apply. */
export interface ApplyStep {
  /** The API action (`CreateLiveCallbackRule`, `PUT Bucket acl`, `IM account_import`): names the permission. */
  action: string;
  description: string;
  run(ctx: SetupContext): Promise<void>;
}

/** What a resource's diff yields: the public plan item fields plus the executable steps. */
export interface Planned {
  action: Exclude<PlanAction, 'error'>;
  changes?: FieldChange[];
  notes?: string[];
  steps?: ApplyStep[];
  blocks?: boolean;
}

/** A console step as a resource (one file each in resources/). */
export interface SetupResource<Current = unknown, Desired = unknown> {
  id: string;
  title: string;
  dependsOn?: string[];
  /** A reason to skip it (not configured, not asked for), or undefined. */
  skip(ctx: SetupContext): string | undefined;
  read(ctx: SetupContext): Promise<Current>;
  desired(ctx: SetupContext): Desired;
  diff(current: Current, desired: Desired, ctx: SetupContext): Planned;
}

/** A resource with its state types erased: what the plan runs (read, then desired, then diff). */
export interface Resource {
  id: string;
  title: string;
  dependsOn: string[];
  skip(ctx: SetupContext): string | undefined;
  plan(ctx: SetupContext): Promise<Planned>;
}

/** Defines a resource with its state types inferred, as the plan runs it. */
export function defineResource<C, D>(r: SetupResource<C, D>): Resource {
  return {
    id: r.id,
    title: r.title,
    dependsOn: r.dependsOn ?? [],
    skip: (ctx) => r.skip(ctx),
    plan: async (ctx) => r.diff(await r.read(ctx), r.desired(ctx), ctx),
  };
}
