/** COS failures every cos check may meet, turned into findings (docs/cloud-apis.md#cos-errors). */
import type { CloudFailure } from '../../cloud/result.js';
import { fail, type CheckContext, type CheckOutcome } from '../check.js';
import { cosTarget } from './cloud-clients.js';
import { transportOutcome } from './cloud-finding.js';

/** Whether a COS failure is one of the two clock errors. */
export function isCosClockError(f: CloudFailure): boolean {
  return f.code === 'RequestTimeTooSkewed' || (f.code === 'AccessDenied' && f.message === 'Request has expired');
}

/** A finding for a COS failure that the calling check does not interpret itself. */
export function cosCallFailure(ctx: CheckContext, f: CloudFailure, what: string): CheckOutcome {
  const t = cosTarget(ctx.config);
  const host = t?.host ?? 'COS';
  const where = ctx.config.cloud.cosEndpoint
    ? `${ctx.config.cloud.cosEndpoint} (cloud.cosEndpoint, Host ${host})`
    : host;
  const transport = transportOutcome(f, { name: 'COS', where, endpointField: 'cloud.cosEndpoint' });
  if (transport) return transport;
  const evidence = {
    request: what,
    code: f.code,
    ...(f.httpStatus ? { httpStatus: f.httpStatus } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
  };
  if (isCosClockError(f)) {
    return fail({
      summary: `COS refused the signature's time window (${f.code}: ${f.message})`,
      cause: "this machine's clock is far from COS time",
      fix: { text: 'Turn on NTP (timedatectl set-ntp true).' },
      faqId: 'COS-CLOCK',
      evidence,
    });
  }
  if (f.code === 'AccessDenied' || f.httpStatus === 403) {
    return fail({
      summary: `COS denied ${what} on ${t?.bucket ?? 'the bucket'} (AccessDenied)`,
      cause:
        'the key has no COS permission for this bucket (a CAM sub-account ' +
        'without a policy), or the bucket belongs to another account',
      fix: {
        text:
          "Grant the key's CAM user QcloudCOSDataFullControl (or read/write on " +
          "this bucket), or use the owner account's key.",
        link: 'https://console.cloud.tencent.com/cam',
      },
      evidence,
    });
  }
  if (f.code === 'NoSuchBucket' || f.httpStatus === 404) {
    return fail({
      summary: `COS says ${t?.bucket ?? 'the bucket'} does not exist in ${ctx.config.cos.region ?? 'the region'}`,
      cause: 'the bucket name, its APPID suffix or the region is wrong',
      fix: {
        text: 'Compare cos.bucket, cos.appId and cos.region with the COS console bucket list.',
        link: 'https://console.cloud.tencent.com/cos/bucket',
      },
      faqId: 'COS-BUCKET',
      evidence,
    });
  }
  if (f.code === 'InvalidBucketName') {
    return fail({
      summary: `${t?.bucket ?? 'the bucket'} is not a valid COS bucket name`,
      cause: 'cos.bucket holds characters COS does not allow (only a-z 0-9 -)',
      fix: { text: 'Copy the bucket name from the COS console, without the -APPID suffix.' },
      faqId: 'COS-BUCKET',
      evidence,
    });
  }
  return fail({
    summary: `${what} failed: ${f.code} ${f.message}`,
    cause: 'COS refused the request',
    fix: {
      text: 'See the COS error code reference (doc 436/7730) for this code.',
      link: 'https://cloud.tencent.com/document/product/436/7730',
    },
    evidence,
  });
}
