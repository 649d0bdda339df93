/**
 * Reads the constants of a PHP config file (OutDefine.php) WITHOUT running PHP: a tokenizer for
 * the subset such files use (comments // # and /* *\/, both quote styles with their escapes,
 * integers in every base, `.` concatenation), then `define('NAME', value)` and `const NAME = value;`.
 */

/** A literal constant value; `undefined` when the expression is not a literal. */
export type PhpValue = string | number | boolean | null;

/** One constant found in the file. */
export interface PhpDefine {
  name: string;
  value: PhpValue;
  line: number;
}

/** The constants, and what could not be read. */
export interface PhpDefines {
  defines: PhpDefine[];
  warnings: string[];
}

type Token =
  | { t: 'str'; v: string; dynamic: boolean; line: number }
  | { t: 'num'; v: number; line: number }
  | { t: 'id'; v: string; line: number }
  | { t: 'p'; v: string; line: number };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  v: '\v',
  e: '\x1b',
  f: '\f',
  '\\': '\\',
  $: '$',
  '"': '"',
};

export function tokenizePhp(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let php = false;
  const count = (s: string): void => {
    line += s.split('\n').length - 1;
  };
  while (i < src.length) {
    if (!php) {
      const open = src.indexOf('<?', i);
      if (open === -1) break;
      count(src.slice(i, open));
      i = open + (src.startsWith('<?php', open) ? 5 : src.startsWith('<?=', open) ? 3 : 2);
      php = true;
      continue;
    }
    const c = src[i] as string;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('?>', i)) {
      php = false;
      i += 2;
      continue;
    }
    if (c === '#' || src.startsWith('//', i)) {
      // A one-line comment ends at the newline or at ?>.
      while (i < src.length && src[i] !== '\n' && !src.startsWith('?>', i)) i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      count(src.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === "'") {
      let v = '';
      const startLine = line;
      for (i++; i < src.length && src[i] !== "'"; i++) {
        if (src[i] === '\\' && (src[i + 1] === "'" || src[i + 1] === '\\')) v += src[++i];
        else v += src[i];
      }
      i++;
      count(v);
      tokens.push({ t: 'str', v, dynamic: false, line: startLine });
      continue;
    }
    if (c === '"') {
      const startLine = line;
      const { value, dynamic, end } = readDoubleQuoted(src, i + 1);
      count(src.slice(i, end));
      i = end;
      tokens.push({ t: 'str', v: value, dynamic, line: startLine });
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)/.exec(
      src.slice(i, i + 64),
    );
    if (num) {
      tokens.push({ t: 'num', v: phpNumber(num[1] as string), line });
      i += (num[1] as string).length;
      continue;
    }
    const id = /^\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*/.exec(
      src.slice(i, i + 256),
    );
    if (id) {
      tokens.push({ t: 'id', v: (id[0] as string).replace(/^\\/, ''), line });
      i += id[0].length;
      continue;
    }
    tokens.push({ t: 'p', v: c, line });
    i++;
  }
  return tokens;
}

function readDoubleQuoted(src: string, start: number): { value: string; dynamic: boolean; end: number } {
  let v = '';
  let dynamic = false;
  let i = start;
  for (; i < src.length && src[i] !== '"'; i++) {
    const c = src[i] as string;
    if (c === '$' && /[A-Za-z_{]/.test(src[i + 1] ?? '')) dynamic = true;
    if (c === '{' && src[i + 1] === '$') dynamic = true;
    if (c !== '\\') {
      v += c;
      continue;
    }
    const n = src[i + 1] ?? '';
    if (SIMPLE_ESCAPES[n] !== undefined) {
      v += SIMPLE_ESCAPES[n];
      i++;
      continue;
    }
    const oct = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4));
    if (oct) {
      v += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
      i += oct[0].length;
      continue;
    }
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.slice(i + 1, i + 4));
    if (hex) {
      v += String.fromCharCode(parseInt(hex[1] as string, 16));
      i += hex[0].length;
      continue;
    }
    const uni = /^u\{([0-9a-fA-F]+)\}/.exec(src.slice(i + 1, i + 12));
    if (uni) {
      v += String.fromCodePoint(parseInt(uni[1] as string, 16));
      i += uni[0].length;
      continue;
    }
    v += c;
  }
  return { value: v, dynamic, end: i + 1 };
}

function phpNumber(text: string): number {
  const s = text.replace(/_/g, '');
  if (/^0[xX]/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[bB]/.test(s)) return parseInt(s.slice(2), 2);
  if (/^0[oO]/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[0-7]+$/.test(s)) return parseInt(s.slice(1), 8);
  return Number(s);
}

export function readPhpDefines(src: string): PhpDefines {
  const tokens = tokenizePhp(src);
  const defines: PhpDefine[] = [];
  const warnings: string[] = [];
  let i = 0;
  const isP = (k: number, v: string): boolean => tokens[k]?.t === 'p' && tokens[k]?.v === v;
  /** A literal expression: terms joined by `.`; returns undefined when not a literal. */
  const expr = (k: number): { value: PhpValue | undefined; next: number } => {
    let parts: PhpValue[] = [];
    let ok = true;
    for (;;) {
      let sign = 1;
      while (isP(k, '-') || isP(k, '+')) {
        if (isP(k, '-')) sign = -sign;
        k++;
      }
      const tok = tokens[k];
      if (tok?.t === 'str') {
        if (tok.dynamic) ok = false;
        parts.push(tok.v);
        k++;
      } else if (tok?.t === 'num') {
        parts.push(sign * tok.v);
        k++;
      } else if (tok?.t === 'id' && /^(true|false|null)$/i.test(tok.v)) {
        parts.push(tok.v.toLowerCase() === 'null' ? null : tok.v.toLowerCase() === 'true');
        k++;
      } else {
        ok = false;
        while (k < tokens.length && !isP(k, ',') && !isP(k, ')') && !isP(k, ';')) k++;
        parts = [];
        break;
      }
      if (!isP(k, '.')) break;
      k++;
    }
    const value = !ok
      ? undefined
      : parts.length === 1
        ? parts[0]
        : parts.map((p) => (p === null || p === false ? '' : p === true ? '1' : String(p))).join('');
    return { value: value === undefined ? undefined : (value as PhpValue), next: k };
  };
  while (i < tokens.length) {
    const tok = tokens[i] as Token;
    if (tok.t === 'id' && tok.v.toLowerCase() === 'define' && isP(i + 1, '(')) {
      const name = expr(i + 2);
      if (typeof name.value !== 'string' || !isP(name.next, ',')) {
        warnings.push(`line ${tok.line}: define() with a name that is not a string literal, skipped`);
        i += 2;
        continue;
      }
      const value = expr(name.next + 1);
      if (value.value === undefined)
        warnings.push(
          `line ${tok.line}: ${name.value} is not a literal value (variables or ` +
            `function calls are not evaluated), skipped`,
        );
      else defines.push({ name: name.value, value: value.value, line: tok.line });
      i = value.next;
      continue;
    }
    if (tok.t === 'id' && tok.v.toLowerCase() === 'const' && tokens[i + 1]?.t === 'id' && isP(i + 2, '=')) {
      const name = (tokens[i + 1] as { v: string }).v;
      const value = expr(i + 3);
      if (value.value === undefined) warnings.push(`line ${tok.line}: ${name} is not a literal value, skipped`);
      else defines.push({ name, value: value.value, line: tok.line });
      i = value.next;
      continue;
    }
    i++;
  }
  return { defines, warnings };
}
