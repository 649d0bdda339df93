/**
 * The configured bucket exists in the account (COS-BUCKET / COS-APPID). The account's bucket
 * list (GET Service) tells a wrong APPID from a wrong name; the region is cos.bucket-region's job.
 */
import { defineCheck, fail, pass, skip, warn } from '../check.js';
import { cosBucketList, cosClient } from '../probe/cloud-clients.js';
import { cosCallFailure } from '../probe/cos-failure.js';

const CONSOLE = 'https://console.cloud.tencent.com/cos/bucket';

export default defineCheck({
  id: 'cos.bucket',
  group: 'cos',
  title: 'COS bucket exists',
  needs: { config: ['cos.bucket', 'cos.appId', 'cos.region'], checks: ['cos.secret-key'] },
  async run(ctx) {
    const client = await cosClient(ctx);
    const list = await cosBucketList(ctx);
    if (!client || !list) return skip('COS is not fully configured');
    const appId = ctx.config.cos.appId as number;
    const short = client.bucket.slice(0, client.bucket.lastIndexOf('-'));
    if (!list.ok) {
      if (list.code !== 'AccessDenied') return cosCallFailure(ctx, list, 'GET Service');
      // A key without ListAllMyBuckets: fall back to HEAD, which cannot tell name, APPID and region apart.
      const head = await client.headBucket();
      if (head.ok)
        return pass(`${client.bucket} exists in ${client.region} (the key may not list buckets)`, {
          evidence: { bucket: client.bucket },
        });
      if (head.httpStatus === 404) {
        return fail({
          summary: `${client.bucket} does not exist in ${client.region}`,
          cause:
            'the bucket name, APPID suffix or region is wrong (the key may not list ' +
            'buckets, so doctor cannot tell which)',
          fix: {
            text: 'Compare cos.bucket, cos.appId and cos.region with the COS console bucket list.',
            link: CONSOLE,
          },
          faqId: 'COS-BUCKET',
          evidence: { bucket: client.bucket, region: client.region },
        });
      }
      return warn({
        summary: `cannot confirm ${client.bucket}: listing is denied and HEAD answered ${head.code}`,
        cause: 'the key lacks list/read permission (see cos.access)',
        fix: { text: 'Grant the key read access to the bucket.', link: 'https://console.cloud.tencent.com/cam' },
        faqId: 'COS-BUCKET',
      });
    }
    const names = list.buckets.map((b) => `${b.name} (${b.location})`);
    const evidence = { bucket: client.bucket, accountBuckets: names.join(', ') || '(none)' };
    const found = list.buckets.find((b) => b.name === client.bucket);
    if (found)
      return pass(`${client.bucket} exists (in ${found.location})`, {
        evidence: { ...evidence, location: found.location },
      });
    const sameName = list.buckets.filter((b) => b.name.slice(0, b.name.lastIndexOf('-')) === short);
    if (sameName.length > 0) {
      const real = sameName[0]?.name.slice(short.length + 1) ?? '';
      return fail({
        summary:
          `no bucket ${client.bucket}, but ` +
          `${sameName.map((b) => b.name).join(', ')} exists: the APPID is ${real}, ` +
          `not ${appId}`,
        cause: `cos.appId (COSKEY_APPID / the apps' COS appid) is wrong: the bucket belongs to APPID ${real}`,
        fix: {
          text:
            `Set cos.appId to ${real} (the digits after the last "-" of the bucket ` +
            `name), in the server config and the app constants.`,
          commands: [`minilvb config set cos.appId ${real}`],
          link: CONSOLE,
        },
        faqId: 'COS-APPID',
        evidence,
      });
    }
    const appIds = [...new Set(list.buckets.map((b) => b.name.slice(b.name.lastIndexOf('-') + 1)))];
    if (appIds.length > 0 && !appIds.includes(String(appId))) {
      return fail({
        summary:
          `this key's account has APPID ${appIds.join('/')}, but cos.appId is ` +
          `${appId}; no bucket ${client.bucket}`,
        cause: "cos.appId is wrong (and the bucket name should be one of the account's buckets)",
        fix: {
          text: `Set cos.appId to ${appIds[0]} and cos.bucket to the short name of one of: ${names.join(', ')}.`,
          link: CONSOLE,
        },
        faqId: 'COS-APPID',
        evidence,
      });
    }
    return fail({
      summary: `no bucket named ${short} in this account (it has: ${names.join(', ') || 'no buckets'})`,
      cause: 'cos.bucket (COSKEY_BUCKET) is wrong, or the bucket was never created',
      fix: {
        text:
          'Set cos.bucket to the short name of the bucket the apps should use' +
          (names.length > 0
            ? ` (e.g. ${(list.buckets[0]?.name ?? '').replace(/-\d+$/, '')}).`
            : ', after creating it with public-read access.'),
        link: CONSOLE,
      },
      faqId: 'COS-BUCKET',
      evidence,
    });
  },
});
