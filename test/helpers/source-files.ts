/**
 * The repository's TypeScript sources as the tests that read them need them: listed, parsed once per
 * worker (the parse results are shared by every test file that asks), and their string literals and comments.
 * The parser is oxc, through rolldown (vitest's own bundler): a full parse of src/ costs about a fifth of what
 * the TypeScript compiler API takes to load and parse it, in each test worker that needs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from 'rolldown/utils';

/** Every .ts/.mts/.cts file under `dir`, as a path joined to it. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return /\.(ts|mts|cts)$/.test(e.name) ? [path] : [];
  });
}

/** A parsed file: its text, syntax tree and comments. */
export interface Parsed {
  text: string;
  program: object;
  comments: Array<{ start: number; end: number }>;
}

/** Parses TypeScript text; a syntax error throws, naming the file. */
export function parseSource(text: string, name = 'file.ts'): Parsed {
  const result = parseSync(name, text, { lang: 'ts', sourceType: 'module' });
  if (result.errors.length) throw new Error(`${name}: ${result.errors[0]?.message}`);
  return { text, program: result.program, comments: result.comments };
}

const parsed = new Map<string, Parsed>();

/** A file, read and parsed once per process. */
export function sourceFile(path: string): Parsed {
  let file = parsed.get(path);
  if (!file) {
    file = parseSource(readFileSync(path, 'utf8'), path);
    parsed.set(path, file);
  }
  return file;
}

/** A string literal or a piece of template text, with its 1-based line. */
export interface Literal {
  line: number;
  text: string;
  /** A whole literal ('…', "…", `…` without substitutions), not a piece of a template with `${}`. */
  whole: boolean;
}

interface Node {
  type?: string;
  start?: number;
  value?: unknown;
  expressions?: unknown[];
  /** Of a template literal type (`${string}-x`). */
  types?: unknown[];
  quasis?: Node[];
}

/** Every string literal and template text of a file (cooked, as the program sees it). */
export function literalsOf(file: Parsed): Literal[] {
  const lineStarts = [0];
  for (let i = file.text.indexOf('\n'); i >= 0; i = file.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let [lo, hi] = [0, lineStarts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const out: Literal[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'Literal' && typeof node.value === 'string')
      out.push({ line: lineOf(node.start ?? 0), text: node.value, whole: true });
    if (node.type === 'TemplateLiteral' || node.type === 'TSTemplateLiteralType') {
      const whole = [...(node.expressions ?? []), ...(node.types ?? [])].length === 0;
      for (const q of node.quasis ?? []) {
        const cooked = (q.value as { cooked?: string | null } | undefined)?.cooked;
        if (typeof cooked === 'string') out.push({ line: lineOf(q.start ?? 0), text: cooked, whole });
      }
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'quasis' && typeof child === 'object') visit(child);
  };
  visit(file.program);
  return out.sort((a, b) => a.line - b.line);
}

/** The text of every comment of a file (the parser's, so `//` in strings or regexes is no comment). */
export function commentsOf(file: Parsed): string[] {
  return file.comments.map((c) => file.text.slice(c.start, c.end));
}
