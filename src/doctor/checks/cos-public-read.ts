/** The bucket is public-read, so images the apps upload can be displayed (COS-CDN). */
import { randomBytes } from 'node:crypto';
import { defineCheck, fail, pass, skip } from '../check.js';
import { cosClient } from '../probe/cloud-clients.js';
import { cosCallFailure } from '../probe/cos-failure.js';
import { cloudApplyFix } from '../fix/cloud-apply.js';

export default defineCheck({
  id: 'cos.public-read',
  group: 'cos',
  title: 'COS bucket is public-read',
  needs: { checks: ['cos.access'] },
  fix: cloudApplyFix('cos.public-read'),
  async run(ctx) {
    const client = await cosClient(ctx);
    if (!client) return skip('COS is not fully configured');
    const acl = await client.getBucketAcl();
    if (acl.ok && acl.publicRead) {
      return pass(`${client.bucket} is ${acl.acl}`, {
        evidence: { bucket: client.bucket, acl: acl.acl, publicWrite: acl.publicWrite },
      });
    }
    if (!acl.ok && acl.code !== 'AccessDenied') return cosCallFailure(ctx, acl, 'GET Bucket acl');
    // A bucket policy can grant public reads without the ACL saying so: ask as an anonymous phone would.
    const probe = await client.anonymousGet(`minilvb-doctor/absent-${randomBytes(4).toString('hex')}.jpg`);
    if (!probe.ok) return cosCallFailure(ctx, probe, 'anonymous GET');
    const evidence = {
      bucket: client.bucket,
      acl: acl.ok ? acl.acl : `unreadable (${acl.code})`,
      anonymousStatus: probe.status,
      ...(probe.code ? { anonymousCode: probe.code } : {}),
    };
    if (probe.status === 404)
      return pass(`anonymous reads of ${client.bucket} are allowed (a missing object gives 404, not 403)`, {
        evidence,
      });
    if (probe.status === 403) {
      return fail({
        summary: `${client.bucket} is private: an anonymous GET is refused (403 ${probe.code ?? 'AccessDenied'})`,
        cause:
          'the apps upload avatars and covers and then show them by their plain ' +
          'URL; on a private bucket every image stays the default placeholder',
        fix: {
          text:
            'Set the bucket access to "public read, private write" (公有读私有写) in the ' +
            'COS console: bucket > Permission management > Bucket ACL.',
          link: 'https://console.cloud.tencent.com/cos/bucket',
        },
        faqId: 'COS-CDN',
        evidence,
      });
    }
    return fail({
      summary: `anonymous GET answered HTTP ${probe.status}`,
      cause: 'COS answered an unexpected status for a public read',
      fix: { text: 'Check the bucket ACL and policy in the COS console.' },
      faqId: 'COS-CDN',
      evidence,
    });
  },
});
