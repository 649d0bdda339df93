/** `minilvb serve` end to end: zero-setup start, printed URLs, SIGTERM drain with exit 0, port in use. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { clientPasswordHash } from '../../src/sign/index.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { BIN, runCli } from '../helpers/run-cli.js';

interface Started {
  stdout: string;
  code: Promise<number>;
  stop(): void;
  json(): Record<string, any>;
}

/** Spawns the built binary and resolves once it printed its start document. */
async function serve(args: string[], cwd: string): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/\}\s*$/.test(stdout) || stdout.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`serve exited early: ${stderr}`));
    });
  });
  return {
    get stdout() {
      return stdout;
    },
    code,
    stop: () => child.kill('SIGTERM'),
    json: () => JSON.parse(stdout) as Record<string, any>,
  };
}

describe('minilvb serve', () => {
  it('starts with no configuration at all (embedded store), prints the URLs, drains on SIGTERM and exits 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'minilvb-serve-'));
    const port = await freePort();
    const s = await serve(['--port', String(port), '--json'], cwd);
    const doc = s.json();
    assert.equal(doc.command, 'serve.started');
    assert.equal(doc.data.listenUrl, `http://127.0.0.1:${port}`);
    assert.equal(doc.data.appUrl, `http://127.0.0.1:${port}`);
    assert.equal(doc.data.callbackUrl, `http://127.0.0.1:${port}/callback/tape_callback.php`);
    assert.equal(doc.data.store, 'embedded');
    assert.equal(doc.data.databaseOutage, null);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('x-powered-by'), 'minilvb/0.1.0');
    const reg = await fetch(`http://127.0.0.1:${port}/register`, {
      method: 'POST',
      body: JSON.stringify({ userid: 'cliuser', password: clientPasswordHash('p', 'cliuser') }),
    });
    assert.equal(((await reg.json()) as { code: number }).code, 200);
    s.stop();
    assert.equal(await s.code, 0);
    assert.ok(statSync(join(cwd, '.minilvb')).isDirectory(), 'embedded data under server.dataDir');
  });

  it('uses publicUrl for the app and callback URLs, writes the log file, never logs secrets', async () => {
    const cwd = projectDir(
      currentConfig({
        server: { publicUrl: 'http://203.0.113.7', adminToken: TEST_SECRETS.adminToken, logFile: 'logs/server.log' },
      }),
    );
    const port = await freePort();
    const s = await serve(['--port', String(port)], cwd);
    assert.match(s.stdout, /APP_SVR_URL \/ kHttpServerAddr\): http:\/\/203\.0\.113\.7\n/);
    assert.match(
      s.stdout,
      /LVB callback URL \(recording callback\): http:\/\/203\.0\.113\.7\/callback\/tape_callback\.php/,
    );
    const fp = await fetch(`http://127.0.0.1:${port}/minilvb/fingerprints`, {
      headers: { Authorization: `Bearer ${TEST_SECRETS.adminToken}` },
    });
    assert.equal(fp.status, 200);
    s.stop();
    assert.equal(await s.code, 0);
    const log = readFileSync(join(cwd, 'logs/server.log'), 'utf8');
    assert.match(log, /"msg":"request"/);
    assert.equal(statSync(join(cwd, 'logs/server.log')).mode & 0o077, 0);
    for (const v of Object.values(TEST_SECRETS)) assert.equal(log.includes(v), false);
  });

  it('port in use: MLVB_SERVER_START with a hint', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) =>
      blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)),
    );
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'minilvb-serve-'));
      const r = await runCli(['serve', '--port', String(port), '--json'], { cwd });
      assert.equal(r.code, 1);
      const err = r.json<{ error: { code: string; message: string; hint: string } }>().error;
      assert.equal(err.code, 'MLVB_SERVER_START');
      assert.match(err.message, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.match(err.hint, /--port/);
    } finally {
      blocker.close();
    }
  });
});
