/** IM faults on top of a healthy emulated cloud: im.usersig-accepted names the IM code's cause. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { legacyConfig, TEST_IM_PUBLIC_KEY } from '../helpers/fixtures.js';
import { assertFailures, dumpReport } from '../helpers/doctor-report.js';

const doctor = cloudDoctorPerFile();

describe('doctor im: one cause, one failing check', () => {
  it('IM key wrong → 70009 names im.secretKey', async () => {
    const report = await doctor().run({ select: ['im'], overrides: { 'im.secretKey': 'a'.repeat(64) } });
    const [r] = assertFailures(report, 'im.usersig-accepted', {
      status: 'fail',
      summary: /not the key of SDKAppID 1400123456 \(70009\)/,
      fix: /im\.secretKey/,
      faqId: 'APP-IM-PARAMS',
    });
    assert.equal(r.evidence?.errorCode, '70009');
  });

  it('another SDKAppID → 70020 names im.sdkAppId', async () => {
    const report = await doctor().run({ select: ['im'], overrides: { 'im.sdkAppId': 1400654321 } });
    assertFailures(report, 'im.usersig-accepted', {
      status: 'fail',
      summary: /SDKAppID 1400654321 does not exist \(70020\)/,
      fix: /im\.sdkAppId/,
    });
  });

  it('an app without a key in this data center → 70016 names the endpoint', async () => {
    doctor().stack.im.state.apps.push({ sdkAppId: 1400222222, administrators: ['admin'], accounts: [] });
    const report = await doctor().run({ select: ['im'], overrides: { 'im.sdkAppId': 1400222222 } });
    assertFailures(report, 'im.usersig-accepted', { status: 'fail', summary: /70016/, cause: /cloud\.imEndpoint/ });
  });

  it('an administrator without admin rights → 70403', async () => {
    const report = await doctor().run({ select: ['im'], overrides: { 'im.administrator': 'bob' } });
    assertFailures(report, 'im.usersig-accepted', {
      status: 'fail',
      summary: /bob is not an App admin/,
      fix: /im\.administrator/,
      faqId: 'IM-*',
    });
  });

  it("a skewed IM clock → 70001 names this machine's clock", async () => {
    doctor().stack.im.state.clockOffsetSec = 7200;
    assertFailures(await doctor().run({ select: ['im'] }), 'im.usersig-accepted', {
      status: 'fail',
      summary: /70001/,
      fix: /NTP/,
    });
  });

  it('a legacy ECDSA app is checked with a v1 admin UserSig', async () => {
    doctor().stack.im.state.apps.push({
      sdkAppId: 1400012345,
      publicKey: TEST_IM_PUBLIC_KEY,
      administrators: ['admin'],
      accounts: [],
    });
    const report = await doctor().run({
      select: ['im'],
      base: legacyConfig({ cloud: doctor().stack.cloudSection }),
      overrides: { 'im.secretKey': '' },
    });
    assert.equal(report.results[0]?.status, 'pass', dumpReport(report));
    assert.equal(report.results[0]?.evidence?.userSigVersion, 'v1');
  });
});
