/** `explain` as a capability: an id's entry (cause, confirm, fix) or the list of every id. */
import { UsageError } from '../../errors.js';
import { findEntry, loadKnowledgeBase, type KbEntry, type KnowledgeBase } from './kb.js';
import { suggestIds } from './suggest.js';

/** What `minilvb explain <id>` returns. */
export interface Explanation {
  /** The id as asked, upper-cased. */
  id: string;
  /** The entry holding the text (the alias's target, or the `-*` family the id belongs to). */
  entry: KbEntry;
  /** Set when the id asked is an alias of `entry`. */
  aliasOf?: string;
  /** Other ids that repeat this entry. */
  aliases: string[];
  file: string;
}

/** One line of `minilvb explain` without an id. */
export interface IndexLine {
  id: string;
  title: string;
  section: string;
}

export function explainFaq(id: string, kb: KnowledgeBase = loadKnowledgeBase()): Explanation {
  const found = findEntry(kb, id);
  if (!found) {
    const close = suggestIds(
      id,
      kb.entries.map((e) => e.id),
    );
    throw new UsageError(
      `Unknown troubleshooting id: ${id}.${close.length > 0 ? ` Did you mean ${close.join(', ')}?` : ''}`,
      {
        hint: 'Run `minilvb explain` (no id) to list every id, or copy the id a doctor finding printed.',
        details: { suggestions: close },
      },
    );
  }
  const { entry, resolved } = found;
  const aliases = kb.entries.filter((e) => e.sameAs?.toUpperCase() === resolved.id).map((e) => e.id);
  return {
    id: id.trim().toUpperCase(),
    entry: resolved,
    ...(entry.id !== resolved.id ? { aliasOf: resolved.id } : {}),
    aliases,
    file: kb.file,
  };
}

export function faqIndex(kb: KnowledgeBase = loadKnowledgeBase()): IndexLine[] {
  return kb.entries.map((e) => ({ id: e.id, title: e.title, section: e.section }));
}
