/**
 * `minilvb roomservice push|show|verify` and `minilvb doctor roomservice` through the real CLI (in process)
 * against a running bundled server: exit codes, --json, masked output, and the opt-in doctor group.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { rsRawConfig, rsImPerFile } from '../helpers/roomservice.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestServer, type TestServer } from '../helpers/server-client.js';

const im = rsImPerFile();
let srv: TestServer;
let dir: string;

beforeAll(async () => {
  srv = await startTestServer({ store: 'embedded', raw: rsRawConfig(im().url) });
  const raw = rsRawConfig(im().url);
  dir = projectDir({ ...raw, server: { ...(raw.server as Record<string, unknown>), publicUrl: srv.url } });
});
afterAll(async () => {
  await srv?.close();
});

interface StepsJson {
  data: { ok: boolean; steps: Array<{ id: string; status: string; code?: number }> };
}

describe('minilvb roomservice (CLI)', () => {
  it('push --with-private-key, show masked, verify passes (exit 0)', async () => {
    const push = await runCli(['roomservice', 'push', '--with-private-key', '--json'], { cwd: dir });
    assert.equal(push.code, 0, push.stdout + push.stderr);
    const show = await runCli(['roomservice', 'show'], { cwd: dir });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /source\s+pushed/);
    assert.ok(!show.stdout.includes(TEST_SECRETS.pushKey) && !show.stdout.includes(TEST_SECRETS.imSecretKey));
    const verify = await runCli(['roomservice', 'verify', '--json'], { cwd: dir });
    assert.equal(verify.code, 0, verify.stdout);
    const doc = verify.json<StepsJson>();
    assert.equal(doc.data.ok, true);
    assert.ok(doc.data.steps.every((s) => s.status === 'pass'));
    const human = await runCli(['roomservice', 'verify'], { cwd: dir });
    assert.match(human.stdout, /PASS {2}login, v1 form/);
  });

  it('verify exits 1 at the failed step with the server code; push without the admin token is refused', async () => {
    const bad = await runCli(['roomservice', 'verify', '--json', '--push-key', 'Z'.repeat(32)], { cwd: dir });
    assert.equal(bad.code, 1);
    const steps = bad.json<StepsJson>().data.steps;
    assert.deepEqual(
      steps.filter((s) => s.status === 'fail').map((s) => s.id),
      ['push-url'],
    );
    const wrong = await runCli(['roomservice', 'push', '--json', '--admin-token', 'W'.repeat(32)], { cwd: dir });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'MLVB_ROOMSERVICE');
  });

  it('verify against a server that is not running says so and how to point at one (exit 1)', async () => {
    const port = await freePort();
    const run = await runCli(['roomservice', 'verify', '--server', `http://127.0.0.1:${port}`], { cwd: dir });
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /FAIL {2}UserSig .*nothing listens at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.match(run.stdout, /minilvb serve\) or pass --server <url>/);
  });

  it('doctor runs the roomservice group only when named', async () => {
    const named = await runCli(['doctor', 'roomservice', '--json'], { cwd: dir });
    const results = named.json<{ data: { checks: Array<{ id: string; status: string }> } }>().data.checks;
    assert.deepEqual(
      results.filter((r) => r.id === 'roomservice.verify').map((r) => r.status),
      ['pass'],
      named.stdout,
    );
    const list = await runCli(['doctor', '--list-checks'], { cwd: dir });
    assert.match(list.stdout, /roomservice\.verify/);
    const broken = await runCli(['doctor', 'roomservice.verify', '--json', '--push-key', 'Y'.repeat(32)], {
      cwd: dir,
    });
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /push key differs/);
  });
});
