/**
 * Resolves the configuration from its sources, later winning:
 * defaults < tccli credential file < config file (+ profile) < environment < flags.
 * This is the only module that reads configuration from the environment. It never throws for
 * bad values: every problem is returned in `issues`, so a command can report them all at once.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { MinilvbError } from '../errors.js';
import { coerce } from './coerce.js';
import { closest } from './did-you-mean.js';
import { FIELD_BY_PATH, FIELDS, FILE_FIELDS, FORMAT_RULES, type FieldDef } from './fields.js';
import { locateConfigFile, readConfigFile, type RawConfig } from './file.js';
import { stripBucketSuffix } from './bucket-suffix.js';
import { canonicalRegion } from './regions.js';
import { crossFieldIssues } from './cross-rules.js';
import type { ConfigIssue, Credentials, MinilvbConfig, Source } from './schema.js';

/** Inputs of loadConfig; all plain data so tests and programs can call it. */
export interface LoadOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** `--config`: a file that must exist. */
  configFile?: string;
  profile?: string;
  /** Values from flags, by field path (`cos.bucket`) or file path (`im.privateKeyFile`). */
  overrides?: Record<string, unknown>;
  /** Home directory for `~/.tccli` (tests pass a temporary one). */
  home?: string;
}

/** The result: a frozen config plus every problem found, and where each value came from. */
export interface LoadedConfig {
  config: MinilvbConfig;
  issues: ConfigIssue[];
  sources: Readonly<Record<string, Source>>;
  /** The config file read, if any. */
  file: string | undefined;
  profile: string | undefined;
  /** Every secret value in the config, for the output redactor. */
  secrets: string[];
}

interface Layered {
  value: unknown;
  source: Source;
}

export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
  const env = options.env ?? {};
  const values = new Map<string, Layered>();
  const issues: ConfigIssue[] = [];
  const put = (path: string, value: unknown, source: Source): void => {
    if (value !== undefined && value !== null && value !== '') values.set(path, { value, source });
  };

  for (const def of FIELDS) if (def.default !== undefined) put(def.path, def.default, 'default');
  // os.homedir() is $HOME when it is set; reading it first keeps node:os off the startup path.
  await applyTccli(options.home ?? process.env.HOME ?? homedir(), env, put);

  const located = locateConfigFile(options.cwd, options.configFile, env);
  const profile = options.profile ?? env.MINILVB_PROFILE;
  if (located && (located.explicit || existsSync(located.path))) {
    const raw = await readConfigFile(located.path);
    const base = dirname(located.path);
    applyRaw(withoutProfiles(raw), 'file', base, put, issues, '');
    if (profile) {
      const overlay = raw.profiles?.[profile];
      if (!overlay) {
        throw new MinilvbError('MLVB_PROFILE_UNKNOWN', `Profile "${profile}" is not in ${located.path}.`, {
          hint:
            `Known profiles: ` +
            `${Object.keys(raw.profiles ?? {}).join(', ') || '(none)'}. Add it under ` +
            `"profiles", or drop --profile.`,
        });
      }
      applyRaw(overlay, 'file', base, put, issues, `profiles.${profile}.`);
    }
  } else if (profile) {
    throw new MinilvbError('MLVB_PROFILE_UNKNOWN', `Profile "${profile}" was asked for, but there is no config file.`, {
      hint: 'Create one with `minilvb init --profile <name>`, or drop --profile.',
    });
  }

  applyEnv(env, options.cwd, put);
  for (const [path, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    const file = FILE_FIELDS[path];
    if (file) put(file.target, { file: resolve(options.cwd, String(value)) }, 'flag');
    else put(path, value, 'flag');
  }

  await readFileValues(values, issues);
  return build(values, issues, located?.path, profile);
}

function withoutProfiles(raw: RawConfig): Record<string, unknown> {
  const { profiles: _profiles, $schema: _schema, ...rest } = raw;
  return rest;
}

/** Walks a JSON object, accepting only known fields; unknown keys are errors with a suggestion. */
function applyRaw(
  obj: Record<string, unknown>,
  source: Source,
  base: string,
  put: (p: string, v: unknown, s: Source) => void,
  issues: ConfigIssue[],
  prefix: string,
): void {
  const walk = (node: Record<string, unknown>, at: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = at ? `${at}.${key}` : key;
      const file = FILE_FIELDS[path];
      if (file) {
        put(file.target, { file: resolve(base, String(value)) }, source);
      } else if (FIELD_BY_PATH.has(path)) {
        put(path, value, source);
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && isSection(path)) {
        walk(value as Record<string, unknown>, path);
      } else {
        issues.push({
          severity: 'error',
          path: `${prefix}${path}`,
          message: 'is not a known setting',
          expected: suggest(path),
        });
      }
    }
  };
  walk(obj, '');
}

function isSection(path: string): boolean {
  return FIELDS.some((d) => d.path.startsWith(`${path}.`));
}

function suggest(path: string): string {
  const near = closest(path, [...FIELD_BY_PATH.keys(), ...Object.keys(FILE_FIELDS)], 1)[0];
  return near ? `did you mean ${near}?` : 'see `minilvb config show --all` or the README config reference';
}

function applyEnv(
  env: Record<string, string | undefined>,
  cwd: string,
  put: (p: string, v: unknown, s: Source) => void,
): void {
  // Walk names in reverse so the canonical (first) name of a field wins over its aliases.
  for (const def of FIELDS) {
    for (const name of [...def.env].reverse()) put(def.path, env[name], 'env');
  }
  for (const file of Object.values(FILE_FIELDS)) {
    const path = env[file.env];
    if (path) put(file.target, { file: resolve(cwd, path) }, 'env');
  }
  const listen = env.MINILVB_LISTEN;
  if (listen) {
    const m = /^(.*):(\d+)$/.exec(listen);
    put('server.host', m ? m[1]?.replace(/^\[|\]$/g, '') : listen, 'env');
    if (m) put('server.port', m[2], 'env');
  }
}

/** tccli's `~/.tccli/<profile>.credential` (JSON with secretId/secretKey) as the lowest-priority cloud credentials. */
async function applyTccli(
  home: string,
  env: Record<string, string | undefined>,
  put: (p: string, v: unknown, s: Source) => void,
): Promise<void> {
  const path = resolve(home, '.tccli', `${env.TCCLI_PROFILE ?? 'default'}.credential`);
  if (!existsSync(path)) return;
  try {
    const cred = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    put('cloud.secretId', cred.secretId, 'tccli');
    put('cloud.secretKey', cred.secretKey, 'tccli');
  } catch {
    // An unreadable tccli file is not ours to police; the cloud checks report missing credentials.
  }
}

/** Replaces `{file}` placeholders by the file's text (PEM keys). */
async function readFileValues(values: Map<string, Layered>, issues: ConfigIssue[]): Promise<void> {
  for (const [path, entry] of values) {
    const ref = entry.value;
    if (ref === null || typeof ref !== 'object' || !('file' in ref)) continue;
    const file = String((ref as { file: unknown }).file);
    try {
      values.set(path, { value: await readFile(file, 'utf8'), source: entry.source });
    } catch (e) {
      values.delete(path);
      issues.push({
        severity: 'error',
        path: `${path}File`,
        message: `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        expected: 'a readable PEM file',
      });
    }
  }
}

function build(
  values: Map<string, Layered>,
  issues: ConfigIssue[],
  file: string | undefined,
  profile: string | undefined,
): LoadedConfig {
  const typed = new Map<string, string | number>();
  const sources: Record<string, Source> = {};
  for (const [path, { value, source }] of values) {
    const def = FIELD_BY_PATH.get(path) as FieldDef;
    // Defaults are written in their final type in the field table: nothing to coerce or report.
    if (source === 'default') {
      typed.set(path, value as string | number);
      sources[path] = source;
      continue;
    }
    const result = coerce(def, value);
    if (result.ok) {
      typed.set(path, result.value);
      sources[path] = source;
      if (path === 'server.publicUrl' && /\/\s*$/.test(String(value))) issues.push(trailingSlashWarning(source));
    } else {
      issues.push({
        severity: 'error',
        path,
        message: `${result.message} (from ${source})`,
        expected: result.expected,
      });
    }
  }
  const bucket = typed.get('cos.bucket');
  if (typeof bucket === 'string') {
    const stripped = stripBucketSuffix(bucket, typed.get('cos.appId'));
    typed.set('cos.bucket', stripped.bucket);
    if (stripped.notice) issues.push(stripped.notice);
  }
  const credentials = (typed.get('credentials') ?? 'current') as Credentials;
  for (const [path, value] of typed) {
    const rule = FIELD_BY_PATH.get(path)?.rule;
    if (rule && sources[path] !== 'default')
      issues.push(...FORMAT_RULES[rule](String(value), { path, credentials, get: (p) => typed.get(p) }));
  }
  issues.push(...crossFieldIssues(typed, sources));
  const config = assemble(typed, sources);
  // Raw values too: a secret that failed validation must still be masked when it is reported.
  const secrets = FIELDS.filter((d) => d.secret)
    .flatMap((d) => [typed.get(d.path), values.get(d.path)?.value])
    .filter((v): v is string => typeof v === 'string');
  const uniqueSecrets = [...new Set(secrets)];
  return { config: deepFreeze(config), issues, sources, file, profile, secrets: uniqueSecrets };
}

/** The apps join APP_SVR_URL + "/login", so a trailing slash there means "//login" (SRV-TRAILING). */
function trailingSlashWarning(source: Source): ConfigIssue {
  return {
    severity: 'warning',
    path: 'server.publicUrl',
    message:
      `ends with "/" (from ${source}); minilvb removed it, but the apps join ` +
      `APP_SVR_URL + "/login", so a trailing slash in the app gives "//login"`,
    expected: 'http(s)://host with no trailing slash, here and in the app constants',
  };
}

function assemble(typed: Map<string, string | number>, sources: Record<string, Source>): MinilvbConfig {
  const out: Record<string, unknown> = {};
  for (const [path, value] of typed) {
    const parts = path.split('.');
    let cur = out;
    for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1] as string] = value;
  }
  const dbConfigured = sources['db.host'] !== undefined && sources['db.host'] !== 'default';
  if (!dbConfigured) out.db = undefined;
  for (const section of ['lvb', 'im', 'cos', 'server', 'cloud']) out[section] ??= {};
  const cos = out.cos as Record<string, unknown>;
  if (typeof cos.region === 'string') cos.region = canonicalRegion(cos.region).region;
  return out as unknown as MinilvbConfig;
}

function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object') {
    for (const v of Object.values(obj)) deepFreeze(v);
    Object.freeze(obj);
  }
  return obj;
}
