/** `minilvb sign` as a user runs it: the built bin/minilvb.js in a child process (build first). */
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { antiLeechSecret, verifyUserSig } from '../../src/sign/index.js';
import { runBin } from '../helpers/run-cli.js';
import { currentConfig, projectDir, TEST_SECRETS } from '../helpers/fixtures.js';

const current = projectDir(currentConfig());

describe('minilvb sign (built binary)', () => {
  it('sign push from flags and the environment, without a config file', async () => {
    // Secrets go through the environment: command lines are recorded for the leak check.
    const run = await runBin(
      ['sign', 'push', '--stream', 'bench', '--push-domain', 'push.example.com', '--tx-time', '5C271099'],
      { env: { MINILVB_PUSH_KEY: TEST_SECRETS.pushKey } },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      run.stdout.includes(
        `rtmp://push.example.com/live/bench?txSecret=${antiLeechSecret(TEST_SECRETS.pushKey, 'bench', '5C271099')}&txTime=5C271099`,
      ),
    );
    assert.ok(!run.stdout.includes(TEST_SECRETS.pushKey));
  });
  it('usersig → decode round trip through two processes', async () => {
    const made = await runBin(['sign', 'usersig', '--user', 'jacqiu', '--expire', '1h', '--json'], { cwd: current });
    assert.equal(made.code, 0, made.stderr);
    const sig = made.json<{ data: { userSig: string } }>().data.userSig;
    assert.equal(verifyUserSig(sig, { sdkAppId: 1400123456, secretKey: TEST_SECRETS.imSecretKey }).ok, true);
    const decoded = await runBin(['sign', 'decode', sig], { cwd: current });
    assert.equal(decoded.code, 0, decoded.stderr);
    assert.match(decoded.stdout, /✓ Valid v2 UserSig for jacqiu/);
  });
  it('wrong key exits 1 with the reason; garbled input exits 2', async () => {
    const made = await runBin(['sign', 'usersig', '--user', 'jacqiu', '--json'], {
      cwd: current,
      env: { MINILVB_IM_SECRETKEY: TEST_SECRETS.cloudSecretKey },
    });
    const sig = made.json<{ data: { userSig: string } }>().data.userSig;
    const wrong = await runBin(['sign', 'decode', sig], { cwd: current });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /IM error 70009 \(bad-signature\)/);
    const garbled = await runBin(['sign', 'decode', 'eJw#garbage']);
    assert.equal(garbled.code, 2);
    assert.match(garbled.stderr, /MLVB_INPUT_INVALID/);
  });
  it('missing config exits 2 with a JSON error naming the field', async () => {
    const run = await runBin(['sign', 'callback', '--json']);
    assert.equal(run.code, 2);
    const err = run.json<{ error: { code: string; message: string } }>().error;
    assert.equal(err.code, 'MLVB_CONFIG_MISSING');
    assert.match(err.message, /lvb\.apiKey.*--api-key/);
  });
});
