/**
 * Every `minilvb …` command line that minilvb itself suggests: doctor fixes (fix.commands and fix
 * texts), error hints, init's next steps, help examples, the README. Collected from the source
 * text, so a suggestion built at run time from a template literal is included too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Phrases where "minilvb" is followed by prose, not a command (kept short and explicit). */
const NOT_COMMANDS = [/^minilvb key pair self-test/, /^minilvb doctor probe$/];

/**
 * One suggestion: where it is, and its words as a shell would split them (placeholders filled in, each reading of an
 * elision).
 */
export interface Suggestion {
  where: string;
  text: string;
  argv: string[];
  /** Other readings: "--admin-password …" may elide a value or nothing. */
  variants: string[][];
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : ext.test(name) ? [path] : [];
  });
}

/** Splits like a POSIX shell for the simple cases suggestions use: spaces, '…' and "…". */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** Placeholders (`<key>`, `${x}`, `[--force]`, `a|b`) made concrete, as a user would type them. */
function concrete(text: string): string[] {
  const filled = text
    .replace(/<command>/g, 'doctor')
    .replace(/\$\{[^}]*\}/g, 'x')
    .replace(/<[^>]*>/g, 'x')
    .replace(/\[([^\]]*)\]/g, '$1');
  const alternatives = /^(.*?)\b([a-z-]+(?:\|[a-z-]+)+)\b(.*)$/.exec(filled);
  if (!alternatives) return [filled];
  return (alternatives[2] as string).split('|').map((alt) => `${alternatives[1]}${alt}${alternatives[3]}`);
}

/**
 * Where a command mentioned in prose or a help example ends (a description after two spaces, a comment, a sentence
 * end).
 */
const PROSE_END = /\n| {2,}|\s#|\s\/\/|[;()`\\]|, |\.(?:\s|$|['"`])|&&|\|\||\s\|\s|\s\/\s|['"](?=\s*[,)\];}]|\s*$)/;

/**
 * A suggestion starts a quoted string (`'minilvb db provision'`, a fix command), or names a
 * command group in prose or an example (`… run minilvb init to …`). "minilvb uses …" is prose.
 */
export function extract(text: string, where: string, groups: ReadonlySet<string>): Suggestion[] {
  const out: Suggestion[] = [];
  const re = /(?<![\w./-])minilvb (?=[a-z-])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const opener = text[m.index - 1];
    const rest = text.slice(m.index);
    const quoted = opener === "'" || opener === '"' || opener === '`';
    // In source text an inner quote is escaped (\`minilvb init\`): it closes at the same escaped quote.
    const closer = text[m.index - 2] === '\\' ? `\\\\\\${opener}` : `(?<!\\\\)\\${opener}`;
    const end = quoted ? rest.search(new RegExp(`${closer}|\\\\n| {2,}|\\s#`)) : rest.search(PROSE_END);
    const raw = (end === -1 ? rest : rest.slice(0, end)).replace(/[.:,\\]+$/, '').trim();
    const first = raw.split(/\s+/)[1] ?? '';
    if (!quoted && !groups.has(first) && !first.startsWith('-')) continue;
    // "your minilvb config", "the minilvb config": the noun, not a command.
    if (!quoted && /\b(the|your|a|this)\s$/i.test(text.slice(0, m.index))) continue;
    if (NOT_COMMANDS.some((n) => n.test(raw))) continue;
    for (const line of concrete(raw)) {
      const [argv, ...variants] = [
        line.replace(/…/g, ''),
        ...(line.includes('…') ? [line.replace(/…/g, 'x')] : []),
      ].map((l) => shellWords(l).slice(1));
      out.push({ where, text: raw, argv: argv as string[], variants });
    }
  }
  return out;
}

export function suggestedCommands(groups: ReadonlySet<string>): Suggestion[] {
  const sources = [...files(join(ROOT, 'src'), /\.(ts|cts)$/), join(ROOT, 'README.md')];
  return sources.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    // Comments describe the code; they are not shown to users.
    return text
      .split('\n')
      .flatMap((line, i) =>
        /^\s*(\/\/|\/\*|\*)/.test(line) ? [] : extract(line, `${relative(ROOT, file)}:${i + 1}`, groups),
      );
  });
}
