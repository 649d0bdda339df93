/**
 * php mode against a real sshd and a real PHP deployment on this machine: nginx (the generated
 * nginx/liteav_demo.nginx site, only its listen port and fastcgi_pass changed) in front of php-fpm
 * (pool user nobody, OPcache on with validate_timestamps=0, so changed PHP files are served only after
 * a reload). The generated conf files go into server.phpRoot through the generated cvm-setup.sh (on
 * stdin), each previous file kept as a timestamped backup, modes 0640 with the pool user's group; the
 * deploy then reloads php-fpm (USR2 to the master: no systemd here) and GET /interface.php must answer
 * 4001, which the stand-in interface.php (test/emulators/php) does only once the loaded OutDefine.php defines
 * IM_SDKAPPID, and the probe login must pass: /login answers 620 only when the [DB] section of the deployed
 * cdn.route.ini logs in to the test's MariaDB (mysqli), a signed call 498. A deploy that breaks a healthy
 * deployment (a wrong DB password) gets its previous files back; one that was already broken keeps the new files.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinilvbConfig } from '../../src/config/index.js';
import { planFiles } from '../../src/templates/index.js';
import { VERSION } from '../../src/version.js';
import { migrateDatabase } from '../../src/db/migrate-database.js';
import { deploy } from '../../src/deploy/index.js';
import { probeLogin } from '../../src/deploy/probe-login.js';
import { deployConfig, deployRoot, httpGet } from '../helpers/deploy-host.js';
import { startNginx } from '../helpers/nginx.js';
import { createTestDatabase, getMariaDB } from '../helpers/mariadb.js';
import { knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';
import { freePort } from '../helpers/ports.js';

const POOL_USER = 'nobody';

let sshd: Sshd;
let work: string;
let fpm: ChildProcess | undefined;
let nginx: ChildProcess | undefined;
let phpRoot: string;
let webPort: number;
let knownHosts: string;
let config: MinilvbConfig;
let db: { host: string; port: number; name: string; user: string; password: string };
let url: string;

/** What the deployment's interface.php saw in conf/OutDefine.php. */
async function probe(): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const r = await httpGet(webPort, '/interface.php');
  try {
    return { status: r.status, json: JSON.parse(r.body) as Record<string, unknown> };
  } catch {
    return { status: r.status, json: undefined };
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${ms} ms (last: ${JSON.stringify(v)})`);
    await sleep(50);
  }
}

function logs(): string {
  return ['php-fpm.log', 'nginx-error.log', 'logs/livedemo.tencentyun.com-error_log']
    .map((f) => {
      try {
        return `--- ${f}\n${readFileSync(join(work, f), 'utf8').slice(-2000)}`;
      } catch {
        return '';
      }
    })
    .join('\n');
}

async function phpConfig(publicUrl: string, dbOverride: Partial<typeof db> = {}): Promise<MinilvbConfig> {
  return deployConfig({
    db: { ...db, ...dbOverride },
    hosts: [{ sshd, root: deployRoot() }],
    port: await freePort(),
    knownHosts,
    publicUrl,
    server: { phpRoot, phpUser: POOL_USER },
    extra: { mode: 'php' },
  });
}

function startFpm(fpmPort: number): ChildProcess {
  const name = readdirSync('/usr/sbin')
    .filter((f) => f.startsWith('php-fpm'))
    .sort()
    .pop();
  const bin = name && join('/usr/sbin', name);
  if (!bin) throw new Error('php-fpm is not installed (test/run.sh installs the Debian package php-fpm)');
  const group = execFileSync('id', ['-gn', POOL_USER], { encoding: 'utf8' }).trim();
  const conf = join(work, 'php-fpm.conf');
  writeFileSync(
    conf,
    [
      '[global]',
      `pid = ${join(work, 'php-fpm.pid')}`,
      `error_log = ${join(work, 'php-fpm.log')}`,
      'daemonize = no',
      '[minilvb]',
      `user = ${POOL_USER}`,
      `group = ${group}`,
      `listen = 127.0.0.1:${fpmPort}`,
      'pm = static',
      'pm.max_children = 2',
      'catch_workers_output = yes',
      '',
    ].join('\n'),
  );
  // OPcache never looks at the files again (validate_timestamps=0) and caches a file even when it was
  // written just now (file_update_protection=0): new constants are served only after a reload.
  // The -d flags survive the USR2 reload, which re-executes the master with its own argv.
  const opcache = ['opcache.enable=1', 'opcache.validate_timestamps=0', 'opcache.file_update_protection=0'];
  return spawn(bin, ['-F', '-y', conf, ...opcache.flatMap((d) => ['-d', d])], { stdio: 'ignore' });
}

function startPhpSite(fpmPort: number): ChildProcess {
  // The generated site, as the deployment guide installs it; only the ports differ.
  const site = planFiles(config, { only: ['nginx-php'], version: VERSION, date: '' }).files[0]?.content ?? '';
  const local = site
    .replace(/listen 80;/, `listen 127.0.0.1:${webPort};`)
    .replace(/fastcgi_pass 127\.0\.0\.1:9000;/, `fastcgi_pass 127.0.0.1:${fpmPort};`);
  if (!local.includes(`listen 127.0.0.1:${webPort};`) || !local.includes(`fastcgi_pass 127.0.0.1:${fpmPort};`))
    throw new Error(`nginx/liteav_demo.nginx changed: cannot set its ports\n${site}`);
  writeFileSync(join(work, 'liteav_demo.nginx'), local);
  // `include fastcgi.conf` is relative to the directory of nginx.conf, `logs/…` to the prefix (-p).
  writeFileSync(join(work, 'fastcgi.conf'), readFileSync('/etc/nginx/fastcgi.conf'));
  mkdirSync(join(work, 'logs'));
  return startNginx(work, 'liteav_demo.nginx').process;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-php-'));
  // The pool user (nobody) must get through to the code, as on a CVM.
  chmodSync(work, 0o755);
  phpRoot = join(work, 'live_demo_service');
  mkdirSync(join(phpRoot, 'conf'), { recursive: true, mode: 0o755 });
  writeFileSync(join(phpRoot, 'conf', 'OutDefine.php'), "<?php\ndefine('OLD', 1);\n");
  copyFileSync(new URL('../emulators/php/interface.php', import.meta.url), join(phpRoot, 'interface.php'));
  chmodSync(join(phpRoot, 'interface.php'), 0o644);
  // The database the deployment's cdn.route.ini names: the shared MariaDB, tables by the repo's migrations.
  const maria = await getMariaDB();
  db = { host: maria.host, port: maria.port, user: maria.user, password: maria.password, name: '' };
  db.name = await createTestDatabase(maria, 'php');
  await migrateDatabase({ db: { ...db } });
  sshd = await startSshd();
  knownHosts = join(work, 'known_hosts');
  writeFileSync(knownHosts, `${knownHostsLine(sshd)}\n`);
  webPort = await freePort();
  url = `http://127.0.0.1:${webPort}`;
  config = await phpConfig(url);
  const fpmPort = await freePort();
  fpm = startFpm(fpmPort);
  nginx = startPhpSite(fpmPort);
  await waitFor('nginx + php-fpm answer /interface.php', probe, (r) => r.json !== undefined).catch((e: Error) => {
    throw new Error(`${e.message}\n${logs()}`);
  });
}, 30000);

afterAll(async () => {
  for (const p of [nginx, fpm]) {
    if (!p || p.exitCode !== null) continue;
    const exited = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    if ((await Promise.race([exited, sleep(5000, 'timeout')])) === 'timeout') p.kill('SIGKILL');
  }
  await sshd?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('deploy (php mode, nginx + php-fpm)', () => {
  it('serves the old constants until the deploy reloads php-fpm (OPcache), then the new ones', async () => {
    expect((await probe()).json).toEqual({ returnValue: 500, sdkAppId: null, old: 1 });
    // Control: a file changed on disk without a reload is not served (OPcache keeps the compiled one).
    writeFileSync(join(phpRoot, 'conf', 'OutDefine.php'), "<?php\ndefine('OLD', 2);\n");
    for (let i = 0; i < 4; i++) expect((await probe()).json).toEqual({ returnValue: 500, sdkAppId: null, old: 1 });
    // The generated site keeps the conf files away from the web.
    expect((await httpGet(webPort, '/conf/OutDefine.php')).status).toBe(404);

    const report = await deploy({ config });
    expect(report.hosts[0]?.error).toBeUndefined();
    expect(report.hosts[0]?.status).toBe('deployed');
    // Both workers serve the new file (the deploy's own public check already saw 4001).
    for (let i = 0; i < 4; i++)
      expect((await probe()).json).toEqual({ returnValue: 4001, sdkAppId: config.im.sdkAppId, old: null });
  });

  it('wrote the generated files 0640 for the pool group (read by the nobody pool) and kept backups', () => {
    const expected = planFiles(config, { only: ['outdefine'], version: VERSION, date: '' }).files[0]?.content;
    const file = join(phpRoot, 'conf', 'OutDefine.php');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    const group = execFileSync('id', ['-g', POOL_USER], { encoding: 'utf8' }).trim();
    for (const f of [file, join(phpRoot, 'conf', 'cdn.route.ini')]) {
      const st = statSync(f);
      expect(st.mode & 0o777).toBe(0o640);
      expect(st.uid).toBe(0);
      expect(String(st.gid)).toBe(group);
    }
    const backups = readdirSync(join(phpRoot, 'conf')).filter((f) => f.includes('.bak-'));
    // cdn.route.ini did not exist before: nothing to back up.
    expect(backups).toEqual([expect.stringMatching(/^OutDefine\.php\.bak-\d{8}T\d{6}\.\d{3}Z$/)]);
    // The backup is the file on disk before the deploy, not the one OPcache was serving.
    expect(readFileSync(join(phpRoot, 'conf', backups[0] as string), 'utf8')).toContain("define('OLD', 2)");
  });

  it('the probe login passes only through PHP, the [DB] section and the database: 620, then 498 when signed', async () => {
    const ok = await probeLogin(url, { flavour: 'php' });
    expect(ok).toMatchObject({ ok: true });
    expect(ok.detail).toMatch(/\/login answers 620 for mlvbdoctor_[0-9a-f]{10}, a signed call with a random token 498/);
    // nginx routes only the app's paths to PHP; a URL whose /login is not PHP fails, naming nginx's routing.
    const bad = await probeLogin(`${url}/conf`, { flavour: 'php' });
    expect(bad.ok).toBe(false);
    expect(bad.detail).toMatch(/conf\/login answered HTTP 404.*nginx does not route \/login to interface\.php/);
  });

  it('a deploy that breaks the database login is rolled back: the previous files serve again', async () => {
    const ini = join(phpRoot, 'conf', 'cdn.route.ini');
    const good = readFileSync(ini, 'utf8');
    const report = await deploy({ config: await phpConfig(url, { password: 'wrongPassw0rd' }) });
    const host = report.hosts[0];
    expect(report.ok).toBe(false);
    expect(host?.status).toBe('rolled-back');
    expect(host?.error?.message).toMatch(
      /\/login answered HTTP 200, code 500 .*the \[DB\] section of conf\/cdn\.route\.ini/,
    );
    expect(host?.error?.hint).toMatch(/^Rolled back: the previous files are in place again and the deployment answers/);
    expect(readFileSync(ini, 'utf8')).toBe(good);
    expect(statSync(ini).mode & 0o777).toBe(0o640);
    // Over HTTP: the restored constants (php-fpm reloaded again) and the database login of the old files.
    for (let i = 0; i < 4; i++) expect((await probe()).json).toMatchObject({ returnValue: 4001 });
    expect(await probeLogin(url, { flavour: 'php' })).toMatchObject({ ok: true });
    // The backups of the failed deploy became the files again; the first deploy's backup is still there.
    expect(readdirSync(join(phpRoot, 'conf')).filter((f) => f.includes('.bak-'))).toHaveLength(1);
  });

  it('a deployment already broken before the deploy keeps the new files: no healthy state to return to', async () => {
    const ini = join(phpRoot, 'conf', 'cdn.route.ini');
    const good = readFileSync(ini, 'utf8');
    writeFileSync(ini, good.replace(/^PASSWD=.*$/m, 'PASSWD=brokenByHand1'));
    expect(await probeLogin(url, { flavour: 'php' })).toMatchObject({ ok: false });
    const report = await deploy({ config: await phpConfig(url, { password: 'wrongPassw0rd' }) });
    expect(report.hosts[0]?.status).toBe('failed');
    expect(report.hosts[0]?.error?.message).toContain('the [DB] section of conf/cdn.route.ini');
    expect(report.hosts[0]?.error?.hint).toMatch(/did not answer before the deploy either .* no healthy state/);
    expect(readFileSync(ini, 'utf8')).toMatch(/^PASSWD=wrongPassw0rd$/m);
    // Fixing the config is the way out.
    const fixed = await deploy({ config });
    expect(fixed.hosts[0]?.status).toBe('deployed');
    expect(readFileSync(ini, 'utf8')).toBe(good);
    expect(await probeLogin(url, { flavour: 'php' })).toMatchObject({ ok: true });
  });

  it('a deployment that does not answer at all fails, naming the backups', async () => {
    const report = await deploy({ config: await phpConfig(`http://127.0.0.1:${await freePort()}`) });
    expect(report.hosts[0]?.status).toBe('failed');
    expect(report.hosts[0]?.error?.message).toContain('does not answer after the reload');
    expect(report.hosts[0]?.error?.hint).toMatch(/no healthy state to return to.*\*\.bak-\d{8}T\d{6}\.\d{3}Z/);
    // php-fpm survived the reloads and still serves the deployed constants.
    expect((await probe()).json).toMatchObject({ returnValue: 4001 });
  });
});
