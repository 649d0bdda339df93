/**
 * Validates one field value on its own, with the loader's own coerce and format rules, so `init`
 * can check each answer as it is typed exactly as loadConfig will check it later.
 */
import { coerce } from './coerce.js';
import { FIELD_BY_PATH, FORMAT_RULES } from './fields.js';
import { stripBucketSuffix } from './bucket-suffix.js';
import { canonicalRegion } from './regions.js';
import type { ConfigIssue, Credentials } from './schema.js';

/** What the rules may look at besides the value: the generation and the other answers so far. */
export interface FieldContext {
  credentials?: Credentials;
  get?: (path: string) => unknown;
}

/** The verdict on one value: the typed value when usable, with every error and warning. */
export interface FieldCheck {
  ok: boolean;
  value?: string | number;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

export function validateField(path: string, raw: unknown, context: FieldContext = {}): FieldCheck {
  const def = FIELD_BY_PATH.get(path);
  if (!def)
    return { ok: false, errors: [{ severity: 'error', path, message: 'is not a known setting' }], warnings: [] };
  const coerced = coerce(def, raw);
  if (!coerced.ok)
    return {
      ok: false,
      errors: [{ severity: 'error', path, message: coerced.message, expected: coerced.expected }],
      warnings: [],
    };
  const notices: ConfigIssue[] = [];
  if (path === 'cos.bucket' && typeof coerced.value === 'string') {
    const stripped = stripBucketSuffix(coerced.value, context.get?.('cos.appId'));
    coerced.value = stripped.bucket;
    if (stripped.notice) notices.push(stripped.notice);
  }
  const issues = [
    ...notices,
    ...(def.rule
      ? FORMAT_RULES[def.rule](String(coerced.value), {
          path,
          credentials: context.credentials ?? 'current',
          get: context.get ?? (() => undefined),
        })
      : []),
  ];
  const errors = issues.filter((i) => i.severity === 'error');
  const value =
    path === 'cos.region' && typeof coerced.value === 'string' ? canonicalRegion(coerced.value).region : coerced.value;
  return {
    ok: errors.length === 0,
    ...(errors.length === 0 ? { value } : {}),
    errors,
    warnings: issues.filter((i) => i.severity === 'warning'),
  };
}
