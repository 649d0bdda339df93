/**
 * Cloud-side causes doctor used to miss or blame on something else (issue 8), each reproduced in
 * the emulators' state on top of a healthy cloud: one check names the cause with its faqId, and
 * nothing fails under another cause.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { legacyConfig } from '../helpers/fixtures.js';
import { assertFailures, assertOnlyWarning, dumpReport } from '../helpers/doctor-report.js';

const doctor = cloudDoctorPerFile();
const live = (): ReturnType<typeof doctor>['stack']['live']['state'] => doctor().stack.live.state;
const LEGACY_PUSH = '8888.livepush.myqcloud.com';

describe('doctor cloud diagnoses', () => {
  it('an https callback URL in the legacy console → lvb.callback-url (VOD-CALLBACK-URL)', async () => {
    doctor().reset({
      pushDomain: LEGACY_PUSH,
      playDomain: '8888.liveplay.myqcloud.com',
      serverUrl: 'https://127.0.0.1:8443',
    });
    const base = legacyConfig({ cloud: doctor().stack.cloudSection, server: { publicUrl: 'https://127.0.0.1:8443' } });
    const report = await doctor().run({ base, select: ['lvb'] });
    assertFailures(report, 'lvb.callback-url', {
      status: 'fail',
      summary: /is https/,
      cause: /legacy console .* does not support https/,
      fix: /http:\/\/127\.0\.0\.1:8443\/callback\/tape_callback\.php/,
      faqId: 'VOD-CALLBACK-URL',
    });
  });

  it('the IM admin account is not imported (account_check NotImported) → im.usersig-accepted (IM-ADMIN)', async () => {
    const app = doctor().stack.im.state.apps[0];
    assert.ok(app);
    app.notImported = ['admin'];
    const report = await doctor().run({ select: ['im'] });
    const [r] = assertFailures(report, 'im.usersig-accepted', {
      status: 'fail',
      summary: /admin account admin is not imported/,
      fix: /Account management/,
      faqId: 'IM-ADMIN',
    });
    assert.equal(r.evidence?.accountStatus, 'NotImported');
  });

  it('a CAM policy that denies one read: that check is skipped with the reason, API-PERM on the credentials check', async () => {
    const all = [
      'DescribeLiveDomains',
      'DescribeLivePlayAuthKey',
      'DescribeLiveCallbackTemplates',
      'DescribeLiveCallbackRules',
      'DescribeLiveRecordTemplates',
      'DescribeLiveRecordRules',
      'DescribeLiveStreamOnlineList',
      'DescribeCallbackRecordsList',
    ];
    const key = live().keys[0];
    assert.ok(key);
    key.allowedActions = all;
    const report = await doctor().run({ select: ['lvb'] });
    const w = assertOnlyWarning(report, 'lvb.cloud-credentials', {
      summary: /may not call DescribeLivePushAuthKey/,
      fix: /QcloudLiveReadOnlyAccess/,
    });
    assert.equal(w.faqId, 'API-PERM');
    const push = report.results.find((r) => r.id === 'lvb.push-key');
    assert.equal(push?.status, 'skip', dumpReport(report));
    assert.match(push?.summary ?? '', /may not call DescribeLivePushAuthKey \(AuthFailure\.UnauthorizedOperation/);
    assert.ok(report.results.every((r) => r.faqId !== 'LVB-PUSH-KEY'));
  });
});
