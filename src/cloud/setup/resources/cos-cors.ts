/**
 * cos.cors: a CORS rule for browser uploads (origin *, GET PUT POST HEAD, headers *, ETag exposed), as cos.cors
 * checks. Added only with --cors; existing rules are kept.
 */
import type { CosCorsRuleInfo } from '../../cos.js';
import { defineResource } from '../types.js';
import { cosOf, NO_COS, unlessNoBucket } from './cos-shared.js';
import { change } from './shared.js';

const NEEDED = ['GET', 'PUT', 'POST', 'HEAD'];
const RULE = {
  id: 'minilvb',
  allowedOrigins: ['*'],
  allowedMethods: NEEDED,
  allowedHeaders: ['*'],
  exposeHeaders: ['ETag', 'Content-Length', 'x-cos-request-id'],
  maxAgeSeconds: 600,
};

function covers(r: CosCorsRuleInfo): boolean {
  return (
    r.allowedOrigins.includes('*') &&
    NEEDED.every((m) => r.allowedMethods.includes(m)) &&
    r.allowedHeaders.includes('*') &&
    r.exposeHeaders.some((h) => h.toLowerCase() === 'etag')
  );
}

export default defineResource({
  id: 'cos.cors',
  title: 'COS CORS rule for web uploads',
  dependsOn: ['cos.bucket'],
  skip: (ctx) => (ctx.clients.cos ? undefined : NO_COS),
  read: (ctx) => {
    const cos = cosOf(ctx);
    return unlessNoBucket(async () => {
      try {
        return (await ctx.call('GET Bucket cors', () => cos.getBucketCors())).rules;
      } catch (err) {
        if ((err as { info?: { cloudCode?: string } }).info?.cloudCode === 'NoSuchCORSConfiguration') return [];
        throw err;
      }
    });
  },
  desired: (ctx) => ({ bucket: cosOf(ctx).bucket }),
  diff(rules, want, ctx) {
    const existing = rules ?? [];
    if (existing.some(covers)) return { action: 'ok', notes: ['a CORS rule allows browser uploads'] };
    if (!ctx.options.cors)
      return {
        action: 'skip',
        notes: ['no CORS rule for browser uploads (native apps do not need one): pass --cors to add it'],
      };
    return {
      action: existing.length > 0 ? 'update' : 'create',
      changes: [change('CORS rule', undefined, 'origin *, GET PUT POST HEAD, headers *, expose ETag')],
      notes: existing.length > 0 ? [`the ${existing.length} existing rule(s) are kept`] : [],
      steps: [
        {
          action: 'PUT Bucket cors',
          description: `PUT Bucket cors ${want.bucket}: the existing rules + the minilvb rule`,
          run: async (c) => {
            const cos = cosOf(c);
            await c.call('PUT Bucket cors', () => cos.putBucketCors([...existing, RULE]));
          },
        },
      ],
    };
  },
});
