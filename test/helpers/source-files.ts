/**
 * The repository's TypeScript sources as the tests that read them need them: listed, parsed once per
 * worker (the parse trees are shared by every file that asks), and their string literals and comments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type TS from 'typescript';

/**
 * The compiler API. `require` and not `import`: importing the 9 MB CommonJS file from an ES module has Node
 * scan it twice more (module syntax detection, export names), ~0.8 s of CPU per test worker.
 */
export const ts = createRequire(import.meta.url)('typescript') as typeof TS;

/** Every .ts/.mts/.cts file under `dir`, as a path joined to it. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return /\.(ts|mts|cts)$/.test(e.name) ? [path] : [];
  });
}

const parsed = new Map<string, TS.SourceFile>();

/** The parse tree of a file (read and parsed once per process). */
export function sourceFile(path: string): TS.SourceFile {
  let file = parsed.get(path);
  if (!file) {
    file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
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

/** Every string literal and template text of a file. */
export function literalsOf(file: TS.SourceFile): Literal[] {
  const out: Literal[] = [];
  const visit = (node: TS.Node): void => {
    const whole = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    if (whole || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      out.push({ line, text: node.text, whole });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** The text of every comment of a file (the parser's, so `//` in strings or regexes is no comment). */
export function commentsOf(source: TS.SourceFile): string[] {
  const text = source.text;
  const seen = new Set<number>();
  const out: string[] = [];
  const take = (ranges: TS.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push(text.slice(r.pos, r.end));
    }
  };
  const visit = (node: TS.Node): void => {
    take(ts.getLeadingCommentRanges(text, node.getFullStart()));
    take(ts.getTrailingCommentRanges(text, node.getEnd()));
    ts.forEachChild(node, visit);
  };
  visit(source);
  take(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()));
  return out;
}
