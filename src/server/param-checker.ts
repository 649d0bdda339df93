/**
 * Input validation of the path protocol (docs/app-protocol.md#reply-codes, #field-formats, #d8, #d9).
 * The detail texts are those of the PHP `ParamChecker`, so logs look the same; the length rule (`is too long`) is ours.
 * Rules run in the order given and the first failure answers 602.
 */
import { CODE, fail } from './envelope.js';

/** One field rule. */
export interface FieldRule {
  field: string;
  type: 'string' | 'int';
  /** Missing, null and "" fail with `is null or empty!` when required. */
  required: boolean;
  /** Maximum length in characters (utf8mb4 code points). */
  max?: number;
  /** Regex the value must match, with the text shown in the 602 detail. */
  pattern?: { re: RegExp; text: string };
  /** Minimum for ints (`is not in range [min,+)`). */
  min?: number;
}

/** Validated values by field name; absent optional fields are not set. */
export type Checked = Record<string, string | number>;

export const USERID_RULE: FieldRule = {
  field: 'userid',
  type: 'string',
  required: true,
  max: 24,
  pattern: { re: /^[a-zA-Z][a-zA-Z0-9_]{3,23}$/, text: '/^[a-zA-Z][a-zA-Z0-9_]{3,23}$/' },
};
export const PASSWORD_RULE: FieldRule = {
  field: 'password',
  type: 'string',
  required: true,
  max: 255,
  pattern: { re: /^[a-zA-Z0-9]+$/, text: '/^[a-zA-Z0-9]+$/' },
};

const INT_STRING = /^-?\d{1,15}$/;

/** Shows a received value in a detail text, shortened so a 1 MiB value cannot flood the reply. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function charLength(s: string): number {
  // Fast path: without surrogates the UTF-16 length is the character count.
  if (!/[\uD800-\uDFFF]/.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Checks `body` against the rules; throws a 602 ReplyError on the first failure. */
export function checkParams(body: Record<string, unknown>, rules: readonly FieldRule[]): Checked {
  const out: Checked = {};
  for (const rule of rules) {
    const has = Object.prototype.hasOwnProperty.call(body, rule.field);
    const value = has ? body[rule.field] : undefined;
    if (value === undefined || value === null || value === '') {
      if (rule.required) throw fail(CODE.invalidParam, `${rule.field} is null or empty!`);
      // An empty string is a value for optional strings ("clear my nickname"); null/absent are not.
      if (value === '' && rule.type === 'string') out[rule.field] = '';
      continue;
    }
    if (rule.type === 'int') out[rule.field] = checkInt(rule, value);
    else out[rule.field] = checkString(rule, value);
  }
  return out;
}

function checkInt(rule: FieldRule, value: unknown): number {
  let n: number;
  if (typeof value === 'number' && Number.isSafeInteger(value)) n = value;
  else if (typeof value === 'string' && INT_STRING.test(value)) n = Number(value);
  else throw fail(CODE.invalidParam, `${rule.field}:${show(value)} is not int!`);
  if (rule.min !== undefined && n < rule.min) throw fail(CODE.invalidParam, `${n} is not in range [${rule.min},+)`);
  return n;
}

function checkString(rule: FieldRule, value: unknown): string {
  if (typeof value !== 'string') {
    // PHP would coerce scalars and choke on arrays; we reject every non-string the same way.
    throw fail(
      CODE.invalidParam,
      rule.pattern
        ? `${rule.field} preg_match error! The reg rule is:${rule.pattern.text}`
        : `${rule.field}:${show(value)} is not string!`,
    );
  }
  if (rule.max !== undefined && charLength(value) > rule.max)
    throw fail(CODE.invalidParam, `${rule.field} is too long (max ${rule.max})`);
  if (rule.pattern && !rule.pattern.re.test(value))
    throw fail(CODE.invalidParam, `${rule.field} preg_match error! The reg rule is:${rule.pattern.text}`);
  return value;
}
