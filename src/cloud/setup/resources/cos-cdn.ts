/**
 * cos.cdn: the legacy (COS v4) apps load images through the bucket's CDN acceleration domain, which only the
 * console switches on: a manual step for legacy credentials (docs/cloud-apis.md#buckets-and-regions).
 */
import { defineResource } from '../types.js';
import { cosOf, NO_COS } from './cos-shared.js';

export default defineResource({
  id: 'cos.cdn',
  title: 'COS CDN acceleration domain (legacy apps)',
  dependsOn: ['cos.bucket'],
  skip: (ctx) =>
    !ctx.clients.cos ? NO_COS : ctx.config.credentials !== 'legacy' ? 'only the legacy apps use it' : undefined,
  read: async () => undefined,
  desired: (ctx) => ({ host: `${cosOf(ctx).bucket}.file.myqcloud.com` }),
  diff: (_cur, want) => ({
    action: 'manual',
    notes: [
      `switch on the CDN acceleration domain ${want.host} in the COS console (bucket > Domain management); ` +
        'the API cannot do it',
    ],
  }),
});
