/** Every resource, in the order apply converges them (dependencies first). */
import type { Resource } from '../types.js';
import cosBucket from './cos-bucket.js';
import cosCdn from './cos-cdn.js';
import cosCors from './cos-cors.js';
import cosPublicRead from './cos-public-read.js';
import imAdmin from './im-admin.js';
import legacyConsole from './legacy-console.js';
import lvbCallbackTemplate from './lvb-callback-template.js';
import lvbDomains from './lvb-domains.js';
import lvbPlayAuthKey from './lvb-play-auth-key.js';
import lvbPushAuthKey from './lvb-push-auth-key.js';
import lvbRecordTemplate from './lvb-record-template.js';

export const RESOURCES: readonly Resource[] = [
  lvbDomains,
  lvbPushAuthKey,
  lvbPlayAuthKey,
  lvbCallbackTemplate,
  lvbRecordTemplate,
  cosBucket,
  cosPublicRead,
  cosCors,
  cosCdn,
  imAdmin,
  legacyConsole,
];
