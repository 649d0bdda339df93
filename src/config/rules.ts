/**
 * Credential format rules (docs/config-files.md#credential-formats). A rule never throws: it returns the problems it
 * sees, as errors (reject) or warnings (the rule is not confirmed by Tencent, so we only warn).
 */
import { KNOWN_REGIONS, REGION_ALIASES, REGION_SHAPE } from './regions.js';
import type { ConfigIssue, Credentials } from './schema.js';

/** What a rule may look at besides the value. */
export interface RuleContext {
  path: string;
  credentials: Credentials;
  /** Other already-coerced values, by path (for cross-field rules). */
  get(path: string): unknown;
}

type Rule = (value: string, ctx: RuleContext) => ConfigIssue[];

const err = (ctx: RuleContext, message: string, expected?: string): ConfigIssue => ({
  severity: 'error',
  path: ctx.path,
  message,
  ...(expected ? { expected } : {}),
});
const warn = (ctx: RuleContext, message: string, expected?: string): ConfigIssue => ({
  severity: 'warning',
  path: ctx.path,
  message,
  ...(expected ? { expected } : {}),
});

const ALNUM32 = /^[A-Za-z0-9]{32}$/;

function digitsIn(ctx: RuleContext, value: string, shape: RegExp, expected: string): ConfigIssue[] {
  return shape.test(value) ? [] : [warn(ctx, `unusual value ${value}`, expected)];
}

const rules = {
  lvbAppId: (v, ctx) => digitsIn(ctx, v, /^\d{7,12}$/, 'usually 10 digits, e.g. 1252463788'),
  bizId: (v, ctx) => digitsIn(ctx, v, /^\d{3,6}$/, 'usually 4 digits, e.g. 8888'),
  cosAppId: (v, ctx) => digitsIn(ctx, v, /^\d{8,10}$/, '8–10 digits, e.g. 1250000000'),
  sdkAppId: (v, ctx) => digitsIn(ctx, v, /^1[4-6]\d{8}$/, '10 digits starting 140…, e.g. 1400000000'),
  cosExpiry: (v, ctx) => {
    const n = Number(v);
    return n >= 1 && n <= 7200 ? [] : [err(ctx, `${v} seconds is out of range`, '1 to 7200 seconds (default 30)')];
  },
  lvbKey: (v, ctx) => {
    if (/\s/.test(v) || !/^[\x21-\x7e]+$/.test(v)) {
      return [
        err(
          ctx,
          'contains whitespace or non-printable characters (a stray space or newline from copy-paste?)',
          '32 characters A-Z a-z 0-9',
        ),
      ];
    }
    if (ALNUM32.test(v)) return [];
    const message = `is ${v.length} characters${/[^A-Za-z0-9]/.test(v) ? ' with characters outside A-Z a-z 0-9' : ''}`;
    return ctx.credentials === 'legacy'
      ? [err(ctx, message, 'exactly 32 characters A-Z a-z 0-9 (the console generates this form)')]
      : [warn(ctx, message, 'usually 32 characters A-Z a-z 0-9')];
  },
  imSecretKey: (v, ctx) =>
    /^[0-9a-f]{64}$/.test(v)
      ? []
      : [warn(ctx, `is ${v.length} characters, not the usual 64 lowercase hex`, '64 characters 0-9 a-f')],
  accountType: (v, ctx) => {
    if (!/^\d+$/.test(v)) return [err(ctx, `${JSON.stringify(v)} is not a decimal number`, 'digits, e.g. 18647')];
    return digitsIn(ctx, v, /^\d{1,8}$/, '1–8 digits');
  },
  secretId: (v, ctx) => {
    if (/\s/.test(v)) return [err(ctx, 'contains whitespace (copy-paste?)', 'AKID followed by 32 letters and digits')];
    return /^AKID[A-Za-z0-9]{32}$/.test(v)
      ? []
      : [
          warn(
            ctx,
            `does not look like a SecretId (${v.length} characters)`,
            'AKID followed by 32 letters and digits (36 in all)',
          ),
        ];
  },
  secretKey: (v, ctx) => {
    if (/\s/.test(v)) return [err(ctx, 'contains whitespace (copy-paste?)', '32 letters and digits')];
    return ALNUM32.test(v)
      ? []
      : [warn(ctx, `does not look like a SecretKey (${v.length} characters)`, '32 letters and digits')];
  },
  bucket: (v, ctx) => {
    const issues: ConfigIssue[] = [];
    const appId = ctx.get('cos.appId');
    const suffix = /^(.*)-(\d+)$/.exec(v);
    if (suffix && appId !== undefined && suffix[2] !== String(appId)) {
      issues.push(
        err(
          ctx,
          `ends in -${suffix[2]}, but cos.appId is ${String(appId)}: the bucket belongs to another APPID`,
          `the short name without -APPID, e.g. ${suffix[1]}`,
        ),
      );
    }
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(v)) {
      issues.push(
        err(
          ctx,
          `${JSON.stringify(v)} has characters COS does not allow`,
          'lowercase letters, digits and -, not starting or ending with -',
        ),
      );
    }
    const region = ctx.get('cos.region');
    const host =
      `${suffix ? v : `${v}-${String(appId ?? '1250000000')}`}.cos.` +
      `${String(region ?? 'ap-guangzhou')}.myqcloud.com`;
    if (host.length > 60)
      issues.push(
        err(ctx, `the bucket host ${host} is ${host.length} characters`, 'a host name of at most 60 characters'),
      );
    return issues;
  },
  region: (v, ctx) => {
    const alias = REGION_ALIASES[v];
    if (alias) return [warn(ctx, `${v} is a legacy alias; minilvb uses ${alias}`, alias)];
    if (!REGION_SHAPE.test(v))
      return [
        err(ctx, `${JSON.stringify(v)} is not a region id`, 'an id such as ap-guangzhou, ap-shanghai, ap-beijing'),
      ];
    return KNOWN_REGIONS.includes(v)
      ? []
      : [warn(ctx, `${v} is not a region minilvb knows`, `one of ${KNOWN_REGIONS.slice(0, 6).join(', ')}, …`)];
  },
  serverUrl: (v, ctx) => {
    const protocol = ctx.get('protocol');
    const shape = protocol === 'action' ? /^https?:\/\/[^/\s]+\/interface\.php$/ : /^https?:\/\/[^/\s]+$/;
    const expected =
      protocol === 'action' ? 'http(s)://host/interface.php' : 'http(s)://host with no path or trailing slash';
    return shape.test(v) ? [] : [err(ctx, `${JSON.stringify(v)} is not a server base URL`, expected)];
  },
  unixUser: (v, ctx) =>
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/.test(v)
      ? []
      : [err(ctx, `${JSON.stringify(v)} is not a user name`, 'a login name such as www-data or nginx')],
  identifier: (v, ctx) =>
    /^[A-Za-z0-9_]{1,64}$/.test(v)
      ? []
      : [err(ctx, `${JSON.stringify(v)} is not a plain MySQL identifier`, 'letters, digits and _, at most 64')],
} satisfies Record<string, Rule>;

export type FormatRule = keyof typeof rules;
export const FORMAT_RULES: Readonly<Record<FormatRule, Rule>> = rules;
