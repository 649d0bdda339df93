/**
 * The shape of a doctor check. A check is one file: metadata (id, group, title, what it needs)
 * and a run function that looks at the deployment from outside and returns an outcome naming
 * the exact cause and the fix. The runner (run.ts) handles ordering, timeouts and failures.
 */
import type { ConfigIssue, ConfigPath, MinilvbConfig, Source } from '../config/index.js';
import type { Clock } from '../time/clock.js';
import type { ServerUrlSource } from './probe-url.js';

/** The groups checks are listed under, in display order. */
export const CHECK_GROUPS = [
  'config',
  'server',
  'callback',
  'app',
  'database',
  'cos',
  'lvb',
  'im',
  'keys',
  'logs',
  'roomservice',
] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

/**
 * pass: fine; warn: works but risky; fail: broken; skip: could not run (reason given);
 * inconclusive: a service answered in a way that names no cause (the verdicts of docs/troubleshooting.md);
 * error: the check itself crashed or timed out.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'inconclusive' | 'error';

/** How to fix a finding: one sentence, optional shell commands and a console/doc link. */
export interface CheckFix {
  text: string;
  commands?: string[];
  link?: string;
}

/** Facts a check observed; secrets only as mask() or fingerprint(). */
export type Evidence = Record<string, string | number | boolean>;

/** What a check's run() returns. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One line. */
  summary: string;
  evidence?: Evidence;
  /** Why it is broken, in terms of the user's setup (which value, which copy). */
  cause?: string;
  fix?: CheckFix;
  /** The docs/troubleshooting.md id this finding corresponds to (e.g. CB-API-KEY). */
  faqId?: string;
  /** Extra findings of the same check (log scans report one per matched keyword). */
  findings?: Finding[];
}

/** A secondary finding inside one check's outcome (e.g. one per log keyword). */
export interface Finding {
  status: Exclude<CheckStatus, 'skip'>;
  summary: string;
  cause?: string;
  fix?: CheckFix;
  faqId?: string;
  evidence?: Evidence;
}

/** A finished check: the outcome plus identification and timing. */
export interface CheckResult extends CheckOutcome {
  id: string;
  group: CheckGroup;
  title: string;
  durationMs: number;
}

/** Prerequisites of a check. */
export interface CheckNeeds {
  /** Config field paths (a misspelt one does not compile); any unset → skip with "set <path>". */
  config?: readonly ConfigPath[];
  /** Ids of checks that must pass (or warn) first; a failed/skipped/errored one → skip naming it. */
  checks?: readonly string[];
  /** Ids to wait for if they run, without being blocked by their outcome (read them with ctx.result). */
  after?: readonly string[];
}

/** Inputs of a doctor run that are not configuration (flags of the doctor command). */
export interface DoctorInputs {
  /** Working directory (for relative paths and `git ls-files`). */
  cwd: string;
  /** `--server`: the server URL to probe instead of server.publicUrl. */
  serverUrl?: string;
  /** `--log`: log files to scan. */
  logFiles?: readonly string[];
  /** `--php-dir`: code root of an existing PHP deployment (conf/OutDefine.php). */
  phpDir?: string;
  /** `--ca`: extra trusted CA certificates (PEM) for HTTPS probes of a privately signed server. */
  tlsCa?: string;
  /** Where `minilvb generate` wrote the deployment files (default: minilvb-files in cwd). */
  generatedDir?: string;
  /** `--stream`: stream names whose recent callback deliveries to read (live or not). */
  streams?: readonly string[];
  /** `--db-admin-user` and its password (prompted, or MINILVB_DB_ADMIN_PASSWORD): a login that may read mysql.user. */
  dbAdmin?: { user: string; password?: string };
}

/** The loaded-config metadata checks may look at (where values came from, format issues). */
export interface ConfigMeta {
  file: string | undefined;
  profile: string | undefined;
  sources: Readonly<Record<string, Source>>;
  issues: readonly ConfigIssue[];
}

/** The metadata of a loaded config, as checks see it. */
export function configMeta(loaded: ConfigMeta): ConfigMeta {
  return { file: loaded.file, profile: loaded.profile, sources: loaded.sources, issues: loaded.issues };
}

/** fetch() options plus a per-call timeout. */
export type FetchInit = RequestInit & { timeoutMs?: number };

/** What run() receives. */
export interface CheckContext {
  readonly config: MinilvbConfig;
  readonly meta: ConfigMeta;
  readonly inputs: DoctorInputs;
  /** The server base URL to probe: --server, else server.publicUrl, else http://server.host:server.port. */
  readonly serverUrl: string | undefined;
  /** Where serverUrl came from; `server.host/port` is a local address, not what the apps or Tencent call. */
  readonly serverUrlFrom: ServerUrlSource;
  /** fetch bounded by the check's signal and `timeoutMs` (default: the check's remaining time). */
  fetch(url: string, init?: FetchInit): Promise<Response>;
  /** The run's clock (injectable for tests). */
  readonly clock: Clock;
  /** Per-run shared values: the first caller computes, everybody else awaits the same promise. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Aborted when the check times out or the run is cancelled. */
  readonly signal: AbortSignal;
  /** Result of a prerequisite (or any already finished) check. */
  result(id: string): CheckResult | undefined;
  /**
   * Registers a clean-up (delete the probe user, close a pool) that runs once after every check
   * has finished, last registered first, each bounded in time; its outcome is in the report
   * (a string the task resolves with becomes the message, e.g. how it was done).
   */
  defer(name: string, task: () => Promise<void | string>): void;
}

/** A doctor check. */
export interface Check {
  /** `<group or area>.<topic>`, e.g. `cos.secret-key`. */
  id: string;
  group: CheckGroup;
  title: string;
  needs?: CheckNeeds;
  /** Overrides the run's per-check timeout. */
  timeoutMs?: number;
  /** Runs only when named (by id or group): it changes state (e.g. creates a throw-away room). */
  optIn?: boolean;
  run(ctx: CheckContext): Promise<CheckOutcome>;
  /**
   * A safe, local repair of this check's failure or warning (`doctor --fix`); cloud-side repairs do not belong here.
   */
  fix?: CheckFixAction;
}

/** What a fix action may use: the run's config and inputs (cloud fixes call the cloud APIs, after a yes). */
export interface FixContext {
  readonly config: MinilvbConfig;
  readonly meta: ConfigMeta;
  readonly inputs: DoctorInputs;
}

/** A repair a check offers for its own result; doctor asks before applying it, then re-runs the check. */
export interface CheckFixAction {
  /** What applying would do, in one line, or undefined when this result is not something it can repair. */
  plan(result: CheckResult, ctx: FixContext): Promise<string | undefined>;
  /** Does it; resolves with what was done, throws (a MinilvbError) when it could not. */
  apply(result: CheckResult, ctx: FixContext): Promise<string>;
}

/** Identity helper so a check file gets its type checked without annotations. */
export function defineCheck(check: Check): Check {
  return check;
}

type Details = Omit<CheckOutcome, 'status' | 'summary'>;
type FindingDetails = Omit<CheckOutcome, 'status'>;

export function pass(summary: string, details: Details = {}): CheckOutcome {
  return { status: 'pass', summary, ...details };
}

export function warn(details: FindingDetails): CheckOutcome {
  return { status: 'warn', ...details };
}

export function fail(details: FindingDetails): CheckOutcome {
  return { status: 'fail', ...details };
}

export function skip(summary: string, details: Details = {}): CheckOutcome {
  return { status: 'skip', summary, ...details };
}

/** The check could not decide (the service misbehaved in a way that names no cause). */
export function inconclusive(details: FindingDetails): CheckOutcome {
  return { status: 'inconclusive', ...details };
}
