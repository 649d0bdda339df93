/**
 * `GET /minilvb/fingerprints`: what `doctor` compares with the local config to tell whether the
 * deployed server runs with the same keys. Secrets only as salted fingerprints, never values.
 * Bearer auth with `server.adminToken` (constant-time); without a token configured it does not exist.
 */
import type { IncomingMessage } from 'node:http';
import { getPath, SECRET_PATHS, type ConfigPath } from '../config/index.js';
import { fingerprint } from '../secrets/mask.js';
import { VERSION } from '../version.js';
import { refuseAdmin, type AdminReply } from './admin-auth.js';
import type { ServerContext } from './context.js';

/** Every secret of the schema is fingerprinted but the server's own credentials, which no other copy holds. */
const OWN_CREDENTIALS: ReadonlySet<ConfigPath> = new Set([
  'server.adminToken',
  'db.password',
  'cloud.secretId',
  'cloud.secretKey',
]);
const FINGERPRINTED: readonly ConfigPath[] = SECRET_PATHS.filter((p) => !OWN_CREDENTIALS.has(p));
const PLAIN_PATHS: readonly ConfigPath[] = [
  'im.sdkAppId',
  'im.accountType',
  'lvb.appId',
  'lvb.bizId',
  'lvb.pushDomain',
  'lvb.playDomain',
  'cos.bucket',
  'cos.region',
  'cos.appId',
  'db.host',
  'db.name',
  'db.user',
];

export function fingerprints(ctx: ServerContext, req: IncomingMessage): AdminReply {
  const refused = refuseAdmin(ctx, req);
  if (refused) return refused;
  const { config } = ctx;
  const fps: Record<string, string | number | null> = {};
  for (const p of FINGERPRINTED) {
    const v = getPath(config, p);
    fps[p] = typeof v === 'string' && v !== '' ? fingerprint(v) : null;
  }
  for (const p of PLAIN_PATHS) {
    const v = getPath(config, p);
    fps[p] = typeof v === 'string' || typeof v === 'number' ? v : null;
  }
  return {
    status: 200,
    body: {
      version: VERSION,
      protocol: ctx.config.protocol,
      credentials: ctx.config.credentials,
      store: ctx.store.kind,
      passwordStorage: ctx.config.server.passwordStorage,
      fingerprints: fps,
    },
  };
}
