/**
 * Reads RoomTool's config.js WITHOUT running it: a tokenizer for JavaScript literals (comments,
 * the three quote styles and their escapes, numbers) and an evaluator for object/array literals
 * and `+` concatenation, applied to what `module.exports` is assigned (directly or via a variable).
 */

/** A literal JS value; functions, calls and unknown identifiers are `undefined`. */
export type JsValue = string | number | boolean | null | undefined | JsValue[] | { [key: string]: JsValue };

type Tok = { t: 'str' | 'num' | 'id' | 'p'; v: string; n?: number; dynamic?: boolean };

const ESC: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

export function tokenizeJs(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      i = e === -1 ? src.length : e + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let v = '';
      let dynamic = false;
      for (i++; i < src.length && src[i] !== c; i++) {
        const ch = src[i] as string;
        if (c === '`' && ch === '$' && src[i + 1] === '{') dynamic = true;
        if (ch !== '\\') {
          v += ch;
          continue;
        }
        const n = src[++i] ?? '';
        if (ESC[n] !== undefined && !(n === '0' && /\d/.test(src[i + 1] ?? ''))) v += ESC[n];
        else if (n === 'x' && /^[0-9a-fA-F]{2}/.test(src.slice(i + 1, i + 3))) {
          v += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16));
          i += 2;
        } else if (n === 'u' && src[i + 1] === '{') {
          const e = src.indexOf('}', i);
          v += String.fromCodePoint(parseInt(src.slice(i + 2, e), 16));
          i = e;
        } else if (n === 'u') {
          v += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16));
          i += 4;
        } else if (n === '\r' && src[i + 1] === '\n') i++;
        else if (n !== '\n' && n !== '\u2028' && n !== '\u2029') v += n;
      }
      i++;
      out.push({ t: 'str', v, dynamic });
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(
      src.slice(i, i + 64),
    );
    if (num && num[0] !== '' && /[\d]/.test(num[0])) {
      const s = num[0].replace(/_/g, '');
      out.push({ t: 'num', v: s, n: /^0[xXbBoO]/.test(s) ? Number(s) : Number(s) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 256));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    out.push({ t: 'p', v: c });
    i++;
  }
  return out;
}

/** The value `module.exports` (or `exports`) is assigned, evaluated as a literal. */
export function readModuleExports(src: string): { value: JsValue; found: boolean } {
  const toks = tokenizeJs(src);
  const vars = new Map<string, number>();
  let exportsAt = -1;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as Tok;
    if (t.t === 'id' && /^(var|let|const)$/.test(t.v) && toks[k + 1]?.t === 'id' && toks[k + 2]?.v === '=')
      vars.set((toks[k + 1] as Tok).v, k + 3);
    if (
      t.t === 'id' &&
      t.v === 'module' &&
      toks[k + 1]?.v === '.' &&
      toks[k + 2]?.v === 'exports' &&
      toks[k + 3]?.v === '='
    )
      exportsAt = k + 4;
    else if (t.t === 'id' && t.v === 'exports' && toks[k - 1]?.v !== '.' && toks[k + 1]?.v === '=') exportsAt = k + 2;
  }
  if (exportsAt === -1) return { value: undefined, found: false };
  const first = toks[exportsAt];
  if (first?.t === 'id' && vars.has(first.v) && toks[exportsAt + 1]?.v !== '.') exportsAt = vars.get(first.v) as number;
  return { value: evaluate(toks, exportsAt).value, found: true };
}

function evaluate(toks: Tok[], start: number): { value: JsValue; next: number } {
  let { value, next } = primary(toks, start);
  while (toks[next]?.v === '+' && toks[next]?.t === 'p') {
    const rhs = primary(toks, next + 1);
    value =
      value === undefined || rhs.value === undefined || typeof value === 'object' || typeof rhs.value === 'object'
        ? undefined
        : typeof value === 'number' && typeof rhs.value === 'number'
          ? value + rhs.value
          : `${String(value)}${String(rhs.value)}`;
    next = rhs.next;
  }
  return { value, next };
}

function primary(toks: Tok[], k: number): { value: JsValue; next: number } {
  const t = toks[k];
  if (!t) return { value: undefined, next: k };
  if (t.t === 'str') return { value: t.dynamic ? undefined : t.v, next: k + 1 };
  if (t.t === 'num') return { value: t.n as number, next: k + 1 };
  if (t.t === 'p' && t.v === '-' && toks[k + 1]?.t === 'num')
    return { value: -(toks[k + 1]?.n as number), next: k + 2 };
  if (t.t === 'id' && (t.v === 'true' || t.v === 'false')) return { value: t.v === 'true', next: k + 1 };
  if (t.t === 'id' && t.v === 'null') return { value: null, next: k + 1 };
  if (t.t === 'p' && t.v === '{') return objectLiteral(toks, k + 1);
  if (t.t === 'p' && t.v === '[') {
    const arr: JsValue[] = [];
    let i = k + 1;
    while (i < toks.length && toks[i]?.v !== ']') {
      const item = evaluate(toks, i);
      arr.push(item.value);
      i = skipTo(toks, item.next, [',', ']']);
      if (toks[i]?.v === ',') i++;
    }
    return { value: arr, next: i + 1 };
  }
  // Anything else (a call, a function, an identifier): not a literal; skip the expression.
  return { value: undefined, next: skipTo(toks, k, [',', '}', ']', ';']) };
}

function objectLiteral(toks: Tok[], k: number): { value: JsValue; next: number } {
  const obj: { [key: string]: JsValue } = {};
  let i = k;
  while (i < toks.length && toks[i]?.v !== '}') {
    const key = toks[i] as Tok;
    if (toks[i + 1]?.v !== ':') {
      i = skipTo(toks, i + 1, [',', '}']);
      if (toks[i]?.v === ',') i++;
      continue;
    }
    const item = evaluate(toks, i + 2);
    obj[key.v] = item.value;
    i = skipTo(toks, item.next, [',', '}']);
    if (toks[i]?.v === ',') i++;
  }
  return { value: obj, next: i + 1 };
}

/** Skips to the next stop token at the same nesting depth. */
function skipTo(toks: Tok[], k: number, stops: string[]): number {
  let depth = 0;
  let i = k;
  for (; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.t !== 'p') continue;
    if (depth === 0 && stops.includes(t.v)) return i;
    if ('{[('.includes(t.v)) depth++;
    else if ('}])'.includes(t.v)) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return i;
}
