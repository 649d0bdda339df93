/** minilvb as a library: the built package's entry point, used the way another program would. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';

const lib = (await import(new URL('../../dist/index.js', import.meta.url).href)) as typeof import('../../src/index.js');

describe('programmatic API (dist/index.js)', () => {
  it('loads the config and signs a push URL with the official vector', async () => {
    const { config, issues } = await lib.loadConfig({ cwd: projectDir(currentConfig()) });
    assert.deepEqual(
      issues.filter((i) => i.severity === 'error'),
      [],
    );
    assert.equal(config.lvb.pushDomain, 'push.example.com');
    const url = lib.sign.pushUrl({
      pushDomain: 'livepush.tcloud.com',
      stream: 'test',
      key: 'e12c46f2612d5106e2034781ab261ca3',
      expiresAt: 0x5c271099,
    });
    assert.equal(
      url.url,
      'rtmp://livepush.tcloud.com/live/test?txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099',
    );
  });

  it('runs the bundled server on the embedded store without a terminal', async () => {
    const cwd = projectDir(
      currentConfig({ server: { dataDir: join(mkdtempSync(join(tmpdir(), 'minilvb-lib-')), 'data') } }),
    );
    const { config } = await lib.loadConfig({ cwd });
    const store = await lib.db.openStore(config, { cwd });
    const app = lib.server.createApp({ config, store, logger: lib.server.silentLogger });
    const http = createServer(app.handle);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const port = (http.address() as { port: number }).port;
      const password = lib.sign.clientPasswordHash('12345678', 'libuser');
      const post = async (path: string, body: unknown): Promise<{ code: number; data: Record<string, unknown> }> =>
        (
          await fetch(`http://127.0.0.1:${port}${path}`, {
            method: 'POST',
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(5000),
          })
        ).json() as Promise<{ code: number; data: Record<string, unknown> }>;
      assert.equal((await post('/register', { userid: 'libuser', password })).code, 200);
      const login = await post('/login', { userid: 'libuser', password });
      assert.equal(login.code, 200);
      const sig = (login.data.roomservice_sign as { userSig: string }).userSig;
      const verdict = lib.sign.verifyUserSig(sig, {
        sdkAppId: 1400123456,
        secretKey: TEST_SECRETS.imSecretKey,
        userId: 'libuser',
      });
      assert.equal(verdict.ok, true);
    } finally {
      await new Promise<void>((r) => http.close(() => r()));
      await store.close();
    }
  });

  it('exposes the typed errors with their exit codes', () => {
    const err = new lib.MinilvbError('MLVB_CONFIG_INVALID', 'x');
    assert.equal(err.exitCode, 2);
    assert.equal(lib.mask(TEST_SECRETS.pushKey), 'Tpk7…Gz0K');
  });
});
