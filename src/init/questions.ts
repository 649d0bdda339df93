/**
 * The `init` question catalogue: which fields are asked, grouped by service, and which ones a
 * generation requires. Labels, console locations, examples and rules all come from FIELDS.
 */
import { FIELD_BY_PATH, type FieldDef } from '../config/fields.js';
import { requiredPaths } from '../config/required.js';
import type { Credentials, MinilvbConfig } from '../config/schema.js';

/** The service groups, in the order they are asked. */
export type QuestionGroup = 'LVB' | 'IM' | 'COS' | 'server' | 'database' | 'cloud';

/** One question: a config field, when it applies, and whether an answer is required. */
export interface Question {
  path: string;
  group: QuestionGroup;
  /** Only for this generation (undefined: both). */
  credentials?: Credentials;
  /** PEM keys are read from the downloaded file whose path is typed. */
  pemFile?: boolean;
  field: FieldDef;
}

const q = (
  path: string,
  group: QuestionGroup,
  extra: Partial<Omit<Question, 'path' | 'group' | 'field'>> = {},
): Question => {
  const field = FIELD_BY_PATH.get(path);
  if (!field) throw new Error(`init asks for unknown field ${path}`);
  return { path, group, field, ...extra };
};

export const QUESTIONS: readonly Question[] = [
  q('lvb.appId', 'LVB', { credentials: 'legacy' }),
  q('lvb.bizId', 'LVB', { credentials: 'legacy' }),
  q('lvb.pushDomain', 'LVB', { credentials: 'current' }),
  q('lvb.playDomain', 'LVB', { credentials: 'current' }),
  q('lvb.pushKey', 'LVB'),
  q('lvb.playKey', 'LVB', { credentials: 'current' }),
  q('lvb.apiKey', 'LVB'),
  q('im.sdkAppId', 'IM'),
  q('im.secretKey', 'IM', { credentials: 'current' }),
  q('im.accountType', 'IM', { credentials: 'legacy' }),
  q('im.administrator', 'IM'),
  q('im.privateKey', 'IM', { credentials: 'legacy', pemFile: true }),
  q('im.publicKey', 'IM', { credentials: 'legacy', pemFile: true }),
  q('cos.appId', 'COS'),
  q('cos.region', 'COS'),
  q('cos.bucket', 'COS'),
  q('cos.secretId', 'COS'),
  q('cos.secretKey', 'COS'),
  q('server.publicUrl', 'server'),
  q('server.domain', 'server'),
  q('server.tlsCert', 'server'),
  q('server.tlsKey', 'server'),
  q('server.phpRoot', 'server'),
  q('db.host', 'database'),
  q('db.port', 'database'),
  q('db.name', 'database'),
  q('db.user', 'database'),
  q('db.password', 'database'),
  q('cloud.secretId', 'cloud'),
  q('cloud.secretKey', 'cloud'),
];

export const GROUP_TITLES: Readonly<Record<QuestionGroup, string>> = {
  LVB: 'LVB (live streaming: 云直播 console)',
  IM: 'IM (即时通信 console)',
  COS: 'COS (object storage for avatars and covers)',
  server: 'Server (where the apps reach the business server)',
  database: 'Database (MySQL/MariaDB for the PHP server or minilvb serve)',
  cloud:
    'Cloud API key (optional: lets minilvb doctor read your LVB domains, ' +
    "keys and callbacks; tccli's key is used when none is set here)",
};

/** One rule for every command: src/config/required.ts. */
export { requiredPaths };

export function questionsFor(config: Pick<MinilvbConfig, 'credentials'>): Question[] {
  return QUESTIONS.filter((x) => !x.credentials || x.credentials === config.credentials);
}
