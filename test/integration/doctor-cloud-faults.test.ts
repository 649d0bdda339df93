/**
 * Network and service faults of each emulated cloud service become findings of the cloud checks:
 * connection refused, DNS failure (.invalid), timeouts, 5xx and malformed XML/JSON. Never a crash,
 * never a hang: every run finishes and names what happened.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { DoctorReport } from '../../src/doctor/index.js';
import { cloudDoctorPerFile } from '../helpers/cloud-doctor.js';
import { freePort } from '../helpers/ports.js';
import { dumpReport } from '../helpers/doctor-report.js';

const doctor = cloudDoctorPerFile();

/** The root check failed/errored with a summary matching `summary`; nothing crashed; the rest skipped. */
function assertFinding(
  report: DoctorReport,
  id: string,
  summary: RegExp,
  status: 'fail' | 'inconclusive' | 'error' = 'fail',
): void {
  const text = dumpReport(report);
  assert.equal(
    report.results.some((r) => /crashed/.test(r.summary)),
    false,
    text,
  );
  const r = report.results.find((x) => x.id === id);
  assert.equal(r?.status, status, text);
  assert.match(r?.summary ?? '', summary, text);
  assert.ok(r?.fix?.text, 'a finding carries a fix');
  const others = report.results.filter(
    (x) => x.id !== id && (x.status === 'fail' || x.status === 'inconclusive' || x.status === 'error'),
  );
  assert.deepEqual(
    others.map((x) => x.id),
    [],
    text,
  );
}

describe('doctor cloud faults: COS', () => {
  it('connection refused', async () => {
    assertFinding(
      await doctor().run({ select: ['cos'], overrides: { 'cloud.cosEndpoint': `127.0.0.1:${await freePort()}` } }),
      'cos.endpoint',
      /nothing accepts connections/,
    );
  });
  it('DNS failure', async () => {
    assertFinding(
      await doctor().run({ select: ['cos'], overrides: { 'cloud.cosEndpoint': 'cos.nowhere.invalid:80' } }),
      'cos.endpoint',
      /does not resolve/,
    );
  });
  it('5xx from a gateway', async () => {
    doctor().stack.cos.options.fault = 'http-5xx';
    assertFinding(await doctor().run({ select: ['cos'] }), 'cos.endpoint', /HTTP 502/, 'inconclusive');
  });
  it('malformed XML', async () => {
    doctor().stack.cos.options.fault = 'malformed';
    assertFinding(
      await doctor().run({ select: ['cos'] }),
      'cos.secret-id',
      /not its documented format/,
      'inconclusive',
    );
  });
  it('a hanging COS is cut by the check timeout', async () => {
    doctor().stack.cos.options.fault = 'hang';
    doctor().stack.cos.options.hangMs = 3000;
    assertFinding(
      await doctor().run({ select: ['cos'], timeoutMs: 1500 }),
      'cos.endpoint',
      /did not finish within 1\.5 s/,
      'error',
    );
  });
});

describe('doctor cloud faults: Live API', () => {
  it('connection refused', async () => {
    assertFinding(
      await doctor().run({
        select: ['lvb'],
        overrides: { 'cloud.liveEndpoint': `http://127.0.0.1:${await freePort()}` },
      }),
      'lvb.cloud-credentials',
      /nothing accepts connections/,
    );
  });
  it('DNS failure', async () => {
    assertFinding(
      await doctor().run({ select: ['lvb'], overrides: { 'cloud.liveEndpoint': 'https://live.nowhere.invalid' } }),
      'lvb.cloud-credentials',
      /does not resolve/,
    );
  });
  it('5xx', async () => {
    doctor().stack.live.options.fault = 'http-5xx';
    assertFinding(await doctor().run({ select: ['lvb'] }), 'lvb.cloud-credentials', /HTTP 502/, 'inconclusive');
  });
  it('malformed JSON', async () => {
    doctor().stack.live.options.fault = 'malformed';
    assertFinding(
      await doctor().run({ select: ['lvb'] }),
      'lvb.cloud-credentials',
      /not its documented format/,
      'inconclusive',
    );
  });
  it('connection reset', async () => {
    doctor().stack.live.options.fault = 'reset';
    assertFinding(await doctor().run({ select: ['lvb'] }), 'lvb.cloud-credentials', /closed the connection/);
  });
  it('a hanging live API is cut by the check timeout', async () => {
    doctor().stack.live.options.fault = 'hang';
    doctor().stack.live.options.hangMs = 3000;
    assertFinding(
      await doctor().run({ select: ['lvb'], timeoutMs: 1500 }),
      'lvb.cloud-credentials',
      /did not finish/,
      'error',
    );
  });
});

describe('doctor cloud faults: IM REST API', () => {
  it('connection refused', async () => {
    assertFinding(
      await doctor().run({ select: ['im'], overrides: { 'cloud.imEndpoint': `http://127.0.0.1:${await freePort()}` } }),
      'im.usersig-accepted',
      /nothing accepts connections/,
    );
  });
  it('DNS failure', async () => {
    assertFinding(
      await doctor().run({ select: ['im'], overrides: { 'cloud.imEndpoint': 'https://im.nowhere.invalid' } }),
      'im.usersig-accepted',
      /does not resolve/,
    );
  });
  it('5xx', async () => {
    doctor().stack.im.options.fault = 'http-5xx';
    assertFinding(await doctor().run({ select: ['im'] }), 'im.usersig-accepted', /HTTP 502/, 'inconclusive');
  });
  it('malformed JSON', async () => {
    doctor().stack.im.options.fault = 'malformed';
    assertFinding(
      await doctor().run({ select: ['im'] }),
      'im.usersig-accepted',
      /not its documented format/,
      'inconclusive',
    );
  });
  it('a hanging IM API is cut by the check timeout', async () => {
    doctor().stack.im.options.fault = 'hang';
    doctor().stack.im.options.hangMs = 3000;
    assertFinding(
      await doctor().run({ select: ['im'], timeoutMs: 1500 }),
      'im.usersig-accepted',
      /did not finish/,
      'error',
    );
  });
});
