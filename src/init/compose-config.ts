/**
 * Builds the config document init writes: the existing file with the managed fields set to the
 * resolved values. Everything else in it (profiles, $schema, keys init does not know) is kept.
 */
import { FIELDS, FILE_FIELDS } from '../config/fields.js';
import { getPath, setPath, type RawConfig } from '../config/file.js';
import type { LoadedConfig } from '../config/load.js';

/** Options of composeConfig. */
export interface ComposeOptions {
  /** Write into `profiles.<name>` instead of the top level. */
  profile?: string;
}

export function composeConfig(existing: RawConfig, loaded: LoadedConfig, options: ComposeOptions = {}): RawConfig {
  const doc = structuredClone(existing) as RawConfig;
  let target: Record<string, unknown> = doc;
  if (options.profile) {
    doc.profiles ??= {};
    target = doc.profiles[options.profile] ??= {};
  }
  for (const def of FIELDS) {
    const source = loaded.sources[def.path];
    if (source === undefined || source === 'default' || source === 'tccli') continue;
    const value = getPath(loaded.config, def.path);
    if (value === undefined) continue;
    const fileKey = Object.entries(FILE_FIELDS).find(([, f]) => f.target === def.path)?.[0];
    // A key file referenced by the config file stays a reference unless a new key was given.
    if (fileKey && source === 'file' && getPath(target, fileKey) !== undefined) continue;
    if (options.profile && source === 'file' && getPath(withoutProfiles(existing), def.path) === value) continue;
    setPath(target, def.path, value);
    if (fileKey) setPath(target, fileKey, undefined);
  }
  return doc;
}

function withoutProfiles(raw: RawConfig): Record<string, unknown> {
  const { profiles: _p, ...rest } = raw;
  return rest;
}
