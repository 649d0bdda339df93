/** The key may read and write the bucket: HEAD, then PUT and DELETE of a probe object (CAM permission). */
import { randomBytes } from 'node:crypto';
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { cosClient } from '../probe/cloud-clients.js';
import { cosCallFailure } from '../probe/cos-failure.js';

export default defineCheck({
  id: 'cos.access',
  group: 'cos',
  title: 'COS key may write the bucket',
  needs: { checks: ['cos.bucket-region'] },
  async run(ctx) {
    const client = await cosClient(ctx);
    if (!client) return skip('COS is not fully configured');
    const head = await client.headBucket();
    if (!head.ok) return cosCallFailure(ctx, head, 'HEAD Bucket');
    const key = `minilvb-doctor/probe-${randomBytes(6).toString('hex')}.txt`;
    const put = await client.putObject(key, 'minilvb doctor probe\n', 'text/plain');
    if (!put.ok) {
      if (put.code === 'AccessDenied') {
        return fail({
          summary: `the key may read ${client.bucket} but not write it (PUT Object: AccessDenied)`,
          cause:
            'the CAM policy of the key is read-only: the /get_cos_sign keys it ' +
            'produces cannot upload avatars or covers',
          fix: {
            text:
              'Grant the key write access to the bucket (e.g. ' +
              'QcloudCOSDataFullControl, or a policy with cos:PutObject on this ' +
              'bucket).',
            link: 'https://console.cloud.tencent.com/cam',
          },
          evidence: { bucket: client.bucket, key, requestId: put.requestId ?? '' },
        });
      }
      return cosCallFailure(ctx, put, 'PUT Object');
    }
    const del = await client.deleteObject(key);
    if (!del.ok)
      return warn({
        summary: `wrote ${key} but could not delete it (${del.code})`,
        cause: 'the key may not delete objects',
        fix: { text: `Delete ${key} in the COS console.` },
        evidence: { bucket: client.bucket, key },
      });
    return pass(`the key may read and write ${client.bucket}`, { evidence: { bucket: client.bucket, probe: key } });
  },
});
