/**
 * php mode against a real sshd and a PHP deployment on this machine: the generated conf files go into
 * server.phpRoot through the generated cvm-setup.sh (on stdin), each previous file kept as a timestamped
 * backup, modes 0640 with the pool user's group; then the deployment (php's built-in server including the
 * new OutDefine.php) must answer GET /interface.php with returnValue 4001.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFiles } from '../../src/templates/index.js';
import { VERSION } from '../../src/version.js';
import { deploy } from '../../src/deploy/index.js';
import { deployConfig, deployRoot, httpGet } from '../helpers/deploy-host.js';
import { freePort, knownHostsLine, startSshd, type Sshd } from '../helpers/sshd.js';

let sshd: Sshd;
let php: ChildProcess;
let phpRoot: string;
let phpPort: number;
let knownHosts: string;

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'mlvb-deploy-php-'));
  phpRoot = join(work, 'live_demo_service');
  mkdirSync(join(phpRoot, 'conf'), { recursive: true });
  writeFileSync(join(phpRoot, 'conf', 'OutDefine.php'), "<?php\ndefine('OLD', 1);\n");
  // The health check of the deployment guide, loading the constants the deploy wrote.
  writeFileSync(
    join(phpRoot, 'interface.php'),
    "<?php\nrequire __DIR__ . '/conf/OutDefine.php';\necho json_encode(['returnValue' => 4001]);\n",
  );
  sshd = await startSshd();
  knownHosts = join(work, 'known_hosts');
  writeFileSync(knownHosts, `${knownHostsLine(sshd)}\n`);
  phpPort = await freePort();
  php = spawn('php', ['-S', `127.0.0.1:${phpPort}`, '-t', phpRoot], { stdio: 'ignore' });
  for (let i = 0; i < 100 && (await httpGet(phpPort, '/interface.php')).status === 0; i++) await sleep(50);
});

afterAll(async () => {
  php?.kill();
  await sshd?.stop();
});

async function phpConfig(publicUrl: string) {
  return deployConfig({
    hosts: [{ sshd, root: deployRoot() }],
    port: await freePort(),
    knownHosts,
    publicUrl,
    server: { phpRoot, phpUser: 'nobody' },
    extra: { mode: 'php' },
  });
}

describe('deploy (php mode)', () => {
  it('writes the generated files 0640 for the pool group, keeps backups, and the deployment answers 4001', async () => {
    const config = await phpConfig(`http://127.0.0.1:${phpPort}`);
    const report = await deploy({ config });
    expect(report.hosts[0]?.error).toBeUndefined();
    expect(report.hosts[0]?.status).toBe('deployed');
    const expected = planFiles(config, { only: ['outdefine'], version: VERSION, date: '' }).files[0]?.content;
    const file = join(phpRoot, 'conf', 'OutDefine.php');
    expect(readFileSync(file, 'utf8')).toBe(expected);
    const st = statSync(file);
    expect(st.mode & 0o777).toBe(0o640);
    const group = execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim();
    expect(String(st.gid)).toBe(group);
    const backups = readdirSync(join(phpRoot, 'conf')).filter((f) => f.startsWith('OutDefine.php.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(phpRoot, 'conf', backups[0] as string), 'utf8')).toContain("define('OLD', 1)");
    expect((await httpGet(phpPort, '/interface.php')).body).toContain('4001');
  });

  it('a deployment that does not answer afterwards fails, naming the backups', async () => {
    const config = await phpConfig(`http://127.0.0.1:${await freePort()}`);
    const report = await deploy({ config });
    expect(report.hosts[0]?.status).toBe('failed');
    expect(report.hosts[0]?.error?.message).toContain('does not answer after the reload');
    expect(report.hosts[0]?.error?.hint).toMatch(/\*\.bak-\d{8}T\d{6}Z/);
  });
});
