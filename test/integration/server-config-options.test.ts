/** The server tunables are config fields (file and environment), not only createApp options. */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { liteavSig } from '../../src/sign/index.js';
import { currentConfig, projectDir } from '../helpers/fixtures.js';
import { startServe } from '../helpers/serve-process.js';
import { post, registerAndLogin, resolveConfig, startTestServer } from '../helpers/server-client.js';

describe('server options from the config', () => {
  it('strictTimestamps, tokenTtl and bodyLimit set in minilvb.config.json take effect', async () => {
    const raw = currentConfig({
      server: { publicUrl: 'http://127.0.0.1:8080', strictTimestamps: 'on', tokenTtl: 120, bodyLimit: 2048 },
    });
    const s = await startTestServer({ raw });
    try {
      const u = await registerAndLogin(s.url, 'cfgopts');
      assert.equal(u.data.expires, 120, 'the token lifetime comes from server.tokenTtl');
      const stale = JSON.stringify({ userid: 'cfgopts', timestamp: Math.floor(Date.now() / 1000) - 3600, expires: 10 });
      assert.equal(
        (await post(s.url, '/get_user_info', stale, { 'Liteav-Sig': liteavSig(u.token, stale) })).json.code,
        498,
      );
      const big = await post(s.url, '/get_user_info', JSON.stringify({ userid: 'cfgopts', pad: 'x'.repeat(3000) }));
      assert.equal(big.status, 413, 'the body limit comes from server.bodyLimit');
    } finally {
      await s.close();
    }
  });

  it('reads the new fields from the environment, and has the documented defaults', async () => {
    const config = await resolveConfig(currentConfig(), {
      MINILVB_STRICT_TIMESTAMPS: 'on',
      MINILVB_LOGIN_LIMIT_PER_USER: '3',
      MINILVB_CALLBACK_WINDOW: '900',
    });
    assert.equal(config.server.strictTimestamps, 'on');
    assert.equal(config.server.loginLimitPerUser, 3);
    assert.equal(config.server.callbackWindow, 900);
    const defaults = await resolveConfig(currentConfig());
    assert.equal(defaults.server.strictTimestamps, 'off');
    assert.equal(defaults.server.kdfConcurrency, 1);
  });

  it('minilvb serve takes them as flags', async () => {
    const serve = await startServe(projectDir(currentConfig()), ['--login-limit-per-user', '1']);
    try {
      const attempt = { userid: 'flaguser', password: 'f'.repeat(32) };
      assert.equal((await post(serve.url, '/login', attempt)).json.code, 620);
      assert.equal((await post(serve.url, '/login', attempt)).json.code, 429);
    } finally {
      assert.equal(await serve.stop(), 0);
    }
  });
});
