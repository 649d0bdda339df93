/**
 * A healthy emulated cloud gives all-pass for every cos, lvb and im check (no false positives),
 * also with 200 ms latency on every cloud request, and for the legacy bizid generation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { CHECKS } from '../../src/doctor/index.js';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { legacyConfig, TEST_SECRETS } from '../helpers/fixtures.js';
import { dumpReport } from '../helpers/doctor-report.js';

const doctor = cloudDoctorPerFile();

describe('doctor cloud checks on a healthy cloud', () => {
  it('every cos, lvb and im check passes', async () => {
    doctor().reset();
    const report = await doctor().run();
    const ids = CHECKS.filter((c) => ['cos', 'lvb', 'im'].includes(c.group)).map((c) => c.id);
    assert.deepEqual(
      report.results.map((r) => r.id),
      ids,
    );
    assert.ok(ids.length >= 20, `only ${ids.length} cloud checks`);
    assert.deepEqual(
      report.results.filter((r) => r.status !== 'pass').map((r) => r.id),
      [],
      dumpReport(report),
    );
  });

  it('evidence never carries a secret, only masks and fingerprints', async () => {
    doctor().reset();
    const text = JSON.stringify(await doctor().run());
    for (const secret of Object.values(TEST_SECRETS))
      assert.equal(text.includes(secret), false, 'a secret leaked into the report');
    assert.match(text, /AKID…/);
  });

  it('still all-pass with 200 ms latency on every cloud request', async () => {
    doctor().reset();
    for (const e of [doctor().stack.cos, doctor().stack.live, doctor().stack.im]) e.options.latencyMs = 200;
    const report = await doctor().run();
    assert.deepEqual(
      report.results.filter((r) => r.status !== 'pass').map((r) => r.id),
      [],
      dumpReport(report),
    );
    doctor().reset();
  });

  it('a legacy config with the bizid push domain passes the lvb checks', async () => {
    doctor().reset({ pushDomain: '8888.livepush.myqcloud.com', playDomain: '8888.liveplay.myqcloud.com' });
    const report = await doctor().run({ base: legacyConfig({ cloud: doctor().stack.cloudSection }), select: ['lvb'] });
    const notPass = report.results.filter((r) => r.status !== 'pass');
    // The legacy fixture has no play domain/key: play-key is skipped as not configured, nothing else.
    assert.deepEqual(
      notPass.map((r) => `${r.id}:${r.status}`),
      ['lvb.play-key:skip'],
      dumpReport(report),
    );
    assert.match(
      report.results.find((r) => r.id === 'lvb.push-domain')?.summary ?? '',
      /8888\.livepush\.myqcloud\.com/,
    );
    doctor().reset();
  });
});
