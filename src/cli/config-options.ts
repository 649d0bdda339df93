/** Adds the config model's per-field flags to a command, and maps parsed flags back to field paths. */
import type { Command } from 'commander';
import { FIELD_BY_PATH, FILE_FIELDS } from '../config/index.js';

function optionKey(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Adds `--push-key <value>`-style options for the given field paths. */
export function addConfigOptions(cmd: Command, paths: readonly string[]): Command {
  for (const path of paths) {
    const file = FILE_FIELDS[path];
    if (file) {
      cmd.option(`${file.flag} <file>`, `read ${file.target} from a PEM file`);
      continue;
    }
    const def = FIELD_BY_PATH.get(path);
    if (!def) throw new Error(`unknown config field ${path}`);
    cmd.option(`${def.flag} <value>`, `${def.label}${def.secret ? ' (secret)' : ''} [${def.env[0]}]`);
  }
  return cmd;
}

/** The flag values the user gave, keyed by field path, for loadConfig's overrides. */
export function configOverrides(opts: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const flag = FILE_FIELDS[path]?.flag ?? FIELD_BY_PATH.get(path)?.flag;
    if (!flag) continue;
    const value = opts[optionKey(flag)];
    if (value !== undefined) out[path] = value;
  }
  return out;
}
