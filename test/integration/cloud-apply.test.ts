/**
 * `cloud apply` converges an emulated account: blank → everything in one apply, then a no-op; a partly
 * configured account gets only its missing steps; doctor finds no cloud failure afterwards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { actions, applyFor, blankAccount, planFor, stackConfig } from '../helpers/cloud-setup.js';
import { dumpReport } from '../helpers/doctor-report.js';
import { TEST_SECRETS } from '../helpers/fixtures.js';

const cloud = cloudDoctorPerFile();

describe('cloud apply', () => {
  it('a blank account converges in one apply, a second plan is all ok, and doctor finds no cloud failure', async () => {
    const { stack } = cloud();
    blankAccount(stack);
    const config = await stackConfig(stack);
    const { plan, report } = await applyFor(config, { createBucket: true, cors: true });
    assert.deepEqual(actions(plan), [
      'lvb.domains:ok',
      'lvb.push-auth-key:create',
      'lvb.play-auth-key:create',
      'lvb.callback-template:create',
      'lvb.record-template:create',
      'cos.bucket:create',
      'cos.public-read:create',
      'cos.cors:create',
      'cos.cdn:skip',
      'im.admin:create',
      'legacy.console:skip',
    ]);
    assert.equal(report.ok, true, JSON.stringify(report.error));
    assert.deepEqual(
      report.done.map((d) => d.step.split(' ')[0]),
      [
        'ModifyLivePushAuthKey',
        'ModifyLivePlayAuthKey',
        'CreateLiveCallbackTemplate',
        'CreateLiveCallbackRule',
        'CreateLiveRecordTemplate',
        'CreateLiveRecordRule',
        'PUT',
        'PUT',
        'PUT',
        'IM',
      ],
    );
    const live = stack.live.state;
    assert.equal(live.pushAuthKeys['push.example.com']?.MasterAuthKey, TEST_SECRETS.pushKey);
    assert.equal(live.callbackTemplates[0]?.RecordNotifyUrl, 'http://127.0.0.1:8080/callback/tape_callback.php');
    assert.equal(live.recordTemplates[0]?.Mp4Param?.Enable, 1);
    const bucket = stack.cos.state.buckets.find((b) => b.name === 'xiaozhibo-1250000000');
    assert.equal(bucket?.acl, 'public-read');
    assert.equal(bucket?.region, 'ap-guangzhou');
    assert.deepEqual(stack.im.state.apps[0]?.notImported, []);

    const again = await planFor(config, { createBucket: true, cors: true });
    assert.deepEqual(
      again.items.filter((i) => i.action !== 'ok' && i.action !== 'skip').map((i) => `${i.id}:${i.action}`),
      [],
    );
    const before = stack.live.requestCount;
    const second = await applyFor(config, { createBucket: true, cors: true });
    assert.deepEqual(second.report.done, []);
    // The second apply only read: one request per Describe call, none written.
    assert.ok(stack.live.requestCount - before <= 8);

    const report2 = await cloud().run();
    assert.deepEqual(
      report2.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id),
      [],
      dumpReport(report2),
    );
  });
});
