/**
 * One COS fault per FAQ cause on top of a healthy emulated cloud: exactly the check naming that
 * cause fails, with the right fix, and its dependants are skipped rather than failing too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';
import { assertBlockedBy, assertFailures, assertOnlyWarning, dumpReport } from '../helpers/doctor-report.js';

const doctor = cloudDoctorPerFile();
const bucket = (): { acl: string; cors: unknown[] } => doctor().stack.cos.state.buckets[0] as never;

describe('doctor cos: one cause, one failing check', () => {
  it('wrong COS APPID → cos.bucket names the real APPID', async () => {
    const report = await doctor().run({ select: ['cos'], overrides: { 'cos.appId': 1250000001 } });
    assertFailures(report, 'cos.bucket', {
      status: 'fail',
      summary: /APPID is 1250000000, not 1250000001/,
      fix: /cos\.appId to 1250000000/,
      faqId: 'COS-APPID',
    });
    assertBlockedBy(report, 'cos.bucket-region', 'cos.bucket');
  });

  it('wrong bucket name → cos.bucket lists the account buckets', async () => {
    const report = await doctor().run({ select: ['cos'], overrides: { 'cos.bucket': 'xiaozhib0' } });
    assertFailures(report, 'cos.bucket', {
      status: 'fail',
      summary: /no bucket named xiaozhib0.*xiaozhibo-1250000000 \(ap-guangzhou\)/,
      fix: /cos\.bucket/,
      faqId: 'COS-BUCKET',
    });
  });

  it('wrong region → cos.bucket-region says where the bucket really is', async () => {
    const report = await doctor().run({ select: ['cos'], overrides: { 'cos.region': 'ap-shanghai' } });
    assertFailures(report, 'cos.bucket-region', {
      status: 'fail',
      summary: /exists in ap-guangzhou, config says ap-shanghai/,
      fix: /cos\.region to ap-guangzhou/,
      faqId: 'APP-COS-REGION',
    });
    assertBlockedBy(report, 'cos.access', 'cos.bucket-region');
  });

  it('wrong SecretId → cos.secret-id (InvalidAccessKeyId)', async () => {
    const report = await doctor().run({
      select: ['cos'],
      overrides: { 'cos.secretId': 'AKIDWrngQ7m2Xv9Lr4Ns8Wd3Hc6Jb1Yf5Gz0K' },
    });
    assertFailures(report, 'cos.secret-id', {
      status: 'fail',
      summary: /InvalidAccessKeyId/,
      fix: /cos\.secretId/,
      faqId: 'COS-SECRETID',
    });
    assertBlockedBy(report, 'cos.secret-key', 'cos.secret-id');
  });

  it('wrong SecretKey → cos.secret-key (SignatureDoesNotMatch)', async () => {
    const report = await doctor().run({ select: ['cos'], overrides: { 'cos.secretKey': TEST_SECRETS.cloudSecretKey } });
    const [r] = assertFailures(report, 'cos.secret-key', {
      status: 'fail',
      summary: /SignatureDoesNotMatch/,
      fix: /COSKEY_SECRECTKEY/,
      faqId: 'COS-SECRETKEY',
    });
    assert.match(String(r.evidence?.secretKeyFingerprint), /^[0-9a-f]{12}$/);
  });

  it('private bucket → cos.public-read', async () => {
    bucket().acl = 'private';
    const report = await doctor().run({ select: ['cos'] });
    assertFailures(report, 'cos.public-read', {
      status: 'fail',
      summary: /is private/,
      fix: /public read, private write/,
      faqId: 'COS-CDN',
    });
  });

  it('missing CORS → a cos.cors warning (browser clients only; the native apps still upload)', async () => {
    bucket().cors = [];
    const report = await doctor().run({ select: ['cos'] });
    assertOnlyWarning(report, 'cos.cors', { summary: /no CORS rule/, fix: /CORS rule/ });
  });

  it('a CORS rule without PUT → cos.cors names the missing method', async () => {
    bucket().cors = [
      { allowedOrigins: ['*'], allowedMethods: ['GET', 'HEAD'], allowedHeaders: ['*'], exposeHeaders: ['ETag'] },
    ];
    const report = await doctor().run({ select: ['cos'] });
    assertOnlyWarning(report, 'cos.cors', { summary: /lack PUT POST/ });
  });

  it('a key without permission on the bucket → cos.access', async () => {
    (doctor().stack.cos.state.keys[0] as { denyBuckets?: string[] }).denyBuckets = ['xiaozhibo-1250000000'];
    const report = await doctor().run({ select: ['cos'] });
    assertFailures(report, 'cos.access', { status: 'fail', summary: /AccessDenied/, fix: /QcloudCOSDataFullControl/ });
    assertBlockedBy(report, 'cos.public-read', 'cos.access');
    assertBlockedBy(report, 'cos.cors', 'cos.access');
  });

  it('clock skew → cos.clock-skew, and the signed checks are skipped', async () => {
    doctor().stack.cos.state.clockOffsetSec = 3600;
    const report = await doctor().run({ select: ['cos'] });
    assertFailures(report, 'cos.clock-skew', {
      status: 'fail',
      summary: /\b3[56]\d\d s behind COS/,
      fix: /NTP/,
      faqId: 'COS-CLOCK',
    });
    assertBlockedBy(report, 'cos.secret-id', 'cos.clock-skew');
  });

  it('bucket given with the -APPID suffix → config.cos-bucket warns, the cos checks still pass', async () => {
    const report = await doctor().run({
      select: ['cos', 'config.cos-bucket'],
      overrides: { 'cos.bucket': 'xiaozhibo-1250000000' },
    });
    assert.deepEqual(
      report.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`),
      ['config.cos-bucket:warn'],
      dumpReport(report),
    );
  });
});
