/**
 * The doctor flags of issue 8 through the real CLI: --stream (streams that are not live) and --db-admin-user (password
 * from the environment).
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startFake, type Fake } from '../helpers/broken-deployments.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { getMariaDB, type MariaDBServer } from '../helpers/mariadb.js';
import { runCli } from '../helpers/run-cli.js';
import { startCloudStack, type CloudStack } from '../emulators/cloud-stack.js';
import { deliverCallback, recordingEvent } from '../emulators/live-callback-delivery.js';

interface DoctorJson {
  data: {
    checks: Array<{ id: string; status: string; summary: string; faqId?: string; evidence?: Record<string, unknown> }>;
  };
}

let cloud: CloudStack;
let php: Fake;
let mariadb: MariaDBServer;

beforeAll(async () => {
  [cloud, php, mariadb] = await Promise.all([
    startCloudStack(),
    startFake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":2003}');
    }),
    getMariaDB(),
  ]);
});
afterAll(async () => {
  await Promise.all([cloud?.close(), php?.close()]);
});

describe('minilvb doctor flags', () => {
  it('--stream reads the recorded deliveries of a stream that is not live (repeatable)', async () => {
    await deliverCallback(
      cloud.live.state,
      `${php.url}/callback/tape_callback.php`,
      recordingEvent('8888_ghost', 300),
      TEST_SECRETS.apiKey,
    );
    const dir = projectDir(currentConfig({ cloud: cloud.cloudSection }));
    const r = await runCli(
      ['doctor', 'lvb.callback-records', '--stream', '8888_ghost', '--stream', '8888_other', '--json'],
      { cwd: dir },
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const check = r.json<DoctorJson>().data.checks.find((c) => c.id === 'lvb.callback-records');
    assert.equal(check?.faqId, 'VOD-NO-ROOM', r.stdout);
    assert.match(String(check?.evidence?.streams), /^8888_ghost, 8888_other, minilvb_probe$/);
  });

  it('--db-admin-user takes the password from MINILVB_DB_ADMIN_PASSWORD and never prints it', async () => {
    const db = {
      host: mariadb.host,
      port: mariadb.port,
      name: 'mysql',
      user: mariadb.user,
      password: 'NotTheRightPassword42',
    };
    const dir = projectDir(currentConfig({ db }));
    const r = await runCli(['doctor', 'database.connect', '--db-admin-user', mariadb.user, '--json'], {
      cwd: dir,
      env: { MINILVB_DB_ADMIN_PASSWORD: mariadb.password },
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const check = r.json<DoctorJson>().data.checks.find((c) => c.id === 'database.connect');
    assert.equal(check?.faqId, 'DB-ACCESS');
    assert.equal(check?.evidence?.adminCheck, `no anonymous account shadows ${mariadb.user}`);
    assert.ok(!r.stdout.includes(mariadb.password) && !r.stderr.includes(mariadb.password));
  });
});
