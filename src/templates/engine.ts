/**
 * A tiny logic-less template engine (a Mustache subset). File content lives in `templates/`;
 * code only prepares plain data. Every variable must name an escaping filter, so no value can
 * reach a file without being encoded for its target language:
 *
 *   {{ cos.secretKey | php }}     variable (dotted path) through a filter
 *   {{# tls }} … {{/ tls }}       section: once if truthy, once per element if an array
 *   {{^ tls }} … {{/ tls }}       inverted section: when falsy or empty
 *   {{! comment }}
 *
 * A section or comment tag alone on its line removes that whole line, as in Mustache.
 */

/** A value a template can reference. */
export type TemplateValue = string | number | boolean | null | undefined | TemplateView | readonly TemplateValue[];
/** The data a template is rendered with. */
export interface TemplateView {
  readonly [key: string]: TemplateValue;
}

/** Encodes one value for a target language, or throws ValueRejectedError. */
export type Filter = (value: unknown) => string;

/** A filter refused a value: the target format cannot carry it. */
export class ValueRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A value could not be written into a template; names the variable and the template. */
export class UnwritableValueError extends Error {
  constructor(
    readonly variable: string,
    readonly template: string,
    readonly reason: string,
  ) {
    super(`${variable} cannot be written to ${template}: ${reason}`);
  }
}

/** A template is malformed or references something that is not there (a bug, not user input). */
export class TemplateError extends Error {}

type Node =
  | { type: 'text'; text: string }
  | { type: 'var'; name: string; filter: string; line: number }
  | { type: 'section'; name: string; inverted: boolean; children: Node[]; line: number };

/** A parsed template, ready to render many times. */
export interface CompiledTemplate {
  name: string;
  nodes: Node[];
}

const TAG = /\{\{\s*([#^/!]?)\s*([^}]*?)\s*\}\}/g;

export function compile(source: string, name: string): CompiledTemplate {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { type: 'section' }> | null; children: Node[] }[] = [
    { node: null, children: root },
  ];
  let cursor = 0;
  const lineAt = (pos: number): number => source.slice(0, pos).split('\n').length;
  const push = (node: Node): void => {
    (stack[stack.length - 1] as { children: Node[] }).children.push(node);
  };
  for (const match of source.matchAll(TAG)) {
    const start = match.index;
    let end = start + match[0].length;
    const sigil = match[1] ?? '';
    const body = match[2] ?? '';
    let textEnd = start;
    if (sigil !== '') {
      // Standalone tag: only whitespace around it on its line, so the line disappears.
      const lineStart = source.lastIndexOf('\n', start - 1) + 1;
      const nl = source.indexOf('\n', end);
      const lineEnd = nl === -1 ? source.length : nl;
      if (
        lineStart >= cursor &&
        /^[ \t]*$/.test(source.slice(lineStart, start)) &&
        /^[ \t\r]*$/.test(source.slice(end, lineEnd))
      ) {
        textEnd = lineStart;
        end = nl === -1 ? source.length : nl + 1;
      }
    }
    if (textEnd > cursor) push({ type: 'text', text: source.slice(cursor, textEnd) });
    cursor = end;
    const line = lineAt(start);
    if (sigil === '!') continue;
    if (sigil === '#' || sigil === '^') {
      const node: Extract<Node, { type: 'section' }> = {
        type: 'section',
        name: body,
        inverted: sigil === '^',
        children: [],
        line,
      };
      push(node);
      stack.push({ node, children: node.children });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open?.node || open.node.name !== body)
        throw new TemplateError(
          `${name}:${line}: {{/${body}}} closes ${open?.node ? `{{#${open.node.name}}}` : 'nothing'}`,
        );
    } else {
      const [varName, filter, extra] = body.split('|').map((s) => s.trim());
      if (!varName || !filter || extra !== undefined)
        throw new TemplateError(`${name}:${line}: {{${body}}} must be {{ name | filter }} with exactly one filter`);
      push({ type: 'var', name: varName, filter, line });
    }
  }
  if (stack.length > 1)
    throw new TemplateError(`${name}: {{#${String(stack[stack.length - 1]?.node?.name)}}} is never closed`);
  if (cursor < source.length) push({ type: 'text', text: source.slice(cursor) });
  return { name, nodes: root };
}

export function render(
  template: CompiledTemplate,
  view: TemplateView,
  filters: Readonly<Record<string, Filter>>,
  outputName = template.name,
): string {
  const out: string[] = [];
  const walk = (nodes: readonly Node[], scopes: readonly TemplateValue[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        out.push(node.text);
      } else if (node.type === 'var') {
        const filter = filters[node.filter];
        if (!filter) throw new TemplateError(`${template.name}:${node.line}: unknown filter ${node.filter}`);
        const value = lookup(scopes, node.name);
        if (value === undefined)
          throw new TemplateError(
            `${template.name}:${node.line}: ${node.name} is not set (wrap it in {{#${node.name}}})`,
          );
        try {
          out.push(filter(value));
        } catch (e) {
          if (e instanceof ValueRejectedError)
            throw new UnwritableValueError(fieldName(scopes) ?? node.name, outputName, e.reason);
          throw e;
        }
      } else {
        const value = lookup(scopes, node.name);
        const items = Array.isArray(value) ? value : isTruthy(value) ? [value] : [];
        if (node.inverted) {
          if (items.length === 0) walk(node.children, scopes);
        } else {
          for (const item of items) walk(node.children, [...scopes, item as TemplateValue]);
        }
      }
    }
  };
  walk(template.nodes, [view]);
  return out.join('');
}

/** Loop items may say which config field they carry (`field`), so errors name it rather than `value`. */
function fieldName(scopes: readonly TemplateValue[]): string | undefined {
  const top = scopes[scopes.length - 1];
  return top !== null &&
    typeof top === 'object' &&
    !Array.isArray(top) &&
    typeof (top as TemplateView).field === 'string'
    ? ((top as TemplateView).field as string)
    : undefined;
}

function isTruthy(value: TemplateValue): boolean {
  return value !== undefined && value !== null && value !== false && value !== '';
}

function lookup(scopes: readonly TemplateValue[], name: string): TemplateValue {
  if (name === '.') return scopes[scopes.length - 1];
  const [head, ...rest] = name.split('.') as [string, ...string[]];
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (scope !== null && typeof scope === 'object' && !Array.isArray(scope) && head in scope) {
      let cur: TemplateValue = (scope as TemplateView)[head];
      for (const part of rest) {
        if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
        cur = (cur as TemplateView)[part];
      }
      return cur;
    }
  }
  return undefined;
}
