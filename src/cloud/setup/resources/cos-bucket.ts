/**
 * cos.bucket: the bucket exists in cos.region (cos.bucket, cos.bucket-region). Created public-read, as the
 * deployment guide prescribes, only with --create-bucket.
 */
import type { CosBucketInfo } from '../../cos.js';
import { CloudCallError } from '../context.js';
import { defineResource } from '../types.js';
import { cosOf, NO_COS } from './cos-shared.js';
import { change } from './shared.js';

export default defineResource({
  id: 'cos.bucket',
  title: 'COS bucket in the configured region',
  skip: (ctx) => (ctx.clients.cos ? undefined : NO_COS),
  async read(ctx): Promise<CosBucketInfo[]> {
    const cos = cosOf(ctx);
    try {
      return (await ctx.call('GET Service', () => cos.listBuckets())).buckets;
    } catch (err) {
      if (!(err instanceof CloudCallError) || err.info.cloudCode !== 'AccessDenied') throw err;
      // A key that may not list buckets: HEAD tells whether this one exists here (as cos.bucket falls back).
      const head = await cos.headBucket();
      if (head.ok) return [{ name: cos.bucket, location: cos.region }];
      if (head.httpStatus === 404) return [];
      throw err;
    }
  },
  desired: (ctx) => ({ bucket: cosOf(ctx).bucket, region: cosOf(ctx).region }),
  diff(buckets, want, ctx) {
    const found = buckets.find((b) => b.name === want.bucket);
    if (found?.location === want.region) return { action: 'ok', notes: [`${want.bucket} exists in ${want.region}`] };
    if (found)
      return {
        action: 'manual',
        blocks: true,
        notes: [`${want.bucket} is in ${found.location}, not ${want.region}: set cos.region to ${found.location}`],
      };
    if (!ctx.options.createBucket)
      return {
        action: 'manual',
        blocks: true,
        notes: [`no bucket ${want.bucket} in the account: pass --create-bucket to create it public-read`],
      };
    return {
      action: 'create',
      changes: [change('bucket', undefined, `${want.bucket} (${want.region}, public-read)`)],
      steps: [
        {
          action: 'PUT Bucket',
          description: `PUT Bucket ${want.bucket} in ${want.region}, x-cos-acl public-read`,
          run: async (c) => {
            const cos = cosOf(c);
            await c.call('PUT Bucket', () => cos.putBucket('public-read'));
          },
        },
      ],
    };
  },
});
