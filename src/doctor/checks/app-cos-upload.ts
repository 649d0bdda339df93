/**
 * Upload a tiny image to COS with what the server gave the app (cos_info + signKey/keyTime),
 * exactly as the app's COS SDK does, fetch it through the public URL, and delete it
 * (COS-BUCKET, COS-SECRETID, COS-SECRETKEY, COS-CLOCK, COS-CDN).
 */
import { randomBytes } from 'node:crypto';
import { createCosClient } from '../../cloud/cos.js';
import type { CloudFailure } from '../../cloud/result.js';
import { anonymousGet } from '../../cloud/cos-anonymous.js';
import { defineCheck, fail, pass, skip, warn, type CheckOutcome } from '../check.js';
import { loggedInProbe } from '../probe/app-client.js';
import { cosGrant } from '../probe/cos-grant.js';

/** A 1×1 transparent PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' +
    '0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

export default defineCheck({
  id: 'app.cos-upload',
  group: 'app',
  title: 'Avatar upload and public fetch (as the app)',
  needs: { checks: ['app.cos-sign', 'app.cos-info'] },
  async run(ctx) {
    const probe = await loggedInProbe(ctx);
    if (!probe.ok) return probe.skip;
    const { target, login } = probe;
    const grant = await cosGrant(ctx, target, login);
    if (!grant.ok) return skip('no COS signature from /get_cos_sign');
    const info = (login.data.cos_info ?? {}) as Record<string, unknown>;
    const bucket = String(info.Bucket ?? '');
    const region = String(info.Region ?? '');
    const appId = Number(info.Appid);
    const secretId = String(info.SecretId ?? '');
    const client = await createCosClient({
      secretId,
      appId,
      bucket,
      region,
      signKey: { signKey: grant.signKey, keyTime: grant.keyTime },
      ...(ctx.config.cloud.cosEndpoint ? { endpoint: ctx.config.cloud.cosEndpoint } : {}),
      timeoutMs: 5000,
    });
    const key = `minilvb-doctor/${login.userid}-${randomBytes(4).toString('hex')}.png`;
    const evidence = { bucket: client.bucket, region, key };
    const put = await client.putObject(key, PNG, 'image/png');
    if (!put.ok) return uploadFailure(put, client.bucket, region, evidence);
    try {
      const got = await client.anonymousGet(key);
      if (!got.ok)
        return fail({
          summary: `uploaded, but the public URL could not be fetched: ${got.message}`,
          cause: 'the bucket host is not reachable for downloads',
          fix: { text: 'Check the bucket domain and any CDN acceleration domain.' },
          faqId: 'COS-CDN',
          evidence,
        });
      if (got.status === 403) {
        return fail({
          summary: `uploaded, but an anonymous GET of ${got.url} answers 403 ${got.code ?? ''}`.trim(),
          cause: 'the bucket is private: avatars and covers upload fine but never display (the apps show the defaults)',
          fix: {
            text: 'Set the bucket ACL to public-read / private-write (公有读私有写).',
            link: 'https://console.cloud.tencent.com/cos/bucket',
          },
          faqId: 'COS-CDN',
          evidence,
        });
      }
      if (got.status !== 200)
        return fail({
          summary: `uploaded, but the public URL answers HTTP ${got.status}${got.code ? ` ${got.code}` : ''}`,
          cause: 'the uploaded image cannot be displayed by the apps',
          fix: { text: 'Check the bucket ACL and the CDN/acceleration domain.' },
          faqId: 'COS-CDN',
          evidence,
        });
      const cdn = await cdnFetch(client.bucket, key, ctx.config.cloud.cosEndpoint);
      const ev = { ...evidence, cdnHost: cdn.host, cdnStatus: cdn.status };
      if (cdn.status !== 200) {
        // COS v4 apps (legacy credentials) display the CDN address the upload returns; current apps use the bucket
        // host.
        const legacy = ctx.config.credentials === 'legacy';
        const details = {
          summary:
            `uploaded and public, but the CDN domain ${cdn.host} answers ` +
            `${cdn.status === 0 ? cdn.error : `HTTP ${cdn.status}`} for it`,
          cause: legacy
            ? 'the COS v4 apps show images through the CDN acceleration domain, which ' +
              'is off by default: avatars and covers stay the default pictures'
            : 'the CDN acceleration domain is off; current apps load images from the ' +
              'bucket host, so only old (COS v4) apps are affected',
          fix: {
            text:
              'Switch on the default CDN acceleration domain of the bucket (COS ' +
              'console > bucket > Domains > CDN acceleration).',
            link: 'https://console.cloud.tencent.com/cos/bucket',
          },
          faqId: 'COS-CDN',
          evidence: ev,
        };
        return legacy ? fail(details) : warn(details);
      }
      return pass(`uploaded ${key} with the app's credentials and fetched it publicly (bucket host and CDN domain)`, {
        evidence: ev,
      });
    } finally {
      const del = await client.deleteObject(key);
      if (!del.ok)
        ctx.defer(`delete ${key} from ${client.bucket}`, async () => {
          throw new Error(`${del.code}: ${del.message}`);
        });
    }
  },
});

function uploadFailure(
  f: CloudFailure,
  bucket: string,
  region: string,
  evidence: Record<string, string>,
): CheckOutcome {
  const ev = { ...evidence, code: f.code, ...(f.requestId ? { requestId: f.requestId } : {}) };
  const summary = `PUT Object as the app failed: ${f.code}${f.httpStatus ? ` (HTTP ${f.httpStatus})` : ''}`;
  switch (f.code) {
    case 'NoSuchBucket':
      return fail({
        summary,
        cause:
          `the bucket ${bucket} does not exist in ${region}: the server's ` +
          `COSKEY_BUCKET, COSKEY_APPID or COSKEY_BUCKET_REGION is wrong (the cos ` +
          `checks say which)`,
        fix: {
          text: "Correct the server's COS settings (cos.bucket / cos.appId / cos.region) and restart it.",
          commands: ['minilvb doctor cos'],
        },
        faqId: 'COS-BUCKET',
        evidence: ev,
      });
    case 'InvalidAccessKeyId':
      return fail({
        summary,
        cause: "cos_info.SecretId (the server's COSKEY_SECRECTID) is not a valid SecretId",
        fix: {
          text: 'Copy the SecretId/SecretKey pair from the API keys page into the server config.',
          link: 'https://console.cloud.tencent.com/cam/capi',
        },
        faqId: 'COS-SECRETID',
        evidence: ev,
      });
    case 'SignatureDoesNotMatch':
      return fail({
        summary,
        cause:
          'the signKey from /get_cos_sign was made with a SecretKey that does not ' +
          'belong to the SecretId (COSKEY_SECRECTKEY)',
        fix: {
          text: 'Put the SecretKey of the SecretId into the server config.',
          link: 'https://console.cloud.tencent.com/cam/capi',
        },
        faqId: 'COS-SECRETKEY',
        evidence: ev,
      });
    case 'RequestTimeTooSkewed':
      return fail({
        summary,
        cause: 'the server clock (keyTime) is off, so COS rejects the signature',
        fix: { text: 'Enable NTP on the server; raise cos.expiredTime.' },
        faqId: 'COS-CLOCK',
        evidence: ev,
      });
    case 'AccessDenied':
      return fail({
        summary,
        cause: /expired/i.test(f.message)
          ? 'the signature expired before the upload (clock skew or a too short COSKEY_EXPIRED_TIME)'
          : 'the key pair may not write to this bucket (CAM policy), or the bucket belongs to another account',
        fix: {
          text:
            'Grant the key write access to the bucket (QcloudCOSDataFullControl or a ' +
            'bucket policy); check the clock.',
        },
        faqId: /expired/i.test(f.message) ? 'COS-CLOCK' : 'COS-APPID',
        evidence: ev,
      });
    default:
      return fail({
        summary: `${summary}: ${f.message}`,
        cause: f.network ? 'COS cannot be reached from here' : 'COS refused the upload',
        fix: { text: 'Run the cos checks for details.', commands: ['minilvb doctor cos'] },
        evidence: ev,
      });
  }
}

/** GET of the object through the COS v4 CDN acceleration domain `{bucket}.file.myqcloud.com`. */
async function cdnFetch(
  bucket: string,
  key: string,
  endpoint: string | undefined,
): Promise<{ host: string; status: number; error?: string }> {
  const host = `${bucket}.file.myqcloud.com`;
  const got = await anonymousGet({ host, key, timeoutMs: 5000, ...(endpoint ? { endpoint } : {}) });
  return got.ok ? { host, status: got.status } : { host, status: 0, error: got.code };
}
