/**
 * `config set` / `config unset` as a capability: changes one key of the config file (or of one
 * profile in it), checked with the same field rules as loading, written atomically with mode 0600.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { UsageError, MinilvbError } from '../errors.js';
import { mask } from '../secrets/mask.js';
import { closest } from './did-you-mean.js';
import { FIELD_BY_PATH, FIELDS, FILE_FIELDS } from './fields.js';
import { getPath, readConfigFile, setPath, writeConfigFile, type RawConfig } from './file.js';
import type { ConfigIssue, Credentials } from './schema.js';
import { validateField } from './validate-field.js';

/** Where and what to change. */
export interface SetValueOptions {
  /** The config file (created when missing). */
  file: string;
  profile?: string;
  key: string;
  /** The new value; undefined removes the key. */
  value?: string;
  /** For relative key-file paths. */
  cwd: string;
}

/** What changed, secrets masked. */
export interface SetValueResult {
  file: string;
  profile: string | null;
  key: string;
  value: string | number | null;
  previous: string | number | null;
  changed: boolean;
  created: boolean;
  warnings: ConfigIssue[];
  /** The secret values written, for the output redactor. */
  secrets: string[];
}

const ALL_KEYS = [...FIELDS.map((f) => f.path), ...Object.keys(FILE_FIELDS)];

export async function setConfigValue(options: SetValueOptions): Promise<SetValueResult> {
  const { key } = options;
  if (!ALL_KEYS.includes(key)) {
    const near = closest(key, ALL_KEYS);
    throw new UsageError(
      `Unknown config key ${JSON.stringify(key)}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`,
      {
        hint: 'The keys are listed by `minilvb config show --all` and in the README config reference.',
        details: { key, suggestions: near },
      },
    );
  }
  const created = !existsSync(options.file);
  const doc: RawConfig = created ? {} : await readConfigFile(options.file);
  const target = targetOf(doc, options.profile);
  const def = FIELD_BY_PATH.get(key);
  const fileField = FILE_FIELDS[key];
  const hidden = (v: unknown): string | number | null =>
    v === undefined ? null : def?.secret || def?.kind === 'pem' ? mask(String(v)) : (v as string | number);
  const previous = hidden(getPath(target, key));
  let stored: string | number | undefined;
  const warnings: ConfigIssue[] = [];
  const secrets: string[] = [];
  if (options.value !== undefined) {
    const context = {
      credentials: (getPath(target, 'credentials') ?? getPath(doc, 'credentials') ?? 'current') as Credentials,
      get: (p: string) => getPath(target, p) ?? getPath(doc, p),
    };
    if (fileField) {
      const path = resolve(options.cwd, options.value);
      const content = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw invalid(key, `cannot read ${path} (${e.code ?? e.message})`, 'a readable PEM file');
      });
      check(fileField.target, content, context, warnings);
      secrets.push(content);
      stored = relative(dirname(options.file), path) || path;
      setPath(target, fileField.target, undefined);
    } else {
      stored = check(key, options.value, context, warnings);
      if (def?.secret || def?.kind === 'pem') secrets.push(String(stored), options.value);
      const fileKey = Object.entries(FILE_FIELDS).find(([, f]) => f.target === key)?.[0];
      if (fileKey) setPath(target, fileKey, undefined);
    }
  }
  const changed = getPath(target, key) !== stored;
  setPath(target, key, stored);
  pruneEmpty(target, key);
  if (changed || created) await writeConfigFile(options.file, doc);
  return {
    file: options.file,
    profile: options.profile ?? null,
    key,
    value: fileField ? (stored ?? null) : hidden(stored),
    previous,
    changed,
    created,
    warnings,
    secrets,
  };
}

function targetOf(doc: RawConfig, profile: string | undefined): Record<string, unknown> {
  if (!profile) return doc;
  doc.profiles ??= {};
  return (doc.profiles[profile] ??= {});
}

function check(
  path: string,
  raw: string,
  context: { credentials: Credentials; get: (p: string) => unknown },
  warnings: ConfigIssue[],
): string | number {
  const verdict = validateField(path, raw, context);
  warnings.push(...verdict.warnings);
  if (!verdict.ok || verdict.value === undefined) {
    const e = verdict.errors[0];
    throw invalid(path, e?.message ?? 'is not valid', e?.expected);
  }
  return verdict.value;
}

function invalid(path: string, message: string, expected?: string): MinilvbError {
  return new MinilvbError(
    'MLVB_CONFIG_INVALID',
    `${path} ${message}${expected ? ` (expected: ${expected})` : ''}. Nothing was written.`,
    {
      hint: `${FIELD_BY_PATH.get(path)?.where ?? 'See the README config reference.'}`,
      details: { issues: [{ severity: 'error', path, message, ...(expected ? { expected } : {}) }] },
    },
  );
}

/** Removing the last key of a section removes the section, so `unset db.host` … leaves no `"db": {}` behind. */
function pruneEmpty(target: Record<string, unknown>, key: string): void {
  const section = key.split('.').slice(0, -1).join('.');
  if (!section) return;
  const node = getPath(target, section);
  if (node !== null && typeof node === 'object' && Object.keys(node).length === 0) setPath(target, section, undefined);
}
