/**
 * `minilvb doctor --fix`: the repairs the checks declare (file modes, stale generated files,
 * pending migrations) are listed without a terminal, applied with --yes, and the repaired checks
 * are re-run. Real files, a real MariaDB database, the CLI in-process.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import mysql from 'mysql2/promise';
import { CHECKS } from '../../src/doctor/index.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { createTestDatabase, getMariaDB } from '../helpers/mariadb.js';
import { runCli } from '../helpers/run-cli.js';

interface FixJson {
  ok: boolean;
  data: {
    checks: Array<{ id: string; status: string; summary: string }>;
    fixes: Array<{
      id: string;
      action: string;
      applied: boolean;
      message: string;
      before: { status: string };
      after?: { status: string; summary: string };
    }>;
  };
}

const mode = (path: string): number => statSync(path).mode & 0o777;

/** A project with generated files, then a config change (stale files) and a too-open secret file and config. */
async function brokenProject(): Promise<{ dir: string; config: string; outDefine: string }> {
  const dir = projectDir(currentConfig());
  const gen = await runCli(['generate'], { cwd: dir });
  assert.equal(gen.code, 0, gen.stderr);
  const config = join(dir, 'minilvb.config.json');
  writeFileSync(
    config,
    `${JSON.stringify(currentConfig({ cos: { ...(currentConfig().cos as object), bucket: 'photos' } }), null, 2)}\n`,
  );
  chmodSync(config, 0o644);
  const outDefine = join(dir, 'minilvb-files/php/conf/OutDefine.php');
  chmodSync(outDefine, 0o644);
  return { dir, config, outDefine };
}

describe('minilvb doctor --fix', () => {
  it('declares local repairs on config.file-mode, config.generated and database.schema, cloud apply on cloud checks', () => {
    assert.deepEqual(
      CHECKS.filter((c) => c.fix)
        .map((c) => c.id)
        .sort(),
      [
        'config.file-mode',
        'config.generated',
        'cos.public-read',
        'database.schema',
        'im.usersig-accepted',
        'lvb.callback-key',
        'lvb.callback-rule',
        'lvb.callback-url',
        'lvb.play-key',
        'lvb.push-key',
        'lvb.record-rule',
        'lvb.record-template',
      ],
    );
  });

  it('config.generated names stale and too-open generated files', async () => {
    const { dir } = await brokenProject();
    const r = await runCli(['doctor', 'config.generated', '--json'], { cwd: dir });
    const check = r.json<FixJson>().data.checks.find((c) => c.id === 'config.generated');
    assert.equal(check?.status, 'fail');
    assert.match(check?.summary ?? '', /secret files readable by others: php\/conf\/OutDefine\.php \(0644\)/);
    chmodSync(join(dir, 'minilvb-files/php/conf/OutDefine.php'), 0o600);
    const stale = await runCli(['doctor', 'config.generated', '--json'], { cwd: dir });
    const again = stale.json<FixJson>().data.checks.find((c) => c.id === 'config.generated');
    assert.equal(again?.status, 'warn');
    assert.match(again?.summary ?? '', /differ.* from what the config renders now: .*php\/conf\/OutDefine\.php/);
  });

  it('without a terminal and without --yes lists the repairs and changes nothing', async () => {
    const { dir, config, outDefine } = await brokenProject();
    const before = readFileSync(outDefine, 'utf8');
    const r = await runCli(['doctor', 'config', '--fix'], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^Repairs$/m);
    assert.match(
      r.stdout,
      /- config\.file-mode: chmod 600 .*minilvb\.config\.json \(now 0644\)\n {6}not applied: no terminal to ask \(pass --yes to apply\)/,
    );
    assert.match(
      r.stdout,
      /- config\.generated: regenerate .*php\/conf\/OutDefine\.php.*; chmod 0600 php\/conf\/OutDefine\.php/,
    );
    assert.equal(mode(config), 0o644);
    assert.equal(mode(outDefine), 0o644);
    assert.equal(readFileSync(outDefine, 'utf8'), before);
  });

  it('with --yes applies them, re-runs the checks and reports before and after', async () => {
    const { dir, config, outDefine } = await brokenProject();
    const r = await runCli(['doctor', 'config', '--fix', '--yes', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const doc = r.json<FixJson>();
    assert.equal(doc.ok, true);
    const byId = new Map(doc.data.fixes.map((f) => [f.id, f]));
    assert.equal(byId.get('config.file-mode')?.applied, true);
    assert.equal(byId.get('config.file-mode')?.before.status, 'fail');
    assert.equal(byId.get('config.file-mode')?.after?.status, 'pass');
    assert.equal(byId.get('config.generated')?.before.status, 'fail');
    assert.equal(byId.get('config.generated')?.after?.status, 'pass', JSON.stringify(byId.get('config.generated')));
    assert.equal(doc.data.checks.find((c) => c.id === 'config.generated')?.status, 'pass');
    assert.equal(mode(config), 0o600);
    assert.equal(mode(outDefine), 0o600);
    assert.match(readFileSync(outDefine, 'utf8'), /photos/);
    // Nothing left to repair: a second run offers nothing.
    const second = await runCli(['doctor', 'config', '--fix', '--yes'], { cwd: dir });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /nothing doctor can repair locally/);
  });

  it('applies pending migrations (db migrate) for missing tables, with the database given as flags', async () => {
    const db = await getMariaDB();
    const name = await createTestDatabase(db, 'fix');
    const user = `lf_${name.slice(-8)}`;
    const admin = await mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        await admin.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, host, TEST_SECRETS.dbPassword]);
        await admin.query(`GRANT ALL PRIVILEGES ON \`${name}\`.* TO ?@?`, [user, host]);
      }
      const dir = projectDir(currentConfig());
      const flags = [
        '--db-host',
        db.host,
        '--db-port',
        String(db.port),
        '--db-name',
        name,
        '--db-user',
        user,
        '--db-password',
        TEST_SECRETS.dbPassword,
      ];
      const before = await runCli(['doctor', 'database.schema', '--json', ...flags], { cwd: dir });
      assert.equal(before.code, 1);
      assert.match(
        before.json<FixJson>().data.checks.find((c) => c.id === 'database.schema')?.summary ?? '',
        /missing tables? .*tb_account/,
      );
      const r = await runCli(['doctor', 'database.schema', '--fix', '--yes', '--json', ...flags], { cwd: dir });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const fix = r.json<FixJson>().data.fixes.find((f) => f.id === 'database.schema');
      assert.match(fix?.action ?? '', /^apply 1 createDB\.sh tables.*\(minilvb db migrate\)$/);
      assert.equal(fix?.applied, true);
      assert.deepEqual([fix?.before.status, fix?.after?.status], ['fail', 'pass']);
      const [tables] = await admin.query(`SHOW TABLES FROM \`${name}\``);
      assert.ok((tables as unknown[]).length >= 4);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    }
  });
});
