/**
 * The answers of an interactive `init` that was cancelled (Ctrl-C), kept next to the config file
 * (`<config>.draft`, mode 0600: it may hold keys) so the next `init` offers them as defaults.
 * It is never read as configuration by any other command, and is removed once init writes the config.
 */
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { FIELD_BY_PATH } from '../config/fields.js';

/** Answers by field path. */
export type DraftValues = Record<string, string | number>;

export const draftPath = (configFile: string): string => `${configFile}.draft`;

/** The draft's answers, or undefined when there is none (an unreadable or foreign file counts as none). */
export async function readDraft(file: string): Promise<DraftValues | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const answers = (parsed as { answers?: unknown } | null)?.answers;
  if (answers === null || typeof answers !== 'object') return undefined;
  const values = Object.fromEntries(
    Object.entries(answers as Record<string, unknown>).filter(
      (e): e is [string, string | number] =>
        FIELD_BY_PATH.has(e[0]) && (typeof e[1] === 'string' || typeof e[1] === 'number'),
    ),
  );
  return Object.keys(values).length > 0 ? values : undefined;
}

export async function writeDraft(file: string, values: DraftValues): Promise<void> {
  const doc = { note: 'answers of a cancelled `minilvb init`; the next init offers them as defaults', answers: values };
  await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
}

export async function removeDraft(file: string): Promise<void> {
  await rm(file, { force: true });
}
