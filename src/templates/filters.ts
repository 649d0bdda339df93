/**
 * Per-target escaping filters. Each turns one value into a complete literal of its target
 * language (quotes included), or refuses a value the format cannot carry, so no value can break
 * out of its literal or inject code, whatever it contains (' " \ $ ` newline).
 */
import { ValueRejectedError, type Filter } from './engine.js';

const reject = (reason: string): never => {
  throw new ValueRejectedError(reason);
};

function text(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return reject(`expected text, got ${typeof value}`);
  if (value.includes('\0')) reject('contains a NUL character');
  return value;
}

function integer(value: unknown): string {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  if (!/^(0|[1-9]\d{0,15})$/.test(s) || !Number.isSafeInteger(Number(s)))
    reject(`${JSON.stringify(value)} is not a whole number`);
  return s;
}

function noControl(s: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s)) reject(`contains a newline or control character, which ${what} cannot carry`);
  return s;
}

const octal = (c: string): string => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;

/** PHP single-quoted string: only \ and ' are special inside it. */
const php: Filter = (v) => `'${text(v).replace(/[\\']/g, (c) => `\\${c}`)}'`;

/** JavaScript string literal (JSON escaping, plus the two line separators JSON leaves raw). */
const js: Filter = (v) =>
  JSON.stringify(text(v))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Java string literal. Control characters use octal escapes: a \\uXXXX escape would be decoded before lexing. */
const java: Filter = (v) =>
  `"${text(v)
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f]/g, octal)}"`;

/** Objective-C NSString literal: C escapes; `??` is broken up so no trigraph can form. */
const objc: Filter = (v) =>
  `@"${text(v)
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\?(?=\?)/g, '?\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f]/g, octal)}"`;

const INI_BARE = /^[A-Za-z0-9_.:/@+,%-]*$/;
const INI_KEYWORD = /^(true|false|yes|no|on|off|null|none)$/i;

/**
 * INI value for PHP's parse_ini_file, read identically with and without INI_SCANNER_RAW: bare
 * when plain, double-quoted otherwise. The two modes disagree on \ and " inside quotes, and the
 * normal mode expands ${…}, so those cannot be written at all.
 */
const ini: Filter = (v) => {
  const s = noControl(text(v), 'an INI value');
  if (INI_BARE.test(s) && !INI_KEYWORD.test(s)) return s;
  if (/["\\]/.test(s))
    reject(
      'contains " or \\, which cdn.route.ini cannot carry (PHP reads them differently in raw and normal INI mode)',
    );
  if (s.includes('${')) reject('contains ${, which PHP expands as an environment variable in INI files');
  return `"${s}"`;
};

/** systemd EnvironmentFile value: always double-quoted, with the four characters systemd unescapes there. */
export function systemdEnvValue(s: string): string {
  return `"${noControl(s, 'a systemd environment file').replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}
const sysenv: Filter = (v) => systemdEnvValue(text(v));

/** POSIX shell single-quoted word. */
export function shellWord(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
const sh: Filter = (v) => shellWord(text(v));

/** A heredoc body (`<<'MINILVB_EOF'`): verbatim, so it must end in a newline and never contain the delimiter line. */
const heredoc: Filter = (v) => {
  const s = text(v);
  if (s !== '' && !s.endsWith('\n'))
    reject('does not end with a newline, so a heredoc cannot reproduce it byte for byte');
  if (/^MINILVB_EOF\r?$/m.test(s)) reject('contains a line MINILVB_EOF, the heredoc delimiter');
  return s;
};

/** An nginx word (host, path, host:port). nginx cannot escape $ (variables), so only plain characters pass. */
const nginx: Filter = (v) => {
  const s = text(v);
  if (!/^[A-Za-z0-9_.:/@*~+=,%[\]-]+$/.test(s))
    reject(`${JSON.stringify(s)} has characters nginx would read as syntax or variables (space ; { } $ # quotes \\)`);
  return s;
};

/** Trusted text produced by minilvb itself (version, dates, fixed names); still no control characters. */
const raw: Filter = (v) => noControl(text(v), 'this position');

/** Text copied verbatim into a file of its own (a PEM key): any content, as is. */
const verbatim: Filter = (v) => text(v);

export const FILTERS: Readonly<Record<string, Filter>> = {
  php,
  phpint: integer,
  js,
  jsint: integer,
  java,
  javaint: integer,
  objc,
  cint: integer,
  ini,
  sysenv,
  sh,
  heredoc,
  nginx,
  raw,
  verbatim,
};
