/**
 * Issue 9.3: an unauthenticated client must not be able to fill the disk through the request
 * log. A real `minilvb serve` with server.logFile receives a flood of requests with 15 kB paths;
 * every logged value is capped, the log file rotates at server.logMaxBytes and only
 * server.logFiles rotated files are kept, so the log's size on disk stays bounded.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { MAX_VALUE_CHARS } from '../../src/server/logger.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { spawnServe } from '../helpers/serve-process.js';

const MAX_BYTES = 64 * 1024;
const KEEP = 2;
const REQUESTS = 1500;
const PATH_CHARS = 15_000;

function get(port: number, path: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('request log under a long-path flood (real serve)', () => {
  it('caps every logged value and keeps the log files within (logFiles + 1) × logMaxBytes', async () => {
    const cwd = projectDir(
      currentConfig({ server: { logFile: 'logs/server.log', logMaxBytes: MAX_BYTES, logFiles: KEEP } }),
    );
    const port = await freePort();
    const s = await spawnServe({ cwd, port });
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses = new Map<number, number>();
    try {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < REQUESTS) {
          const i = next++;
          const path = `/${'a'.repeat(PATH_CHARS)}${i}`;
          const status = await get(port, path, agent);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    } finally {
      agent.destroy();
      assert.equal(await s.stop(), 0);
    }
    assert.deepEqual([...statuses.keys()], [404], 'every flood request was answered (404)');
    const dir = join(cwd, 'logs');
    const files = readdirSync(dir)
      .filter((f) => f.startsWith('server.log'))
      .sort();
    assert.deepEqual(
      files,
      ['server.log', 'server.log.1', 'server.log.2'],
      'rotated, and only logFiles old files kept',
    );
    const total = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    // Uncapped, these requests write REQUESTS × 15 kB ≈ 22 MB.
    assert.ok(total <= (KEEP + 1) * MAX_BYTES, `log files hold ${total} bytes, more than ${(KEEP + 1) * MAX_BYTES}`);
    for (const f of files) {
      assert.ok(statSync(join(dir, f)).size <= MAX_BYTES, `${f} is larger than logMaxBytes`);
      assert.equal(statSync(join(dir, f)).mode & 0o077, 0, `${f} is private (0600)`);
    }
    const lines = readFileSync(join(dir, 'server.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    assert.ok(requests.length > 0);
    for (const l of requests) {
      const path = String(l.path);
      assert.ok(path.length <= MAX_VALUE_CHARS + 32, `logged path of ${path.length} characters`);
      assert.match(path, /…\(\+\d+ chars\)$/, 'a cut value says how much was left out');
    }
  });
});
