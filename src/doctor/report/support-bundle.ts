/**
 * `doctor --report <file>`: one JSON file to attach to a support ticket. It holds the versions,
 * the config with secrets masked (and where each value came from), the doctor report with every
 * check's evidence, and the tail of the server logs. Everything passes through a Redactor loaded
 * with the config's secrets, and log lines also lose anything that looks like a credential.
 */
import { open } from 'node:fs/promises';
import { arch, release, type } from 'node:os';
import { FIELDS, getPath, type LoadedConfig, type Source } from '../../config/index.js';
import { InputError } from '../../errors.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { mask } from '../../secrets/mask.js';
import { Redactor } from '../../secrets/redactor.js';
import { VERSION } from '../../version.js';
import type { CheckResult } from '../check.js';
import { scrubLogLine } from './scrub.js';

export const DEFAULT_LOG_LINES = 200;
/** Bytes read from the end of a log file: enough for the last lines, bounded for huge logs. */
const TAIL_BYTES = 256 * 1024;

/** The tail of one log file. */
export interface LogTail {
  file: string;
  /** Why it is included: the server's own log file, or a `--log` argument. */
  from: 'server.logFile' | '--log';
  lines: string[];
  error?: string;
}

/** The support bundle, as written. */
export interface SupportBundle<R> {
  kind: 'minilvb-support-bundle';
  schemaVersion: 1;
  createdAt: string;
  versions: { minilvb: string; node: string; os: string };
  configFile: string | null;
  profile: string | null;
  config: Array<{ path: string; value: string | number | boolean; source: Source | null }>;
  configIssues: LoadedConfig['issues'];
  /** The doctor report as `doctor --json` prints it. */
  report: R;
  /** Each check's evidence by id (also inside the report), for a quick look. */
  evidence: Record<string, CheckResult['evidence']>;
  logs: LogTail[];
}

export interface SupportBundleOptions<R> {
  loaded: LoadedConfig;
  report: R;
  results: readonly CheckResult[];
  /** `--log` files (the server's log file is added from the config). */
  logFiles: readonly string[];
  lines?: number;
  now?: Date;
}

export async function buildSupportBundle<R>(o: SupportBundleOptions<R>): Promise<SupportBundle<R>> {
  const redactor = new Redactor(o.loaded.secrets);
  const lines = o.lines ?? DEFAULT_LOG_LINES;
  const logs: LogTail[] = [];
  const serverLog = o.loaded.config.server.logFile;
  if (serverLog) logs.push(await tail(serverLog, 'server.logFile', lines));
  for (const f of o.logFiles) if (f !== serverLog) logs.push(await tail(f, '--log', lines));
  const bundle: SupportBundle<R> = {
    kind: 'minilvb-support-bundle',
    schemaVersion: 1,
    createdAt: (o.now ?? new Date()).toISOString(),
    versions: { minilvb: VERSION, node: process.version, os: `${type()} ${release()} ${arch()}` },
    configFile: o.loaded.file ?? null,
    profile: o.loaded.profile ?? null,
    config: maskedConfig(o.loaded),
    configIssues: o.loaded.issues,
    report: o.report,
    evidence: Object.fromEntries(o.results.filter((r) => r.evidence).map((r) => [r.id, r.evidence])),
    logs: logs.map((l) => ({ ...l, lines: l.lines.map(scrubLogLine) })),
  };
  return redactor.redact(bundle);
}

/** Writes the bundle atomically, readable by its owner only. */
export async function writeSupportBundle<R>(file: string, bundle: SupportBundle<R>): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 }).catch(
    (e: NodeJS.ErrnoException) => {
      throw new InputError(`Cannot write the support bundle ${file} (${e.code ?? e.message}).`, {
        hint: 'Give a writable file path, e.g. --report ./minilvb-report.json',
      });
    },
  );
}

function maskedConfig(loaded: LoadedConfig): SupportBundle<unknown>['config'] {
  const out: SupportBundle<unknown>['config'] = [];
  for (const def of FIELDS) {
    const raw = getPath(loaded.config, def.path);
    if (raw === undefined || raw === null) continue;
    const value = def.secret
      ? mask(String(raw))
      : typeof raw === 'number' || typeof raw === 'boolean'
        ? raw
        : String(raw);
    out.push({ path: def.path, value, source: loaded.sources[def.path] ?? null });
  }
  return out;
}

async function tail(file: string, from: LogTail['from'], count: number): Promise<LogTail> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const all = buf.toString('utf8').split(/\r?\n/);
    if (start > 0) all.shift(); // a partial first line
    if (all[all.length - 1] === '') all.pop();
    return { file, from, lines: all.slice(-count) };
  } catch (e) {
    return { file, from, lines: [], error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  } finally {
    await handle?.close();
  }
}
