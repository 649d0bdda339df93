/**
 * Reads the env-file form (`MINILVB_X=value` lines) with the rules of systemd's EnvironmentFile=
 * (env-file.c): `#`/`;` comment lines, single quotes literal, double quotes unescaping \" \\ \` \$,
 * backslash escapes outside quotes, backslash-newline continuations, unquoted trailing blanks trimmed.
 */

/** The variables of an env file, and lines that are not assignments. */
export interface ParsedEnvFile {
  vars: Record<string, string>;
  errors: { line: number; message: string }[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseEnvFile(text: string): ParsedEnvFile {
  const vars: Record<string, string> = {};
  const errors: ParsedEnvFile['errors'] = [];
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  const peek = (): string | undefined => src[i];
  while (i < src.length) {
    const startLine = line;
    while (peek() === ' ' || peek() === '\t' || peek() === '\r') i++;
    if (peek() === '\n') {
      i++;
      line++;
      continue;
    }
    if (peek() === '#' || peek() === ';') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    let key = '';
    while (i < src.length && src[i] !== '=' && src[i] !== '\n') key += src[i++];
    if (peek() !== '=') {
      if (key.trim()) errors.push({ line: startLine, message: `"${key.trim()}" is not a NAME=value line` });
      continue;
    }
    i++;
    key = key.trim().replace(/^export\s+/, '');
    const { value, end, lines } = readValue(src, i);
    i = end;
    line += lines;
    if (!NAME.test(key)) errors.push({ line: startLine, message: `"${key}" is not a variable name` });
    else vars[key] = value;
  }
  return { vars, errors };
}

function readValue(src: string, start: number): { value: string; end: number; lines: number } {
  let i = start;
  let lines = 0;
  while (src[i] === ' ' || src[i] === '\t') i++;
  let value = '';
  let trailingBlanks = 0;
  let state: 'plain' | 'single' | 'double' = 'plain';
  for (; i < src.length; i++) {
    const c = src[i] as string;
    if (state === 'plain') {
      if (c === '\n') {
        i++;
        lines++;
        break;
      }
      if (c === "'") {
        state = 'single';
        trailingBlanks = 0;
        continue;
      }
      if (c === '"') {
        state = 'double';
        trailingBlanks = 0;
        continue;
      }
      if (c === '\\') {
        const next = src[++i];
        if (next === '\n') {
          lines++;
          continue;
        }
        if (next !== undefined) value += next;
        trailingBlanks = 0;
        continue;
      }
      value += c;
      trailingBlanks = c === ' ' || c === '\t' || c === '\r' ? trailingBlanks + 1 : 0;
    } else if (state === 'single') {
      if (c === "'") state = 'plain';
      else {
        value += c;
        if (c === '\n') lines++;
      }
    } else {
      if (c === '"') {
        state = 'plain';
        continue;
      }
      if (c === '\\') {
        const next = src[++i];
        if (next === '\n') {
          lines++;
          continue;
        }
        if (next !== undefined && '"\\`$'.includes(next)) value += next;
        else if (next !== undefined) value += `\\${next}`;
        continue;
      }
      value += c;
      if (c === '\n') lines++;
    }
  }
  return { value: trailingBlanks > 0 ? value.slice(0, -trailingBlanks) : value, end: i, lines };
}
