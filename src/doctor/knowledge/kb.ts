/**
 * The troubleshooting knowledge base: docs/troubleshooting.md, shipped in the package and parsed
 * at run time, so the page a user reads and what `minilvb explain` prints are one text.
 *
 * An entry is a `### ID: title` heading under a `## ` section, followed by `- **Field:** text`
 * items (continuation lines indented). `Same as` makes an entry an alias of another.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the knowledge base lives: docs/ at the package root (dist/doctor/knowledge → ../../../). */
export const KB_FILE = fileURLToPath(new URL('../../../docs/troubleshooting.md', import.meta.url));

/** The labelled parts of an entry, by their heading in the file. */
const FIELD_NAMES = {
  Symptom: 'symptom',
  Logs: 'logs',
  Cause: 'cause',
  Confirm: 'confirm',
  Fix: 'fix',
  'Same as': 'sameAs',
  Source: 'source',
} as const;
type FieldKey = (typeof FIELD_NAMES)[keyof typeof FIELD_NAMES];

/** One troubleshooting entry. */
export interface KbEntry {
  id: string;
  title: string;
  /** The `## ` section it is listed under, e.g. "3. Replays missing or failing". */
  section: string;
  symptom?: string;
  logs?: string;
  cause?: string;
  confirm?: string;
  fix?: string;
  /** Set on aliases: the id of the entry this one repeats. */
  sameAs?: string;
  source?: string;
}

/** The parsed knowledge base, entries in file order. */
export interface KnowledgeBase {
  file: string;
  entries: readonly KbEntry[];
}

const ENTRY_HEADING = /^### ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?:-\*)?): (.+)$/;
const FIELD_LINE = /^- \*\*([A-Za-z ]+):\*\* ?(.*)$/;

/** Parses the markdown text of the knowledge base (pure, for tests). */
export function parseKnowledgeBase(text: string, file = KB_FILE): KnowledgeBase {
  const entries: KbEntry[] = [];
  let section = '';
  let current: KbEntry | undefined;
  let field: FieldKey | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      current = undefined;
      continue;
    }
    const heading = ENTRY_HEADING.exec(line);
    if (heading) {
      current = { id: heading[1] ?? '', title: (heading[2] ?? '').trim(), section };
      entries.push(current);
      field = undefined;
      continue;
    }
    if (line.startsWith('#')) {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const item = FIELD_LINE.exec(line);
    const key = item ? FIELD_NAMES[item[1] as keyof typeof FIELD_NAMES] : undefined;
    if (item && key) {
      field = key;
      current[key] = (item[2] ?? '').trim();
    } else if (field && /^\s+\S/.test(line)) {
      current[field] = `${current[field] ?? ''}\n${line.trim()}`.trim();
    } else if (line.trim() === '') {
      continue;
    } else {
      field = undefined;
    }
  }
  return { file, entries };
}

let cached: KnowledgeBase | undefined;

/** Reads and parses the shipped knowledge base (once per process). */
export function loadKnowledgeBase(): KnowledgeBase {
  cached ??= parseKnowledgeBase(readFileSync(KB_FILE, 'utf8'));
  return cached;
}

/**
 * The entry for an id, case-insensitively: the entry itself, else the `-*` family it belongs to
 * (API-PERM → API-*). `resolved` follows a `Same as` alias to the entry holding the text.
 */
export function findEntry(kb: KnowledgeBase, id: string): { entry: KbEntry; resolved: KbEntry } | undefined {
  const wanted = id.trim().toUpperCase();
  const byId = new Map(kb.entries.map((e) => [e.id, e]));
  const entry =
    byId.get(wanted) ??
    kb.entries.find(
      (e) => e.id.endsWith('-*') && wanted.startsWith(e.id.slice(0, -1)) && wanted.length > e.id.length - 1,
    );
  if (!entry) return undefined;
  const target = entry.sameAs ? byId.get(entry.sameAs.trim().toUpperCase()) : undefined;
  return { entry, resolved: target ?? entry };
}
