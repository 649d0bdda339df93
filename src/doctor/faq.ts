/**
 * The troubleshooting knowledge base (docs/troubleshooting.md) as ids: how each entry is covered, and
 * which config field belongs to which entry. FAQ_IDS is the list the coverage test
 * (test/unit/doctor-faq-coverage.test.ts) holds the checks, the log patterns and the tests to.
 */

/** How doctor covers one docs/troubleshooting.md entry. */
export type FaqCoverage =
  /** Named by these checks (`logs.scan` = the log knowledge base, knowledge/log-patterns.ts). */
  | { kind: 'detected'; by: readonly string[] }
  /** The FAQ repeats another entry under a second name; findings carry the target id. */
  | { kind: 'alias'; of: string }
  /** Nothing doctor can observe from outside; the reason says why. */
  | { kind: 'informational'; reason: string };

const by = (...checks: string[]): FaqCoverage => ({ kind: 'detected', by: checks });

/**
 * Every entry id of docs/troubleshooting.md, in its order. Ids ending in `-*` are families:
 * findings may carry a more specific id of the family (API-SECRETID is an API-* finding).
 */
export const FAQ_IDS: Readonly<Record<string, FaqCoverage>> = {
  'LVB-APPID-BIZID': by('lvb.push-domain'),
  'LVB-PUSH-KEY': by('lvb.push-key', 'keys.fingerprints', 'logs.scan'),
  'CB-API-KEY': by('callback.sign', 'lvb.callback-key', 'keys.fingerprints', 'config.php-deployment', 'logs.scan'),
  'COS-APPID': by('config.cos-bucket', 'cos.bucket', 'app.cos-upload', 'logs.scan'),
  'COS-BUCKET': by('config.cos-bucket', 'cos.bucket', 'app.cos-info', 'app.cos-upload', 'logs.scan'),
  'COS-SECRETID': by('cos.secret-id', 'app.cos-upload', 'config.php-deployment', 'logs.scan'),
  'COS-SECRETKEY': by('cos.secret-key', 'app.cos-sign', 'app.cos-upload', 'config.php-deployment', 'logs.scan'),
  'APP-IM-PARAMS': by('app.login', 'app.usersig', 'im.usersig-accepted', 'logs.scan'),
  'APP-COS-PARAMS': by('app.cos-info'),
  'APP-COS-REGION': by('config.cos-region', 'cos.bucket-region', 'logs.scan'),
  'APP-SERVER-ADDR': by('server.url', 'server.reachable', 'logs.scan'),
  'APP-ATS': by('server.ios-ats', 'logs.scan'),
  'APP-LICENCE': by('logs.scan'),
  'VOD-DB-WRITE': by('database.schema', 'database.write', 'callback.recording', 'logs.scan'),
  'VOD-CALLBACK-KEY': { kind: 'alias', of: 'CB-API-KEY' },
  'VOD-CALLBACK-URL': by('server.callback-url', 'lvb.callback-url', 'lvb.callback-records', 'callback.sign'),
  'VOD-TEMPLATE-BIND': by('lvb.callback-rule', 'lvb.record-rule'),
  'VOD-RECORD-OFF': by('lvb.record-template', 'lvb.record-rule'),
  'VOD-DB-TABLES': by('database.connect', 'database.schema', 'server.database', 'callback.recording', 'logs.scan'),
  'VOD-NO-ROOM': by('callback.recording', 'lvb.callback-records', 'logs.scan'),
  'VOD-STREAM-ID': by('lvb.callback-records', 'logs.scan'),
  'VOD-TOO-SHORT': by('lvb.callback-records', 'logs.scan'),
  'VOD-AGED': by('database.replays'),
  'VOD-OVERWRITE': by('database.replays'),
  'VOD-SIGN-500': by('callback.sign', 'server.callback-url', 'lvb.callback-records', 'logs.scan'),
  'VOD-NO-VIDEOID': by('callback.recording', 'lvb.callback-records', 'logs.scan'),
  'DB-ACCESS': by(
    'database.connect',
    'database.write',
    'server.database',
    'config.php-deployment',
    'app.login',
    'logs.scan',
  ),
  'DB-ANON-USER': by('database.connect'),
  'DB-TZ': by('database.timezone', 'callback.recording'),
  'REDIS-DOWN': by('app.login', 'logs.scan'),
  'LIST-SERVER-ADDR': { kind: 'alias', of: 'APP-SERVER-ADDR' },
  'COS-CDN': by('cos.public-read', 'app.cos-upload', 'logs.scan'),
  'COS-V4-BUCKET': by('logs.scan'),
  'COS-CLOCK': by('cos.clock-skew', 'app.cos-sign', 'app.cos-upload', 'logs.scan'),
  'REG-RATE-LIMIT': by('logs.scan'),
  'API-*': by('lvb.cloud-credentials', 'logs.scan'),
  'IM-*': by('im.usersig-accepted'),
  'SRV-GEN': by('server.generation', 'app.login'),
  'SRV-REACH': by('server.reachable'),
  'SRV-PHP': by('server.generation', 'logs.scan'),
  'SRV-LOG-PERM': by('app.login', 'logs.scan'),
  'SRV-PHP8': by('callback.recording', 'logs.scan'),
  'SRV-LEAK': by('server.leak', 'logs.scan'),
  'SRV-HTTPS': by('server.https'),
  'SRV-TRAILING': by('server.url', 'app.login'),
};

/** The entry an id stands for: itself, or the target of an alias (VOD-CALLBACK-KEY → CB-API-KEY). */
export function canonicalFaqId(id: string): string {
  const entry = FAQ_IDS[id];
  return entry?.kind === 'alias' ? entry.of : id;
}

/** The other names of an entry (CB-API-KEY → [VOD-CALLBACK-KEY]), for "see also" text. */
export function faqAliases(id: string): string[] {
  return Object.entries(FAQ_IDS)
    .filter(([, c]) => c.kind === 'alias' && c.of === id)
    .map(([alias]) => alias);
}

/** Whether `id` is a FAQ id, directly or as a member of a `-*` family (API-SECRETID ∈ API-*). */
export function isFaqId(id: string): boolean {
  if (FAQ_IDS[id]) return true;
  return Object.keys(FAQ_IDS).some(
    (k) => k.endsWith('-*') && id.startsWith(k.slice(0, -1)) && id.length > k.length - 1,
  );
}

/** Which docs/troubleshooting.md entry a config field belongs to, so findings can cite it. */
export const FAQ_BY_FIELD: Readonly<Record<string, string>> = {
  'lvb.appId': 'LVB-APPID-BIZID',
  'lvb.bizId': 'LVB-APPID-BIZID',
  'lvb.pushDomain': 'LVB-APPID-BIZID',
  'lvb.pushKey': 'LVB-PUSH-KEY',
  'lvb.pushKeyBackup': 'LVB-PUSH-KEY',
  'lvb.apiKey': 'CB-API-KEY',
  'im.sdkAppId': 'APP-IM-PARAMS',
  'im.secretKey': 'APP-IM-PARAMS',
  'im.accountType': 'APP-IM-PARAMS',
  'im.privateKey': 'APP-IM-PARAMS',
  'im.publicKey': 'APP-IM-PARAMS',
  'cos.appId': 'COS-APPID',
  'cos.bucket': 'COS-BUCKET',
  'cos.region': 'APP-COS-REGION',
  'cos.secretId': 'COS-SECRETID',
  'cos.secretKey': 'COS-SECRETKEY',
  'server.publicUrl': 'APP-SERVER-ADDR',
  'db.password': 'DB-ACCESS',
  'db.user': 'DB-ACCESS',
};

/**
 * The credentials each generation needs for a working deployment: the config schema's one rule
 * (src/config/required.ts).
 */
export { requiredCredentials } from '../config/required.js';
