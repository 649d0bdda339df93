/** cos.public-read: the bucket ACL is public-read, so the apps can show uploaded images (cos.public-read). */
import { defineResource } from '../types.js';
import { cosOf, NO_COS, unlessNoBucket } from './cos-shared.js';
import { change } from './shared.js';

export default defineResource({
  id: 'cos.public-read',
  title: 'COS bucket is public-read',
  dependsOn: ['cos.bucket'],
  skip: (ctx) => (ctx.clients.cos ? undefined : NO_COS),
  read: (ctx) => {
    const cos = cosOf(ctx);
    return unlessNoBucket(async () => ctx.call('GET Bucket acl', () => cos.getBucketAcl()));
  },
  desired: (ctx) => ({ bucket: cosOf(ctx).bucket }),
  diff(acl, want) {
    if (acl?.publicWrite)
      return {
        action: 'manual',
        notes: [
          `${want.bucket} is ${acl.acl}: anyone may write to it; set it to public-read, private-write in the COS ` +
            'console (apply does not narrow access you chose)',
        ],
      };
    if (acl?.publicRead) return { action: 'ok', notes: [`${want.bucket} is ${acl.acl}`] };
    return {
      action: acl ? 'update' : 'create',
      changes: [change('ACL', acl?.acl, 'public-read')],
      steps: [
        {
          action: 'PUT Bucket acl',
          description: `PUT Bucket acl ${want.bucket}: public-read`,
          run: async (c) => {
            const cos = cosOf(c);
            await c.call('PUT Bucket acl', () => cos.putBucketAcl('public-read'));
          },
        },
      ],
    };
  },
});
