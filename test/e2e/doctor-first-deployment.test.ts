/**
 * The README's first deployment, as written: `minilvb serve` then `minilvb doctor` in the same
 * project, with the real built binary. Without server.publicUrl, doctor probes the address serve
 * listens on (server.host / server.port of the same config) and says so.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { BIN, runBin } from '../helpers/run-cli.js';

interface DoctorJson {
  data: { server: string; serverFrom: string; checks: Array<{ id: string; status: string; summary: string }> };
}

/** `minilvb serve` in `cwd`, resolved once it listens; stop() sends SIGTERM and waits for the exit. */
async function serve(cwd: string): Promise<{ stop(): Promise<number> }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'minilvb-home-')), NO_COLOR: '1', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start: ${stderr}`));
    }, 20_000);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) {
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
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('first deployment: serve, then doctor', () => {
  it('doctor probes the server serve just started, and says which URL and how to probe another', async () => {
    const port = await freePort();
    const dir = projectDir(currentConfig({ server: { port, adminToken: TEST_SECRETS.adminToken } }));
    const server = await serve(dir);
    try {
      const human = await runBin(['doctor', 'server'], { cwd: dir });
      assert.match(
        human.stdout,
        new RegExp(
          `probing http://127\\.0\\.0\\.1:${port} \\(from server\\.host/port\\); probe another server with --server <url>`,
        ),
      );
      const json = await runBin(['doctor', 'server', '--json'], { cwd: dir });
      const data = json.json<DoctorJson>().data;
      assert.equal(data.server, `http://127.0.0.1:${port}`);
      assert.equal(data.serverFrom, 'server.host/port');
      const status = Object.fromEntries(data.checks.map((c) => [c.id, c.status]));
      assert.equal(status['server.reachable'], 'pass', JSON.stringify(data.checks));
      assert.equal(status['server.generation'], 'pass', JSON.stringify(data.checks));
      assert.match(data.checks.find((c) => c.id === 'server.generation')?.summary ?? '', /bundled minilvb server/);
      // --server still wins over the local default.
      const other = await runBin(['doctor', 'server.url', '--json', '--server', 'http://203.0.113.9'], { cwd: dir });
      assert.equal(other.json<DoctorJson>().data.serverFrom, '--server');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
