/**
 * One LVB fault per FAQ cause on top of a healthy emulated live account: exactly the check naming
 * the cause fails with the right fix; bad cloud credentials fail one check and skip the rest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { currentConfig, legacyConfig, TEST_SECRETS } from '../helpers/fixtures.js';
import { assertBlockedBy, assertFailures, dumpReport } from '../helpers/doctor-report.js';

const doctor = cloudDoctorPerFile();
const live = (): ReturnType<typeof doctor>['stack']['live']['state'] => doctor().stack.live.state;

describe('doctor lvb: one cause, one failing check', () => {
  it('wrong push key → lvb.push-key, compared by fingerprint', async () => {
    const report = await doctor().run({ select: ['lvb'], overrides: { 'lvb.pushKey': TEST_SECRETS.playKey } });
    const [r] = assertFailures(report, 'lvb.push-key', {
      status: 'fail',
      summary: /neither the master/,
      fix: /lvb\.pushKey/,
      faqId: 'LVB-PUSH-KEY',
    });
    assert.notEqual(r.evidence?.configFingerprint, r.evidence?.cloudMasterFingerprint);
  });

  it('wrong callback key in the template → lvb.callback-key', async () => {
    (live().callbackTemplates[0] as { CallbackKey: string }).CallbackKey = TEST_SECRETS.playKey;
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.callback-key', {
      status: 'fail',
      summary: /CallbackKey .* is not lvb\.apiKey/,
      fix: /API_KEY/,
      faqId: 'CB-API-KEY',
    });
  });

  it('wrong API key in the config → lvb.callback-key', async () => {
    const report = await doctor().run({ select: ['lvb'], overrides: { 'lvb.apiKey': TEST_SECRETS.pushKey } });
    assertFailures(report, 'lvb.callback-key', { status: 'fail', faqId: 'CB-API-KEY' });
  });

  it('wrong callback URL → lvb.callback-url names both URLs', async () => {
    (live().callbackTemplates[0] as { RecordNotifyUrl: string }).RecordNotifyUrl =
      'http://old.example.com/callback/tape_callback.php';
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.callback-url', {
      status: 'fail',
      summary: /old\.example\.com.*not http:\/\/127\.0\.0\.1:8080\/callback\/tape_callback\.php/,
      fix: /RecordNotifyUrl/,
      faqId: 'VOD-CALLBACK-URL',
    });
  });

  it('callback template not bound to the push domain → lvb.callback-rule; URL and key checks skip', async () => {
    live().callbackRules = [];
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.callback-rule', {
      status: 'fail',
      summary: /no callback template is bound to push\.example\.com/,
      fix: /Bind the template/,
      faqId: 'VOD-TEMPLATE-BIND',
    });
    assertBlockedBy(report, 'lvb.callback-url', 'lvb.callback-rule');
    assertBlockedBy(report, 'lvb.callback-key', 'lvb.callback-rule');
  });

  it('callback template bound to another AppName → lvb.callback-rule', async () => {
    (live().callbackRules[0] as { AppName: string }).AppName = 'other';
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.callback-rule', {
      status: 'fail',
      summary: /for AppName live \(rules exist for: other\)/,
    });
  });

  it('no recording template → lvb.record-template; lvb.record-rule skips', async () => {
    live().recordTemplates = [];
    live().recordRules = [];
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.record-template', {
      status: 'fail',
      summary: /no recording template/,
      fix: /MP4/,
      faqId: 'VOD-RECORD-OFF',
    });
    assertBlockedBy(report, 'lvb.record-rule', 'lvb.record-template');
  });

  it('recording template not bound → lvb.record-rule', async () => {
    live().recordRules = [];
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.record-rule', {
      status: 'fail',
      summary: /no recording template is bound to push\.example\.com/,
      faqId: 'VOD-TEMPLATE-BIND',
    });
  });

  it('recording formats all off → lvb.record-template', async () => {
    const t = live().recordTemplates[0] as { Mp4Param?: { Enable: number }; HlsParam?: { Enable: number } };
    if (t.Mp4Param) t.Mp4Param.Enable = 0;
    if (t.HlsParam) t.HlsParam.Enable = 0;
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.record-template', {
      status: 'fail',
      summary: /all formats switched off/,
      faqId: 'VOD-RECORD-OFF',
    });
  });

  it('disabled push domain → lvb.push-domain; the checks needing it skip', async () => {
    (live().domains[0] as { Status: number }).Status = 0;
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.push-domain', {
      status: 'fail',
      summary: /push domain push\.example\.com is disabled/,
      fix: /Enable the domain/,
      faqId: 'LVB-APPID-BIZID',
    });
    for (const id of ['lvb.push-key', 'lvb.callback-rule', 'lvb.record-rule', 'lvb.callback-records'])
      assertBlockedBy(report, id, 'lvb.push-domain');
  });

  it('inactive CNAME on the push domain → lvb.push-domain', async () => {
    (live().domains[0] as { CurrentCName: string }).CurrentCName = '';
    const report = await doctor().run({ select: ['lvb'] });
    assertFailures(report, 'lvb.push-domain', {
      status: 'fail',
      summary: /CNAME of push\.example\.com is not active/,
      fix: /CNAME push\.example\.com\.livecdn/,
    });
  });

  it('push domain missing from the account → lvb.push-domain lists the real ones', async () => {
    const report = await doctor().run({ select: ['lvb'], overrides: { 'lvb.pushDomain': 'push.typo.example.com' } });
    assertFailures(report, 'lvb.push-domain', {
      status: 'fail',
      summary: /push\.typo\.example\.com is not in the account \(push domains: push\.example\.com\)/,
    });
  });

  it("wrong bizid (legacy) → lvb.push-domain names the account's bizid", async () => {
    doctor().reset({ pushDomain: '8888.livepush.myqcloud.com', playDomain: '8888.liveplay.myqcloud.com' });
    const report = await doctor().run({
      select: ['lvb'],
      base: legacyConfig({ cloud: doctor().stack.cloudSection }),
      overrides: { 'lvb.bizId': 9999 },
    });
    assertFailures(report, 'lvb.push-domain', {
      status: 'fail',
      summary: /9999\.livepush\.myqcloud\.com is not in the account; it has 8888\.livepush/,
      fix: /lvb\.bizId to 8888/,
      faqId: 'LVB-APPID-BIZID',
    });
  });

  it('wrong play key → lvb.play-key', async () => {
    const report = await doctor().run({ select: ['lvb'], overrides: { 'lvb.playKey': TEST_SECRETS.pushKey } });
    assertFailures(report, 'lvb.play-key', { status: 'fail', summary: /is not the play key of play\.example\.com/ });
  });
});

describe('doctor lvb: cloud credentials', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp, RegExp]> = [
    [
      'bad SecretKey',
      { 'cloud.secretKey': TEST_SECRETS.cosSecretKey },
      /cloud\.secretKey is not the SecretKey/,
      /cloud\.secretKey/,
    ],
    [
      'unknown SecretId',
      { 'cloud.secretId': 'AKIDNoneR5n1Vw8Pc3Lx7Qz2Md6Hb0Yj4Gs9a' },
      /does not know SecretId AKID…/,
      /cloud\.secretId/,
    ],
  ];
  for (const [name, overrides, summary, fix] of cases) {
    it(`${name} → only lvb.cloud-credentials fails, every other lvb check skips naming it`, async () => {
      const report = await doctor().run({ select: ['lvb'], overrides });
      assertFailures(report, 'lvb.cloud-credentials', { status: 'fail', summary, fix });
      for (const r of report.results.filter((x) => x.id !== 'lvb.cloud-credentials'))
        assert.equal(r.status, 'skip', dumpReport(report));
      assertBlockedBy(report, 'lvb.push-domain', 'lvb.cloud-credentials');
    });
  }

  it('clock off by 10 min → lvb.cloud-credentials names the clock', async () => {
    live().clockOffsetSec = 600;
    assertFailures(await doctor().run({ select: ['lvb'] }), 'lvb.cloud-credentials', {
      status: 'fail',
      summary: /SignatureExpire/,
      fix: /NTP/,
      faqId: 'API-CLOCK',
    });
  });

  it('a CAM policy without live permissions → lvb.cloud-credentials names the permission', async () => {
    live().keys[0] = { ...live().keys[0], allowedActions: [] } as never;
    assertFailures(await doctor().run({ select: ['lvb'] }), 'lvb.cloud-credentials', {
      status: 'fail',
      summary: /may not call DescribeLiveDomains/,
      fix: /QcloudLiveReadOnlyAccess/,
      faqId: 'API-PERM',
    });
  });

  it('no cloud credentials → every lvb check skips with the reason', async () => {
    const base = currentConfig({ cloud: { liveEndpoint: doctor().stack.live.url } });
    const report = await doctor().run({
      select: ['lvb'],
      base,
      overrides: { 'cloud.secretId': '', 'cloud.secretKey': '' },
    });
    assert.deepEqual(
      report.results.filter((r) => r.status !== 'skip').map((r) => r.id),
      [],
      dumpReport(report),
    );
    assert.match(report.results[0]?.summary ?? '', /cloud\.secretId/);
  });

  it('the latest recording delivery got HTTP 500 → lvb.callback-records fails with the result code (VOD-SIGN-500)', async () => {
    live().callbackRecords.push({
      ...live().callbackRecords[0],
      ResultCode: 500,
      Response: 'HTTP 500',
      EventType: 100,
    } as never);
    const report = await doctor().run({ select: ['lvb'] });
    const [r] = assertFailures(report, 'lvb.callback-records', {
      status: 'fail',
      summary: /stream minilvb_probe: the recording delivered at .* was answered HTTP 500: not stored/,
      faqId: 'VOD-SIGN-500',
    });
    assert.equal(r.evidence?.lastResultCode, 500);
  });

  it('an older failed event, the latest recording stored → lvb.callback-records only warns', async () => {
    const ok = live().callbackRecords[0];
    live().callbackRecords.push({ ...ok, ResultCode: 404, Response: 'HTTP 404', EventType: 1 } as never);
    live().callbackRecords.push({
      ...ok,
      EventType: 100,
      Request: JSON.stringify({ event_type: 100, stream_id: 'minilvb_probe', duration: 300 }),
    } as never);
    const report = await doctor().run({ select: ['lvb'] });
    const r = report.results.find((x) => x.id === 'lvb.callback-records');
    assert.equal(r?.status, 'warn', dumpReport(report));
    assert.equal(r?.faqId, 'VOD-CALLBACK-URL');
  });
});
