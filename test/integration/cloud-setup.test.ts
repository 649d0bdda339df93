/**
 * The plan/apply library on partly configured accounts: only the missing steps run, foreign templates are left
 * alone unless adopted, transient 5xx answers are retried with backoff, quota and domain errors stop apply with
 * the cloud's code, legacy accounts get the console values.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { recordParam } from '../emulators/live-emulator-state.js';
import { TEMPLATE_LIMIT } from '../emulators/live-emulator-actions.js';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { applyCloud } from '../../src/cloud/setup/index.js';
import { actions, applyFor, blankAccount, instantRetry, planFor, stackConfig } from '../helpers/cloud-setup.js';
import { legacyConfig, TEST_SECRETS } from '../helpers/fixtures.js';

const cloud = cloudDoctorPerFile();

const changing = (a: string[]): string[] => a.filter((x) => /:(create|update|manual|error)$/.test(x));

function foreignTemplate(id: number, url: string, key: string) {
  return {
    TemplateId: id,
    TemplateName: 'ops-callbacks',
    Description: '',
    StreamBeginNotifyUrl: '',
    StreamEndNotifyUrl: '',
    RecordNotifyUrl: url,
    SnapshotNotifyUrl: '',
    PornCensorshipNotifyUrl: '',
    CallbackKey: key,
  };
}

describe('cloud plan/apply on a partly configured account', () => {
  it('a healthy account plans all ok', async () => {
    const plan = await planFor(await stackConfig(cloud().stack));
    assert.deepEqual(changing(actions(plan)), []);
  });

  it('gets only the missing steps, and keeps the existing backup push key', async () => {
    const live = cloud().stack.live.state;
    live.pushAuthKeys['push.example.com'] = {
      Enable: 1,
      MasterAuthKey: 'an-old-master-key-0001',
      BackupAuthKey: 'the-backup-key-0002',
      AuthDelta: 900,
    };
    live.recordRules = [];
    const { plan, report } = await applyFor(await stackConfig(cloud().stack));
    assert.deepEqual(changing(actions(plan)), ['lvb.push-auth-key:update', 'lvb.record-template:create']);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.done.map((d) => d.step.split(' ')[0]),
      ['ModifyLivePushAuthKey', 'CreateLiveRecordRule'],
    );
    assert.deepEqual(live.pushAuthKeys['push.example.com'], {
      Enable: 1,
      MasterAuthKey: TEST_SECRETS.pushKey,
      BackupAuthKey: 'the-backup-key-0002',
      AuthDelta: 900,
    });
    // The existing MP4 template was adopted, not duplicated.
    assert.equal(live.recordTemplates.length, 1);
    assert.equal(live.recordRules[0]?.TemplateId, 2001);
  });

  it('adopts an unbound template that already matches instead of creating one', async () => {
    const live = cloud().stack.live.state;
    live.callbackRules = [];
    const { report } = await applyFor(await stackConfig(cloud().stack));
    assert.deepEqual(
      report.done.map((d) => d.step),
      ['CreateLiveCallbackRule push.example.com AppName live'],
    );
    assert.equal(live.callbackTemplates.length, 1);
    assert.equal(live.callbackRules[0]?.TemplateId, 1001);
  });

  it('leaves a foreign template bound to the domain alone without --adopt, modifies it with --adopt', async () => {
    const live = cloud().stack.live.state;
    live.callbackTemplates = [foreignTemplate(7007, 'http://old.example.com/cb.php', 'another-key-1234567')];
    live.callbackRules[0] = { ...live.callbackRules[0], TemplateId: 7007 } as (typeof live.callbackRules)[0];
    const config = await stackConfig(cloud().stack);
    const { plan, report } = await applyFor(config);
    const item = plan.items.find((i) => i.id === 'lvb.callback-template');
    assert.equal(item?.action, 'manual');
    assert.match(item?.notes.join(' ') ?? '', /ops-callbacks \(7007\) .* not minilvb's: left alone .*--adopt/);
    assert.deepEqual(report.done, []);
    assert.deepEqual(
      report.left.map((l) => l.id),
      ['lvb.callback-template'],
    );
    assert.equal(live.callbackTemplates[0]?.RecordNotifyUrl, 'http://old.example.com/cb.php');
    const before = await cloud().run({ select: ['lvb.callback-url', 'lvb.callback-key'] });
    assert.ok(before.results.some((r) => r.status === 'fail'));

    const adopted = await applyFor(config, { adopt: true });
    assert.equal(adopted.plan.items.find((i) => i.id === 'lvb.callback-template')?.action, 'update');
    assert.deepEqual(
      adopted.report.done.map((d) => d.step.split(' ')[0]),
      ['ModifyLiveCallbackTemplate'],
    );
    assert.equal(live.callbackTemplates[0]?.RecordNotifyUrl, 'http://127.0.0.1:8080/callback/tape_callback.php');
    assert.equal(live.callbackTemplates[0]?.CallbackKey, TEST_SECRETS.apiKey);
    const after = await cloud().run({ select: ['lvb.callback-url', 'lvb.callback-key'] });
    assert.deepEqual(
      after.results.filter((r) => r.status !== 'pass').map((r) => r.id),
      [],
    );
  });

  it('a rule bound to a deleted template is reported, not worked around (minilvb never deletes)', async () => {
    const live = cloud().stack.live.state;
    live.callbackTemplates = [];
    live.recordTemplates = [];
    const plan = await planFor(await stackConfig(cloud().stack));
    for (const id of ['lvb.callback-template', 'lvb.record-template']) {
      const item = plan.items.find((i) => i.id === id);
      assert.equal(item?.action, 'manual', id);
      assert.match(item?.notes.join(' ') ?? '', /binds template \d+, which does not exist: delete that rule/);
    }
  });

  it('switches MP4 on in its own recording template, but not in a foreign one without --adopt', async () => {
    const live = cloud().stack.live.state;
    const t = live.recordTemplates[0];
    assert.ok(t);
    delete t.Mp4Param;
    t.HlsParam = recordParam(1);
    const config = await stackConfig(cloud().stack);
    t.TemplateName = 'hls-only';
    assert.equal((await planFor(config)).items.find((i) => i.id === 'lvb.record-template')?.action, 'manual');
    t.TemplateName = 'minilvb_hls';
    const { report } = await applyFor(config);
    assert.deepEqual(
      report.done.map((d) => d.step),
      ['ModifyLiveRecordTemplate 2001: Mp4Param Enable 1'],
    );
    assert.equal(live.recordTemplates[0]?.Mp4Param?.Enable, 1);
    assert.equal(live.recordTemplates[0]?.HlsParam?.Enable, 1);
  });

  it('retries a transient 5xx with backoff, and reports a lasting one with its code', async () => {
    const config = await stackConfig(cloud().stack);
    const live = cloud().stack.live;
    live.options.fault = 'http-5xx';
    live.options.faultCount = 2;
    const sleeps: number[] = [];
    const plan = await planFor(config, { retry: instantRetry(sleeps), only: ['lvb.domains'] });
    assert.deepEqual(actions(plan), ['lvb.domains:ok']);
    assert.deepEqual(sleeps, [100, 200]);

    live.options.fault = 'http-5xx';
    const waits: number[] = [];
    const broken = await planFor(config, { retry: instantRetry(waits), only: ['lvb.domains'] });
    live.options.fault = 'none';
    assert.equal(broken.items[0]?.action, 'error');
    assert.equal(broken.items[0]?.error?.cloudCode, 'HTTP502');
    assert.deepEqual(waits, [100, 200, 400]);
    const report = await applyCloud(broken);
    assert.equal(report.ok, false);
    assert.equal(report.error?.id, 'lvb.domains');
  });

  it('retries an unanswered key change, but never an unanswered template create (it may have happened)', async () => {
    blankAccount(cloud().stack);
    const config = await stackConfig(cloud().stack);
    const live = cloud().stack.live;
    const sleeps: number[] = [];
    const keyPlan = await planFor(config, { retry: instantRetry(sleeps), only: ['lvb.push-auth-key'] });
    live.options.fault = 'reset';
    live.options.faultCount = 1;
    assert.equal((await applyCloud(keyPlan)).ok, true);
    assert.deepEqual(sleeps, [100]);

    const waits: number[] = [];
    const templatePlan = await planFor(config, { retry: instantRetry(waits), only: ['lvb.callback-template'] });
    live.options.fault = 'reset';
    live.options.faultCount = 1;
    const report = await applyCloud(templatePlan);
    assert.equal(report.error?.cloudCode, 'ECONNRESET');
    assert.equal(report.error?.step, 'CreateLiveCallbackTemplate minilvb');
    assert.deepEqual(waits, []);
  });

  it('a full template quota stops apply with the cloud code after the steps before it', async () => {
    blankAccount(cloud().stack);
    const live = cloud().stack.live.state;
    live.callbackTemplates = Array.from({ length: TEMPLATE_LIMIT }, (_, i) =>
      foreignTemplate(9000 + i, `http://other${i}.example.com/cb`, 'k'),
    );
    const { report } = await applyFor(await stackConfig(cloud().stack));
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.done.map((d) => d.id),
      ['lvb.push-auth-key', 'lvb.play-auth-key'],
    );
    assert.equal(report.error?.cloudCode, 'InternalError.ConfOutLimit');
    assert.equal(report.error?.permission, undefined);
    assert.match(
      report.error?.message ?? '',
      /CreateLiveCallbackTemplate failed: InternalError\.ConfOutLimit .*RequestId/,
    );
  });

  it('a missing push domain blocks the live steps; --add-domains adds a missing play domain', async () => {
    const live = cloud().stack.live.state;
    live.domains = live.domains.filter((d) => d.Name !== 'push.example.com');
    const config = await stackConfig(cloud().stack);
    const plan = await planFor(config);
    const domains = plan.items.find((i) => i.id === 'lvb.domains');
    assert.equal(domains?.action, 'manual');
    assert.match(domains?.notes.join(' ') ?? '', /push domain push\.example\.com is not in the account.*--add-domains/);
    // The push key of a missing domain reads as empty: its step waits for the domain.
    const push = plan.items.find((i) => i.id === 'lvb.push-auth-key');
    assert.equal(push?.action, 'manual');
    assert.match(push?.notes.join(' ') ?? '', /waits for lvb\.domains/);

    cloud().reset();
    live.domains = live.domains.filter((d) => d.Name !== 'play.example.com');
    const { report } = await applyFor(config, { addDomains: true });
    assert.equal(report.ok, true, JSON.stringify(report.error));
    assert.equal(report.done[0]?.step, 'AddLiveDomain play.example.com (play)');
    assert.equal(live.domains.find((d) => d.Name === 'play.example.com')?.Type, 1);
    const next = await planFor(config);
    assert.match(next.items[0]?.notes.join(' ') ?? '', /CNAME of play\.example\.com is not active/);
  });

  it('a COS key that may not list buckets falls back to HEAD, and a denied PUT Bucket names cos:PutBucket', async () => {
    const key = cloud().stack.cos.state.keys[0];
    assert.ok(key);
    key.denyService = true;
    const config = await stackConfig(cloud().stack);
    assert.deepEqual(actions(await planFor(config, { only: ['cos.bucket'] })), ['cos.bucket:ok']);
    blankAccount(cloud().stack);
    key.denyBuckets = ['xiaozhibo-1250000000'];
    const { plan, report } = await applyFor(config, { createBucket: true, only: ['cos.bucket'] });
    assert.deepEqual(actions(plan), ['cos.bucket:create']);
    assert.equal(report.error?.cloudCode, 'AccessDenied');
    assert.equal(report.error?.permission, 'cos:PutBucket');
    assert.match(report.error?.hint ?? '', /QcloudCOSFullAccess/);
  });

  it('a public-read-write bucket is reported, not narrowed', async () => {
    const bucket = cloud().stack.cos.state.buckets[0];
    assert.ok(bucket);
    bucket.acl = 'public-read-write';
    const plan = await planFor(await stackConfig(cloud().stack), { only: ['cos.public-read'] });
    assert.deepEqual(actions(plan), ['cos.public-read:manual']);
    assert.match(plan.items[0]?.notes.join(' ') ?? '', /public-read-write: anyone may write/);
  });

  it('a legacy account gets the console values to enter, secrets only by field and fingerprint', async () => {
    cloud().reset({ pushDomain: '8888.livepush.myqcloud.com', playDomain: '8888.liveplay.myqcloud.com' });
    const config = await stackConfig(
      cloud().stack,
      {},
      legacyConfig({ server: { publicUrl: 'https://live.example.com' } }),
    );
    const plan = await planFor(config);
    const item = plan.items.find((i) => i.id === 'legacy.console');
    assert.equal(item?.action, 'manual');
    const text = item?.notes.join('\n') ?? '';
    assert.match(text, /推流防盗链Key .*lvb\.pushKey.*fingerprint [0-9a-f]{12}/);
    assert.match(text, /回调URL .*: http:\/\/live\.example\.com\/callback\/tape_callback\.php/);
    assert.match(text, /only calls http URLs/);
    assert.equal(plan.items.find((i) => i.id === 'cos.cdn')?.action, 'manual');
    for (const secret of Object.values(TEST_SECRETS)) assert.equal(JSON.stringify(plan).includes(secret), false);
  });
});
