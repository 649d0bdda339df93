/**
 * What a complete configuration must have, per credential generation: the one rule that `init`,
 * `config validate`, doctor's config checks and `sign` all consult, so no command calls a value
 * optional that another one needs.
 */
import { FIELD_BY_PATH } from './fields.js';
import { getPath } from './file.js';
import type { ConfigPath } from './paths.js';
import type { ConfigIssue, Credentials, MinilvbConfig } from './schema.js';

const COS: readonly ConfigPath[] = ['cos.appId', 'cos.bucket', 'cos.region', 'cos.secretId', 'cos.secretKey'];

/**
 * The credentials each generation needs. Current apps push to your own push domain (the console
 * no longer offers another); legacy apps push to {bizid}.livepush.myqcloud.com, so they need the
 * bizid instead, plus the IM ECDSA key pair the legacy UserSig is made and checked with.
 */
const CREDENTIALS: Readonly<Record<Credentials, readonly ConfigPath[]>> = {
  current: ['lvb.pushDomain', 'lvb.pushKey', 'lvb.apiKey', 'im.sdkAppId', 'im.secretKey', ...COS],
  legacy: [
    'lvb.appId',
    'lvb.bizId',
    'lvb.pushKey',
    'lvb.apiKey',
    'im.sdkAppId',
    'im.accountType',
    'im.privateKey',
    'im.publicKey',
    ...COS,
  ],
};

/** The credential fields a generation requires (doctor's config.credentials check). */
export function requiredCredentials(credentials: Credentials): readonly ConfigPath[] {
  return CREDENTIALS[credentials];
}

/**
 * Every field a complete setup requires: the credentials, the URL the apps call, and db.host when a database is used.
 */
export function requiredPaths(credentials: Credentials, withDb = false): ConfigPath[] {
  // No db.password: `minilvb db provision` generates one and saves it in the config file.
  return [...CREDENTIALS[credentials], 'server.publicUrl', ...(withDb ? ['db.host' as const] : [])];
}

/** A push URL needs the push key and a host: your push domain, or the bizid for the legacy form (`sign push`). */
export const PUSH_TARGET: { paths: readonly ConfigPath[]; why: string } = {
  paths: ['lvb.pushDomain', 'lvb.bizId'],
  why: 'your push domain, or the bizid for the legacy form',
};

/** The required fields that are unset, as errors that say how to set each. */
export function missingRequired(config: MinilvbConfig): ConfigIssue[] {
  return requiredPaths(config.credentials, config.db !== undefined)
    .filter((p) => getPath(config, p) === undefined)
    .map((p) => ({
      severity: 'error' as const,
      path: p,
      message: `is not set (${config.credentials} credentials need ${FIELD_BY_PATH.get(p)?.label ?? p})`,
      expected:
        `minilvb config set ${p} <value>, ` +
        `${FIELD_BY_PATH.get(p)?.env[0] ?? 'its environment variable'}, or ` +
        `minilvb init`,
    }));
}
