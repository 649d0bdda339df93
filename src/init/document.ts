/**
 * The config document `init` writes: loaded from what is known before the questions, the answers
 * applied to it, and re-loaded exactly as it will be written so that what is validated and generated
 * from is what the file will say.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  FILE_FIELDS,
  loadConfig,
  setPath,
  writeConfigFile,
  type LoadedConfig,
  type RawConfig,
} from '../config/index.js';
import { inspectTargets, planFiles } from '../templates/index.js';
import { VERSION } from '../version.js';

/** The answers: typed values to set, and fields to remove. */
export interface Answers {
  values: Record<string, string | number>;
  unset: string[];
}

/** Where init runs: the directory and environment it resolves paths and values against. */
export interface InitPlace {
  cwd: string;
  env: Record<string, string | undefined>;
  configFile: string;
  profile?: string | undefined;
}

/** The file and profile are chosen by init (they may not exist yet), never by the environment. */
function envWithoutChoice(env: InitPlace['env']): InitPlace['env'] {
  return { ...env, MINILVB_CONFIG: undefined, MINILVB_PROFILE: undefined };
}

/** The config before questions: file (and profile, once it exists) < env < --import < --from < flags. */
export async function loadForInit(
  place: InitPlace,
  existing: RawConfig,
  overrides: Record<string, unknown>,
): Promise<LoadedConfig> {
  const { profile, configFile } = place;
  const hasProfile = profile !== undefined && existing.profiles?.[profile] !== undefined;
  return loadConfig({
    cwd: place.cwd,
    env: envWithoutChoice(place.env),
    overrides,
    ...(existsSync(configFile) ? { configFile } : {}),
    ...(hasProfile ? { profile } : {}),
  });
}

/** Loads `doc` from a private temporary file next to the config, with no environment. */
export async function validateDocument(place: InitPlace, doc: RawConfig): Promise<LoadedConfig> {
  const { configFile, profile } = place;
  const tmp = join(dirname(configFile), `.${basename(configFile)}.init-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeConfigFile(tmp, doc);
    return await loadConfig({ cwd: place.cwd, env: {}, configFile: tmp, ...(profile ? { profile } : {}) });
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Sets the answers in the document (or its profile); a typed value replaces the file that held it. */
export function applyAnswers(doc: RawConfig, answers: Answers, profile: string | undefined): RawConfig {
  const target = (profile ? doc.profiles?.[profile] : doc) as Record<string, unknown>;
  for (const [path, value] of Object.entries(answers.values)) {
    setPath(target, path, value);
    const fileKey = Object.entries(FILE_FIELDS).find(([, f]) => f.target === path)?.[0];
    if (fileKey) setPath(target, fileKey, undefined);
  }
  for (const path of answers.unset) setPath(target, path, undefined);
  if (answers.unset.includes('db.host')) {
    const db = target.db as Record<string, unknown> | undefined;
    if (db && Object.keys(db).length === 0) delete target.db;
  }
  return doc;
}

/**
 * Generated files still exactly as the previous config rendered them are init's own output, so
 * they may follow the new values without asking; a file edited since then needs --force or a yes.
 */
export async function untouchedFiles(place: InitPlace, outDir: string): Promise<Set<string>> {
  const { configFile, profile } = place;
  if (!existsSync(configFile)) return new Set();
  try {
    const before = await loadConfig({
      cwd: place.cwd,
      env: envWithoutChoice(place.env),
      configFile,
      ...(profile ? { profile } : {}),
    });
    const plan = planFiles(before.config, { version: VERSION, date: '' });
    const targets = await inspectTargets(resolve(place.cwd, outDir), plan.files);
    return new Set(targets.filter((t) => t.state === 'same').map((t) => t.file.name));
  } catch {
    // The previous config cannot render (incomplete, or the profile is new): nothing is known to be ours.
    return new Set();
  }
}
